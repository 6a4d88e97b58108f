"""Experiments of notebook 01 (the single neuron): the perceptron's step function against the
sigmoid under gradient descent, and which activation can fit 0/1 labels at all. numpy only.

    step   f(z) = 1 if z > 0 else 0        f'(z) = 0 for every z != 0 (and we take f'(0) = 0)

The step is the classic threshold unit (Rosenblatt's perceptron). Its derivative is zero almost
everywhere, so the gradient of any cost through it is exactly zero: gradient descent cannot
move a step neuron. The sigmoid is a smooth step whose slope is never zero.
"""

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..activations import Activation, get_activation
from ..neuron import Neuron
from .descent import DescentPath, cost_surface, descend

Array = NDArray[np.floating]


def step(z: ArrayLike) -> Array:
    """f(z) = 1 where z > 0, else 0 (as floats)."""
    z = np.asarray(z)
    z = z if z.dtype.kind == "f" else z.astype(np.float64)
    return (z > 0).astype(z.dtype)


def step_prime(z: ArrayLike) -> Array:
    """f'(z) = 0 (exactly, for every z != 0; at z = 0 the step has no derivative: we take 0)."""
    z = np.asarray(z)
    return np.zeros_like(z if z.dtype.kind == "f" else z.astype(np.float64))


STEP = Activation("step", step, step_prime)


@dataclass
class DescentRun:
    """One neuron trained by gradient descent: its gradient at the start and its path."""

    activation: str
    start_gradient: tuple[Array, float]  # (dJ/dw, dJ/db) at the start
    path: DescentPath

    @property
    def moved(self) -> bool:
        """Whether any step changed w or b."""
        ws, bs = self.path.ws, self.path.bs
        return bool(np.any(ws != ws[0]) or np.any(bs != bs[0]))


def step_vs_sigmoid(x: ArrayLike, y: ArrayLike, w0: ArrayLike, b0: float, lr: float,
                    n_steps: int, activations: Sequence["str | Activation"] = (STEP, "sigmoid")
                    ) -> dict[str, DescentRun]:
    """Gradient descent on the MSE cost from the same start (w0, b0), once per activation.

    Returns {activation name: DescentRun}. With the step, dJ/dw = mean (a - y) f'(z) x = 0, so
    every update w <- w - lr * 0 leaves w and b where they were.
    """
    runs = {}
    for activation in activations:
        act = get_activation(activation)
        neuron = Neuron(np.array(w0, dtype=float), b0, activation=act, loss="mse")
        grad = neuron.gradients(x, y)
        runs[act.name] = DescentRun(act.name, grad, descend(neuron, x, y, lr, n_steps))
    return runs


def output_range(activation: "str | Activation", z_max: float = 50.0) -> tuple[float, float]:
    """The outputs f(z) can reach: (lowest, highest), rounded to 6 decimals, with -inf / inf
    where f keeps growing (f(2 z_max) is beyond f(z_max)) rather than flattening out."""
    f = get_activation(activation)
    a = f(np.linspace(-z_max, z_max, 20001))
    far_lo, far_hi = f(np.array([-2.0 * z_max, 2.0 * z_max]))
    lo = -np.inf if far_lo < a.min() - 1e-6 else round(float(a.min()), 6)
    hi = np.inf if far_hi > a.max() + 1e-6 else round(float(a.max()), 6)
    return float(lo), float(hi)


def best_cost_on_grid(x: ArrayLike, y: ArrayLike, activation: "str | Activation",
                      ws: ArrayLike, bs: ArrayLike) -> tuple[float, float, float]:
    """The lowest MSE cost J(w, b) of a one-input neuron over a grid of weights and biases.

    Returns (J, w, b) at the grid's best point: how well this activation can fit (x, y) at
    all, for example within the range of notebook 01's sliders.
    """
    ws, bs = np.asarray(ws, dtype=float), np.asarray(bs, dtype=float)
    J = cost_surface(x, y, ws, bs, activation=activation, loss="mse")
    i, j = np.unravel_index(int(np.argmin(J)), J.shape)
    return float(J[i, j]), float(ws[j]), float(bs[i])


def line_distance(w: ArrayLike, b: float) -> tuple[float, Array]:
    """The line w . x + b = 0: its distance |b| / ||w|| from the origin and its point nearest
    the origin, -b w / ||w||^2 (along w when b < 0, against w when b > 0)."""
    w = np.asarray(w, dtype=float)
    norm2 = float(w @ w)
    if norm2 == 0:
        raise ValueError("w must not be zero: with w = 0 there is no line")
    return abs(b) / np.sqrt(norm2), -b * w / norm2
