"""Notebook 07's experiments: deep networks built to a recipe, and what their gradients and
activations look like layer by layer. numpy only."""

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..network import MLP
from ..residual import ResidualMLP

# ================================================================ 07: gradients
# The initialisations compared in notebook 07: a name of init.py and the std for 'naive'.
INITS = {"naive": ("naive", 0.01), "large": ("naive", 1.0), "xavier": ("xavier", None),
         "he": ("he", None)}


def deep_net(depth: int, activation: str = "sigmoid", init: str = "xavier", width: int = 32,
             n_in: int = 64, n_out: int = 10, residual: bool = False, seed: int = 0,
             init_scale: float | None = None, branch_scale: float = 1.0) -> MLP:
    """A softmax classifier with `depth` layers: n_in -> width -> ... -> width -> n_out.

    depth = L, the number of weight layers (depth - 1 hidden layers of `width` units).
    init: 'naive', 'large', 'xavier' or 'he' (see INITS); init_scale overrides the std of
    'naive'/'large'. residual=True builds a residual.ResidualMLP (skips on the equal-width
    hidden layers, their initial weights times branch_scale).
    """
    if int(depth) != depth or depth < 2:
        raise ValueError(f"depth must be a whole number >= 2 (layers); got {depth!r}")
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of: {', '.join(INITS)}")
    name, scale = INITS[init]
    sizes = [n_in] + [width] * (int(depth) - 1) + [n_out]
    kwargs: dict[str, Any] = dict(
        activation=activation, loss="cross_entropy", init=name, seed=seed,
        init_scale=init_scale if init_scale is not None else scale)
    if residual:
        return ResidualMLP(sizes, branch_scale=branch_scale, **kwargs)
    return MLP(sizes, **kwargs)


def layer_gradient_norms(net: MLP, X: ArrayLike, y: ArrayLike) -> NDArray[np.floating]:
    """||dW^(l)|| (Frobenius norm: the root of the sum of squares) for l = 1..L, on (X, y).

    One forward and one backward pass on the batch; nothing is updated.
    """
    grads = net.gradients(X, y)  # [(dW1, db1), ..., (dWL, dbL)]
    return np.array([np.linalg.norm(dW) for dW, _ in grads])


def hidden_activations(net: MLP, X: NDArray) -> list[NDArray]:
    """[a^(1), ..., a^(L-1)]: the hidden activations of a plain MLP for the batch X, read off
    the caches of its own forward pass."""
    net.forward(X)
    assert net.caches is not None
    hidden = [A for _, _, A in net.caches[:-1]]
    net.caches = None
    return hidden
