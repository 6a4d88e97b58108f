"""Notebook 05's "write it yourself" exercises: the batch backward step of one dense layer, and
the backward loop over the layers of a sigmoid network with the squared error.

For each: the reference, the maker of fresh random inputs, the same result by central finite
differences, and the named mistakes (the words check_function prints -> the mistaken function).

    dense_backward(dZ, A_prev, W) -> (dA_prev, dW, db)
        dA_prev = dZ W    dW = dZᵀ A_prev    db = sum of the rows of dZ
    backward_batch(Ws, bs, X, Y) -> [dW1, db1, dW2, db2, ...]
        J = (1/m) sum_i ℒ_i,  ℒ = 1/2 sum_k (a_k - y_k)^2,  a^(l) = sigmoid(z^(l))
        D^(L) = (A^(L) - Y) ⊙ σ′(Z^(L)),  D^(l) = (D^(l+1) W^(l+1)) ⊙ σ′(Z^(l)),  dZ = D/m
"""

from typing import Callable, Sequence

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ..gradcheck import numerical_gradient
from ..layers import dense_backward as _dense_backward
from ..network import MLP, Array

# ------------------------------------------------------------ (a) one dense layer's backward

DENSE_OUTPUTS = ["dJ/dA_prev", "dJ/dW", "dJ/db"]


def dense_backward(dZ: Array, A_prev: Array, W: Array) -> tuple[Array, Array, Array]:
    """The reference: layers.dense_backward. dZ (m, n_out), A_prev (m, n_in), W (n_out, n_in)
    -> dJ/dA_prev (m, n_in), dJ/dW (n_out, n_in), dJ/db (n_out,)."""
    dA_prev, dW, db = _dense_backward(dZ, (A_prev, W))
    assert dA_prev is not None
    return dA_prev, dW, db


def dense_backward_inputs(rng: np.random.Generator) -> tuple[Array, Array, Array]:
    """Fresh (dZ, A_prev, W) with m, n_in and n_out all different, so that a transposed
    product cannot have the right shape by chance."""
    n_in = int(rng.integers(2, 5))
    n_out = n_in + 1
    m = n_out + int(rng.integers(1, 4))
    return (rng.standard_normal((m, n_out)), rng.standard_normal((m, n_in)),
            rng.standard_normal((n_out, n_in)))


def dense_backward_numeric(dZ: Array, A_prev: Array, W: Array) -> tuple[Array, ...]:
    """The same three gradients by central differences of J = sum(dZ ⊙ (A_prev Wᵀ + b)),
    the J whose gradient with respect to Z is dZ."""
    A, Wc, b = A_prev.copy(), W.copy(), np.zeros(W.shape[0])

    def J() -> float:
        return float(np.sum(dZ * (A @ Wc.T + b)))
    return tuple(numerical_gradient(J, x) for x in (A, Wc, b))


DENSE_MISTAKES: dict[str, Callable[[Array, Array, Array], tuple[Array, ...]]] = {
    "a transposed dW: A_prevᵀ dZ has shape (n_in, n_out); dW = dZᵀ A_prev has W's shape":
        lambda dZ, A, W: (dZ @ W, A.T @ dZ, dZ.sum(axis=0)),
    "db summed over the wrong axis: axis=1 adds each sample's units, shape (m,); "
    "db = dZ.sum(axis=0) has b's shape":
        lambda dZ, A, W: (dZ @ W, dZ.T @ A, dZ.sum(axis=1)),
    "an extra factor 1/m: dZ already holds the 1/m of the mean cost":
        lambda dZ, A, W: (dZ @ W, dZ.T @ A / len(A), dZ.sum(axis=0) / len(A)),
    "the wrong sign: the gradients are dZ W, dZᵀ A_prev and Σ rows, no minus":
        lambda dZ, A, W: (-(dZ @ W), -(dZ.T @ A), -dZ.sum(axis=0)),
}

# --------------------------------------------------------- (b) the backward loop of a network


def backward_outputs(n_layers: int = 3) -> list[str]:
    """['dJ/dW⁽¹⁾', 'dJ/db⁽¹⁾', ...] for the messages."""
    sup = "¹²³⁴⁵⁶⁷⁸⁹"
    return [f"dJ/d{p}⁽{sup[l]}⁾" for l in range(n_layers) for p in ("W", "b")]


