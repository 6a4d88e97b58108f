"""Notebook 04's "write it yourself": one gradient-descent step of the 2-2-1 network, backward
pass included, as a function of the weights:

    def step_221(W1, b1, W2, b2, x, y, lr):
        return W1_new, b1_new, W2_new, b2_new

Shapes: W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,), x (2,), y (1,); sigmoid units, ℒ = ½(ŷ − y)².
Every delta is computed with the OLD weights; then every parameter moves, p ← p − η ∂ℒ/∂p.

Here: the reference (course_utils.network.MLP does the step), the inputs (fresh random weights
and samples), the same step by finite differences, and the named mistakes check_function
recognises.
"""

from typing import Callable

import numpy as np

from ..activations import sigmoid
from ..experiments.two_two_one import two_two_one
from ..gradcheck import numerical_gradient

Array = np.ndarray
Params = tuple[Array, Array, Array, Array]

OUTPUT_NAMES = ["new W¹", "new b¹", "new W²", "new b²"]


def reference(W1: Array, b1: Array, W2: Array, b2: Array, x: Array, y: Array,
              lr: float) -> Params:
    """The step as course_utils.MLP takes it: gradients at the current weights, then p ← p − η g."""
    net = two_two_one(W1, b1, W2, b2)
    net.gradients(x.reshape(1, -1), y.reshape(1, -1))
    net.step(lr)
    W1n, b1n, W2n, b2n = net.get_weights()
    return W1n, b1n, W2n, b2n


def make_inputs(rng: np.random.Generator) -> tuple[Array, Array, Array, Array, Array, Array,
                                                   float]:
    """Fresh random weights (normal), a sample x (normal), a target y in (0, 1) and a rate."""
    return (rng.normal(size=(2, 2)), rng.normal(size=2), rng.normal(size=(1, 2)),
            rng.normal(size=1), rng.normal(size=2), rng.uniform(0.05, 0.95, size=1),
            float(rng.uniform(0.3, 2.0)))


def numeric(W1: Array, b1: Array, W2: Array, b2: Array, x: Array, y: Array,
            lr: float) -> Params:
    """The same step with every gradient measured by central differences of ℒ."""
    params = [np.array(p, dtype=float) for p in (W1, b1, W2, b2)]
    net = two_two_one(*params)
    X, Y = x.reshape(1, -1), y.reshape(1, -1)
    new = [p - lr * numerical_gradient(lambda: net.cost(X, Y), p)
           for p in net.params()]
    return new[0], new[1], new[2], new[3]


def _step(W1: Array, b1: Array, W2: Array, b2: Array, x: Array, y: Array, lr: float, *,
          order: str = "right", transpose_dW: bool = False, hidden_slope: bool = True,
          sign: float = -1.0) -> Params:
    """The step written out, with the switches that make each named mistake."""
    a1 = sigmoid(W1 @ x + b1)
    y_hat = sigmoid(W2 @ a1 + b2)
    delta2 = (y_hat - y) * y_hat * (1 - y_hat)
    dW2, db2 = np.outer(delta2, a1), delta2
    W2_new, b2_new = W2 + sign * lr * dW2, b2 + sign * lr * db2
    W2_used = W2_new if order == "wrong" else W2
    delta1 = W2_used.T @ delta2 * (a1 * (1 - a1) if hidden_slope else 1.0)
    dW1 = np.outer(x, delta1) if transpose_dW else np.outer(delta1, x)
    return W1 + sign * lr * dW1, b1 + sign * lr * delta1, W2_new, b2_new


def updated_W2_first(*inputs: object) -> Params:
    """The study notes' order: W² moves first, then δ¹ is sent back through the new W²."""
    return _step(*inputs, order="wrong")  # type: ignore[arg-type]


def transposed_dW(*inputs: object) -> Params:
    """∂ℒ/∂W¹ as x δᵀ instead of δ xᵀ."""
    return _step(*inputs, transpose_dW=True)  # type: ignore[arg-type]


def forgot_hidden_slope(*inputs: object) -> Params:
    """δ¹ = (W²)ᵀδ² without the factor f′(z¹) = a¹(1 − a¹)."""
    return _step(*inputs, hidden_slope=False)  # type: ignore[arg-type]


def wrong_sign(*inputs: object) -> Params:
    """p ← p + η ∂ℒ/∂p: a step up the slope."""
    return _step(*inputs, sign=1.0)  # type: ignore[arg-type]


MISTAKES: dict[str, Callable[..., Params]] = {
    "δ¹ used the updated W⁽²⁾ (the wrong order: compute every δ with the old weights first, "
    "then move them all)": updated_W2_first,
    "∂ℒ/∂W¹ is transposed (it is δ¹ xᵀ: row j for hidden unit j)": transposed_dW,
    "the hidden δ is missing the factor f′(z¹) = a¹(1 − a¹)": forgot_hidden_slope,
    "wrong sign: the step goes up the slope (p ← p − η ∂ℒ/∂p)": wrong_sign,
}
