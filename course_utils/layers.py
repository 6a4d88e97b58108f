"""Layers as pairs of plain functions: forward -> (out, cache), backward(dout, cache) -> grads.

A batch has one sample per row. With W^(l) of shape (n_out, n_in), as in the equations:

    dense forward     Z = A_prev W^T + b                 (z = W a + b for each row)
    dense backward    dJ/dA_prev = dZ W    dJ/dW = dZ^T A_prev    dJ/db = sum of the rows of dZ

`Layer` holds one dense layer's parameters and activation for the networks of network.py and
residual.py.
"""

import numpy as np
from numpy.typing import NDArray

from .activations import Activation, get_activation

Array = NDArray[np.floating]


DenseCache = tuple[Array, Array]  # (A_prev, W): what dense_backward needs from the forward pass


def dense_forward(A_prev: Array, W: Array, b: Array) -> tuple[Array, DenseCache]:
    """Z = A_prev @ W.T + b.

    A_prev: (m, n_in), one row per sample. W: (n_out, n_in). b: (n_out,).
    Returns Z: (m, n_out) and the cache the backward pass needs.
    """
    Z = A_prev @ W.T
    Z += b  # in place: one (m, n_out) array instead of two
    return Z, (A_prev, W)


def dense_backward(dZ: Array, cache: DenseCache,
                   need_dA_prev: bool = True) -> tuple[Array | None, Array, Array]:
    """Given dJ/dZ (m, n_out), return dJ/dA_prev (m, n_in), dJ/dW (n_out, n_in), dJ/db (n_out,).

    The first layer does not need dJ/dA_prev (its input is the data), so it can skip that product.
    """
    A_prev, W = cache
    dA_prev = dZ @ W if need_dA_prev else None
    return dA_prev, dZ.T @ A_prev, dZ.sum(axis=0)


class Layer:
    """One dense layer: weights W (n_out, n_in), biases b (n_out,), an activation.

    After a network's backward pass the layer also holds dZ = dJ/dZ (m, n_out) of that batch
    and its gradients dW and db (replaced, never added to, on every call).
    """

    def __init__(self, W: Array, b: Array, activation: "str | Activation") -> None:
        self.W = W
        self.b = b
        self.activation = get_activation(activation)
        self.dZ: Array | None = None
        self.dW: Array | None = None
        self.db: Array | None = None

    @property
    def n_in(self) -> int:
        return int(self.W.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.W.shape[0])

    def __repr__(self) -> str:
        return f"Layer({self.n_in} -> {self.n_out}, {self.activation.name})"