def _net(Ws: Sequence[Array], bs: Sequence[Array]) -> MLP:
    sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
    net = MLP(sizes, activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_weights([p for W, b in zip(Ws, bs) for p in (W, b)])
    return net


def backward_batch(Ws: Sequence[Array], bs: Sequence[Array], X: Array,
                   Y: Array) -> list[Array]:
    """The reference: MLP.gradients of a sigmoid network (sigmoid output, MSE) with weights
    Ws = [W1, W2, ...] (W^(l): (n_l, n_(l-1))) and biases bs, on the batch (X, Y).
    Returns [dW1, db1, dW2, db2, ...] of the mean cost J."""
    return [g for pair in _net(Ws, bs).gradients(X, Y) for g in pair]


def backward_batch_inputs(rng: np.random.Generator) -> tuple[list[Array], list[Array], Array,
                                                                 Array]:
    """Fresh (Ws, bs, X, Y) of a 3-layer network [n_0, h, h, h] on m samples. Every layer
    above the first is square (h, h), so a Wᵀ in place of W still runs and can be named; n_0
    and m differ from h, so dW1 and the batch arrays are not square."""
    n0 = int(rng.integers(2, 4))
    h = n0 + int(rng.integers(1, 3))
    m = h + int(rng.integers(1, 4))
    sizes = [n0, h, h, h]
    Ws: list[Array] = [rng.standard_normal((n_out, n_in))
                       for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    bs: list[Array] = [rng.standard_normal(n_out) * 0.5 for n_out in sizes[1:]]
    return Ws, bs, rng.standard_normal((m, n0)), rng.random((m, h))


def backward_batch_numeric(Ws: Sequence[Array], bs: Sequence[Array], X: Array,
                           Y: Array) -> list[Array]:
    """The same gradients by central differences of J (MLP.cost) for every weight and bias."""
    net = _net(Ws, bs)
    return [numerical_gradient(lambda: net.cost(X, Y), p) for p in net.params()]


def _backward_variant(Ws: Sequence[Array], bs: Sequence[Array], X: Array, Y: Array, *,
                      scale: float = 1.0, transpose_W: bool = False, f_prime: str = "Z",
                      output_f_prime: bool = True) -> list[Array]:
    """The backward loop with one mistake switched on (with the defaults: the right one).

    scale: m for a missing 1/m. transpose_W: D W^T instead of D W. f_prime: 'Z' (right),
    'A' (σ′ of the activations) or 'none' (no ⊙ f′ in the hidden layers).
    output_f_prime: False drops σ′(Z^(L)) from D^(L)."""
    m = len(X)
    A, Zs = [X], []
    for W, b in zip(Ws, bs):
        Zs.append(A[-1] @ W.T + b)
        A.append(sigmoid(Zs[-1]))

    def fp(l: int) -> Array:  # f′ of layer l (1-based) as the mistake has it
        return {"Z": sigmoid_prime(Zs[l - 1]), "A": sigmoid_prime(A[l]),
                "none": np.ones_like(Zs[l - 1])}[f_prime]
    dZ = (A[-1] - Y) * (fp(len(Ws)) if output_f_prime else 1.0) * scale / m
    grads: list[Array] = []
    for l in range(len(Ws), 0, -1):
        grads = [dZ.T @ A[l - 1], dZ.sum(axis=0)] + grads
        if l > 1:
            W = Ws[l - 1].T if transpose_W else Ws[l - 1]
            dZ = (dZ @ W) * fp(l - 1)
    return grads


BACKWARD_MISTAKES: dict[str, Callable[..., list[Array]]] = {
    "a missing 1/m: J is the mean of the losses, so dZ⁽ᴸ⁾ = D⁽ᴸ⁾/m":
        lambda Ws, bs, X, Y: _backward_variant(Ws, bs, X, Y, scale=len(X)),
    "Wᵀ where W belongs: the batch step is D⁽ˡ⁾ = (D⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾); (W⁽ˡ⁺¹⁾)ᵀ "
    "belongs to the one-sample column form (it runs here only because W is square: "
    "check the shape)":
        lambda Ws, bs, X, Y: _backward_variant(Ws, bs, X, Y, transpose_W=True),
    "forgot f′ in the hidden layers: D⁽ˡ⁾ = (D⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾) ⊙ f′(Z⁽ˡ⁾)":
        lambda Ws, bs, X, Y: _backward_variant(Ws, bs, X, Y, f_prime="none"),
    "forgot f′ at the output: with MSE and a sigmoid, D⁽ᴸ⁾ = (A⁽ᴸ⁾ − Y) ⊙ σ′(Z⁽ᴸ⁾)":
        lambda Ws, bs, X, Y: _backward_variant(Ws, bs, X, Y, output_f_prime=False),
    "used A instead of Z in f′: σ′(A) is not σ′(Z); use sigmoid_prime(Z) or A(1 − A)":
        lambda Ws, bs, X, Y: _backward_variant(Ws, bs, X, Y, f_prime="A"),
}
