"""The reference answers of the exercises in notebooks 04-07: the back of the textbook.

Each exercise cell compares the learner's answer with one of these functions, called on the
exercise's own inputs, e.g. `check_array("...", dW1_new, answers.exercise_4_2(delta1_given,
x_new))`. So the answer is never printed in the exercise cell, yet anyone who wants to can
read how it is computed here. Every answer is computed from the inputs, never typed in.
Where it can, a function computes its answer another way than the solution cell does (from
the definition, or with the course's own code), so the two check each other.
"""

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..activations import sigmoid, sigmoid_prime, softmax
from ..data import minibatches, one_hot
from ..network import MLP
from ..optim import clip_by_norm

Array = NDArray[np.floating]

# ------------------------------------------------------------------------ 04: the 2-2-1 network


def exercise_4_1(W1: Array, b1: Array, W2: Array, b2: Array, x: Array, y: Array) -> Array:
    """delta^(1) of a 2-2-1 sigmoid network with the loss 1/2 (y_hat - y)^2, for one example.

        a1 = sigmoid(W1 x + b1),  y_hat = sigmoid(W2 a1 + b2)
        delta2 = (y_hat - y) y_hat (1 - y_hat),  delta1 = W2^T delta2 * a1 (1 - a1)
    """
    a1 = sigmoid(W1 @ x + b1)
    y_hat = sigmoid(W2 @ a1 + b2)
    delta2 = (y_hat - y) * y_hat * (1 - y_hat)
    return (W2.T @ delta2) * a1 * (1 - a1)


def exercise_4_2(delta1: ArrayLike, x: ArrayLike) -> Array:
    """dℒ/dW^(1) = delta^(1) x^T: entry (j, k) is delta1_j * x_k (row j: hidden unit j)."""
    delta1, x = np.asarray(delta1, dtype=float), np.asarray(x, dtype=float)
    return np.array([[delta1[j] * x[k] for k in range(len(x))] for j in range(len(delta1))])


def exercise_4_3(delta2: ArrayLike, lr: float) -> Array:
    """The change of b^(2) in one step, new minus old: b <- b - lr dℒ/db and dℒ/db = delta2."""
    return -lr * np.asarray(delta2, dtype=float)


# ------------------------------------------------------------------- 05: matrix form, batches


def exercise_5_1(A_prev: ArrayLike, D: ArrayLike) -> Array:
    """dJ/dW for the mean cost J over a batch: the mean of the per-sample gradients
    delta_i a_i^T, where row i of D is sample i's delta and row i of A_prev its input."""
    A_prev, D = np.asarray(A_prev, dtype=float), np.asarray(D, dtype=float)
    return np.mean([np.outer(D[i], A_prev[i]) for i in range(len(A_prev))], axis=0)


def exercise_5_2(sizes: Sequence[int]) -> tuple[int, ...]:
    """The shape of dJ/dW^(2) of MLP(sizes): the shape of W^(2) itself, read off a real
    network. The batch size does not appear: the batch is summed away."""
    return MLP(list(sizes)).layer(2).W.shape


def exercise_5_3(a: float | Array, y: float | Array) -> float | Array:
    """The textbook's Delta = Err g'(in) of a sigmoid output unit with the squared error:
    Err = y - a and g'(in) = a (1 - a). (It is minus the course's delta.)"""
    return (y - a) * a * (1 - a)


# --------------------------------------------------------------------------- 06: the digits


def exercise_6_1(Z: ArrayLike, y: ArrayLike) -> Array:
    """delta^(L) = dJ/dZ for softmax + cross-entropy and the MEAN cost over the m rows of Z:
    (softmax(Z) - one_hot(y)) / m."""
    Z = np.asarray(Z, dtype=float)
    return (softmax(Z) - one_hot(y, Z.shape[1])) / len(Z)


def exercise_6_2(X: NDArray, y: NDArray, batch_size: int) -> int:
    """The number of weight updates in one epoch: the number of mini-batches, counted."""
    return sum(1 for _ in minibatches(X, y, batch_size))


def exercise_6_4(val_costs: Sequence[float], patience: int) -> int:
    """The epoch whose weights early stopping restores, found by replaying train.fit's rule:
    stop when the validation cost has not improved for `patience` epochs; keep the best."""
    best_cost, best_epoch = np.inf, 0
    for epoch, cost in enumerate(val_costs):
        if cost < best_cost:
            best_cost, best_epoch = cost, epoch
        elif epoch - best_epoch >= patience:
            break
    return best_epoch


# ------------------------------------------------------------ 07: vanishing and exploding


def exercise_7_1(n_in: int, n_out: int) -> float:
    """The standard deviation of Xavier/Glorot weights: Var(W) = 2 / (n_in + n_out)."""
    return np.sqrt(2 / (n_in + n_out))


def exercise_7_2(n_in: int) -> float:
    """The standard deviation of He weights: Var(W) = 2 / n_in."""
    return np.sqrt(2 / n_in)


def exercise_7_3(n_layers: int) -> float:
    """The largest factor n_layers sigmoid slopes can give: sigma'(0) once per layer."""
    return float(sigmoid_prime(0.0)) ** n_layers


def exercise_7_4(grads: Sequence[ArrayLike], max_norm: float) -> Array:
    """The gradients clipped to a global norm of at most max_norm, joined into one vector,
    by the course's optim.clip_by_norm (on copies)."""
    clipped = [np.array(g, dtype=float) for g in grads]
    clip_by_norm(clipped, max_norm)
    return np.concatenate([g.ravel() for g in clipped])
