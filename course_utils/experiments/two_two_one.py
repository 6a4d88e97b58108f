"""Notebook 04's experiments: the worked 2-2-1 example and its 2-2-2 sibling, a trace of
every array of one pass, the order of the updates, XOR with and without a hidden layer (and a
plateau against a run that creeps), and the best any straight line can do. numpy only.

The equations, in the course's notation (W^(l) has shape (n_out, n_in); one sample, whose loss
is ℒ = 1/2 ||ŷ - y||^2; for one sample the cost J is ℒ):

    forward    z^(l) = W^(l) a^(l-1) + b^(l)          a^(l) = f(z^(l)),   a^(0) = x
    output     delta^(L) = dℒ/dz^(L) = (a^(L) - y) * f'(z^(L))      (MSE with the 1/2)
    backward   delta^(l) = (W^(l+1))^T delta^(l+1) * f'(z^(l))      (with the OLD W^(l+1))
    gradients  dℒ/dW^(l) = delta^(l) (a^(l-1))^T       dℒ/db^(l) = delta^(l)
"""

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..data import xor_points
from ..gradcheck import numerical_gradient
from ..network import MLP, Array
from ..train import History, fit

#: Notebook 04's starting point: one training example and small, readable weights.
WORKED_EXAMPLE: dict[str, Any] = {
    "x": [0.5, 1.0], "y": [1.0],
    "W1": [[0.2, -0.4], [0.6, 0.1]], "b1": [0.1, -0.1],
    "W2": [[0.5, -0.3]], "b2": [0.2],
    "lr": 0.5,
}


#: The 2-2-2 example: the same hidden layer and input, a second output unit. With two outputs
#: each hidden delta is a sum of two terms, one per output unit.
WORKED_EXAMPLE_222: dict[str, Any] = {
    "x": [0.5, 1.0], "y": [1.0, 0.0],
    "W1": [[0.2, -0.4], [0.6, 0.1]], "b1": [0.1, -0.1],
    "W2": [[0.5, -0.3], [-0.2, 0.4]], "b2": [0.2, -0.1],
    "lr": 0.5,
}


def two_two_one(W1: ArrayLike, b1: ArrayLike, W2: ArrayLike, b2: ArrayLike) -> MLP:
    """A 2-2-1 network with sigmoid hidden and output units and the MSE loss (with the 1/2),
    set to the given weights: W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,)."""
    net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_weights([W1, b1, W2, b2])
    return net


def worked_example() -> tuple[MLP, Array, Array, float]:
    """(net, x, y, lr): notebook 04's 2-2-1 network, its training example and learning rate.

    x has shape (2,) and y shape (1,): one sample, not a batch. Every call returns a fresh
    network, so changing it does not change the example.
    """
    e = WORKED_EXAMPLE
    net = two_two_one(e["W1"], e["b1"], e["W2"], e["b2"])
    return net, np.array(e["x"], dtype=float), np.array(e["y"], dtype=float), e["lr"]


def worked_example_222() -> tuple[MLP, Array, Array, float]:
    """(net, x, y, lr) of the 2-2-2 example: sigmoid hidden and output units, ℒ = ½‖ŷ − y‖².
    x has shape (2,), y shape (2,). Every call returns a fresh network."""
    e = WORKED_EXAMPLE_222
    net = MLP([2, 2, 2], activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_weights([e["W1"], e["b1"], e["W2"], e["b2"]])
    return net, np.array(e["x"], dtype=float), np.array(e["y"], dtype=float), e["lr"]


def hidden_delta_terms(W2: ArrayLike, delta2: ArrayLike, a1: ArrayLike) -> Array:
    """The terms of each hidden delta: terms[j, k] = w^(2)_kj delta^(2)_k a1_j (1 - a1_j), the
    part of delta^(1)_j that comes back from output unit k (sigmoid hidden units). Summing a
    row gives delta^(1)_j: delta^(1) = terms.sum(axis=1). 0-based j, k; W2 (n_out, n_hidden)."""
    W2, delta2, a1 = np.asarray(W2, float), np.asarray(delta2, float), np.asarray(a1, float)
    if W2.shape != (delta2.size, a1.size):
        raise ValueError(f"W2 must have shape (len(delta2), len(a1)) = {(delta2.size, a1.size)};"
                         f" got {W2.shape}")
    return W2.T * delta2[None, :] * (a1 * (1 - a1))[:, None]


def update_order(net: MLP, x: ArrayLike, y: ArrayLike, lr: float) -> dict[str, Array]:
    """delta^(1) of one sample computed two ways, for a network with one hidden sigmoid layer:

    'right': every delta with the OLD weights (then all weights move): (W2)^T delta2 * f'.
    'wrong': the study notes' order: first W2 <- W2 - lr dℒ/dW2, then delta^(1) with that
    updated W2. Also 'numeric': dℒ/db^(1) = delta^(1) by central differences at the current
    weights, which only 'right' matches. The network is not changed."""
    if len(net.layers) != 2:
        raise ValueError(f"update_order needs one hidden layer; got sizes {net.sizes}")
    tr = batch_trace(net, x, y)
    a1, delta2 = tr.A[1][0], tr.dZ[2][0]
    W2 = net.layers[1].W
    W2_new = W2 - lr * np.outer(delta2, a1)
    f_prime = a1 * (1 - a1)
    b1 = net.layers[0].b
    numeric = numerical_gradient(lambda: net.cost(tr.X, tr.Y), b1)
    return {"right": W2.T @ delta2 * f_prime, "wrong": W2_new.T @ delta2 * f_prime,
            "numeric": numeric, "W2_new": W2_new}


@dataclass
class Trace:
    """Every array of one forward and backward pass over a batch X (m, n_0).

    Lists are indexed by layer as in the notes: Z[l], A[l], dZ[l], dW[l], db[l] for
    l = 1..L, with A[0] = X (Z[0], dZ[0], dW[0], db[0] are None). dZ[l] = dJ/dZ^(l): for a
    single sample (m = 1) its row is delta^(l). cost is J, the mean loss over the batch.
    """

    X: np.ndarray
    Y: np.ndarray
    Z: list = field(default_factory=list)
    A: list = field(default_factory=list)
    dZ: list = field(default_factory=list)
    dW: list = field(default_factory=list)
    db: list = field(default_factory=list)
    cost: float = 0.0


def batch_trace(net: MLP, X: ArrayLike, Y: ArrayLike) -> Trace:
    """Forward and backward pass in batch form, keeping every intermediate array.

        Z^(l) = A^(l-1) W^T + b            A^(l) = f(Z^(l))
        dZ^(L) = (1/m) dL/dZ^(L)           (= (1/m)(A - Y) for the loss's own output pairing)
        dW^(l) = dZ^(l)^T A^(l-1)          db^(l) = sum of the rows of dZ^(l)
        dZ^(l-1) = (dZ^(l) W^(l)) * f'(Z^(l-1))

    X: (m, n_0), or one sample (n_0,). Y: targets as net.targets accepts them. It runs the
    network's own forward and backward passes (the trace writes no equation of its own) and
    keeps, from the caches and the layers, what they leave behind: Z, A and dZ for display
    (and J, from net.cost). The network's weights are not changed.
    """
    X = np.asarray(X, dtype=net.dtype)
    if X.ndim == 1:
        X = X.reshape(1, -1)
    X = net.check_X(X)
    m = X.shape[0]
    Y = np.asarray(Y)
    if Y.ndim == 1 and m == 1 and Y.size == net.layers[-1].n_out:  # one sample's targets
        Y = Y.reshape(1, -1)
    Y = net.targets(Y, m)
    net.forward(X)
    caches = net.caches
    assert caches is not None
    net.backward(Y)
    tr = Trace(X=X, Y=Y, Z=[None] + [Z for _, Z, _ in caches], A=[X] + [A for _, _, A in caches],
               dZ=[None] + [layer.dZ for layer in net.layers],
               dW=[None] + [layer.dW for layer in net.layers],
               db=[None] + [layer.db for layer in net.layers])
    tr.cost = net.cost(X, Y)
    return tr


def gradient_step(net: MLP, x: ArrayLike, y: ArrayLike, lr: float,
                  number: int) -> dict[str, float]:
    """One gradient-descent step on the sample (x, y): every parameter p <- p - lr dJ/dp.
    Returns the row of the steps table: step number, lr, J before and after, ŷ after."""
    X, Y = np.reshape(x, (1, -1)), np.reshape(y, (1, -1))
    J_before = net.cost(X, Y)
    net.gradients(X, Y)
    net.step(lr)
    return {"step": number, "lr": lr, "J_before": J_before, "J_after": net.cost(X, Y),
            "y_hat": float(net.predict(X)[0, 0])}


def train_xor(hidden: int = 2, lr: float = 5.0, epochs: int = 1000, seed: int = 0,
              snapshot_epochs: Sequence[int] = (0, 100, 300, 1000)
              ) -> tuple[MLP, History, dict[int, list[Array]]]:
    """Train a sigmoid network with MSE on the four XOR points by full-batch gradient descent.

    hidden: the number of hidden units, or 0 for no hidden layer (a single sigmoid neuron).
    Returns (net, history, snapshots), snapshots being {epoch: weights} for snapshot_epochs.
    """
    X, y = xor_points()
    sizes = [2, hidden, 1] if hidden else [2, 1]
    net = MLP(sizes, activation="sigmoid", output_activation="sigmoid", loss="mse",
              init="xavier", seed=seed)
    snapshots = {0: net.get_weights()} if 0 in snapshot_epochs else {}

    def keep(epoch: int, history: History) -> None:
        if epoch in snapshot_epochs:
            snapshots[epoch] = net.get_weights()

    history = fit(net, X, y.astype(float), epochs=epochs, batch_size=4, lr=lr, seed=seed,
                  callback=keep)
    return net, history, snapshots


def best_line(X: ArrayLike, y: ArrayLike, n_angles: int = 720,
              n_offsets: int = 401) -> tuple[float, Array, float, bool]:
    """The best straight-line classifier for (X, y) among lines of n_angles directions and
    n_offsets positions: returns (accuracy, normal n, offset c, side), predicting class 1
    where (n . x > c) == side. Among equally good lines it returns the one whose nearest point
    is farthest away."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    angles = np.linspace(0, np.pi, n_angles, endpoint=False)
    normals = np.c_[np.cos(angles), np.sin(angles)]  # (n_angles, 2)
    proj = X @ normals.T  # (m, n_angles)
    offsets = np.linspace(proj.min() - 0.1, proj.max() + 0.1, n_offsets)
    above = proj[None, :, :] > offsets[:, None, None]  # (n_offsets, m, n_angles)
    acc = (above == (y[None, :, None] == 1)).mean(axis=1)  # class 1 above the line
    acc = np.stack([1 - acc, acc])  # side 0: class 1 below the line; side 1: above
    margin = np.abs(proj[None, :, :] - offsets[:, None, None]).min(axis=1)  # nearest point
    best = acc == acc.max()  # among the best lines, take the one farthest from every point
    side, i_off, i_ang = np.unravel_index(np.argmax(np.where(best, margin[None], -1.0)),
                                          acc.shape)
    return float(acc[side, i_off, i_ang]), normals[i_ang], float(offsets[i_off]), bool(side)


def best_line_accuracy(X: ArrayLike, y: ArrayLike, n_angles: int = 720,
                       n_offsets: int = 401) -> float:
    """The best accuracy any straight line w . x + b = 0 reaches on (X, y) (see best_line)."""
    return best_line(X, y, n_angles, n_offsets)[0]


def xor_long_run(seed: int, epochs: int = 10_000, lr: float = 5.0,
                 checkpoints: Sequence[int] = (1000, 2000, 5000, 10_000)) -> dict[str, Any]:
    """Train the 2-2-1 network on XOR for `epochs` (train_xor) and report at each checkpoint the
    cost, the length of the gradient of J and the size of the weights (the largest |w|).

    Returns {'cost': {epoch: J}, 'grad_norm': {epoch: |grad J|}, 'max_weight': {epoch: ...},
    'plateau': the number of epochs whose cost is within 0.001 of 1/8 (ŷ ≈ ½ on every point),
    'solved_at': the first epoch whose cost is below 0.01 (None if never),
    'accuracy': the final accuracy, 'y_hat': the final outputs on the four points,
    'costs': the whole curve}."""
    if any(c > epochs or c < 0 for c in checkpoints):
        raise ValueError(f"checkpoints must lie in 0..epochs={epochs}; got {checkpoints}")
    net, history, snaps = train_xor(2, lr, epochs, seed, snapshot_epochs=tuple(checkpoints))
    X, y = xor_points()
    Y = y.astype(float).reshape(-1, 1)
    report: dict[str, Any] = {"cost": {}, "grad_norm": {}, "max_weight": {}}
    probe = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    for epoch in checkpoints:
        probe.set_weights(snaps[epoch])
        grads = [g for pair in probe.gradients(X, Y) for g in pair]
        report["cost"][epoch] = probe.cost(X, Y)
        report["grad_norm"][epoch] = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
        report["max_weight"][epoch] = float(max(np.abs(w).max() for w in snaps[epoch]))
    costs = np.asarray(history.train_cost)
    below = np.flatnonzero(costs < 0.01)
    report["plateau"] = int(np.sum(np.abs(costs - 0.125) < 0.001))
    report["solved_at"] = int(below[0]) if below.size else None
    report["accuracy"] = net.accuracy(X, y)
    report["y_hat"] = net.predict(X)[:, 0]
    report["costs"] = costs
    return report
