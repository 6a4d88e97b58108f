"""Notebook 03, "write it yourself": one sigmoid neuron's backward pass on a batch.

The learner writes `neuron_backward(X, w, b, y) -> (dJ/dw, dJ/db)` for

    z = X w + b,   a = σ(z),   ℒ = ½ (y − a)² per sample,   J = (1/m) Σ ℒ_i

    δ = ∂ℒ/∂z = (a − y) σ′(z) = (a − y) a (1 − a)      (one number per sample)
    ∂J/∂w = (1/m) Σ_i δ_i x_i        ∂J/∂b = (1/m) Σ_i δ_i

and `check_function` compares it with `reference` (the course's own `Neuron`) on fresh random
inputs (`make_inputs`), after proving the reference right by finite differences (`numeric`).
`MISTAKES` are the usual slips, each as the function it gives, by the words that name it.
"""

from typing import Callable

import numpy as np
from numpy.typing import NDArray

from ..activations import sigmoid
from ..gradcheck import numerical_gradient
from ..neuron import Neuron

Array = NDArray[np.floating]
Inputs = tuple[Array, Array, float, Array]
Gradients = tuple[Array, float]
OUTPUT_NAMES = ["∂J/∂w", "∂J/∂b"]


def make_inputs(rng: np.random.Generator) -> Inputs:
    """Fresh X (m, n), w (n,), b and labels y (m,) in {0, 1}: m in 3..8, n in 2..4."""
    m, n = int(rng.integers(3, 9)), int(rng.integers(2, 5))
    X = rng.normal(size=(m, n))
    w = rng.normal(size=n)
    y = rng.integers(0, 2, size=m).astype(float)
    return X, w, float(rng.normal()), y


def reference(X: Array, w: Array, b: float, y: Array) -> Gradients:
    """(∂J/∂w, ∂J/∂b) of the mean ½(y − a)² loss of a sigmoid neuron: the course's Neuron."""
    dw, db = Neuron(w, b, activation="sigmoid", loss="mse").gradients(X, y)
    return dw, db


def cost(X: Array, w: Array, b: float, y: Array) -> float:
    """J = (1/m) Σ ½ (y − σ(X w + b))², written out (the finite differences differentiate it)."""
    a = sigmoid(X @ w + b)
    return float(np.mean(0.5 * (y - a) ** 2))


def numeric(X: Array, w: Array, b: float, y: Array) -> Gradients:
    """(∂J/∂w, ∂J/∂b) by central finite differences of `cost`."""
    w, b_arr = np.array(w, dtype=float), np.array([b], dtype=float)
    dw = numerical_gradient(lambda: cost(X, w, float(b_arr[0]), y), w)
    db = numerical_gradient(lambda: cost(X, w, float(b_arr[0]), y), b_arr)
    return dw, float(db[0])


def _forward(X: Array, w: Array, b: float) -> Array:
    return sigmoid(X @ w + b)


def _means(delta: Array, X: Array) -> Gradients:
    """(1/m) Σ δ_i x_i and (1/m) Σ δ_i."""
    return delta @ X / len(X), float(np.mean(delta))


def forgot_f_prime(X: Array, w: Array, b: float, y: Array) -> Gradients:
    a = _forward(X, w, b)
    return _means(a - y, X)  # δ without σ′(z)


def flipped_sign(X: Array, w: Array, b: float, y: Array) -> Gradients:
    a = _forward(X, w, b)
    return _means((y - a) * a * (1 - a), X)


def forgot_x(X: Array, w: Array, b: float, y: Array) -> tuple[float, float]:
    a = _forward(X, w, b)
    delta = (a - y) * a * (1 - a)
    return float(np.mean(delta)), float(np.mean(delta))  # ∂z/∂w taken as 1, like ∂z/∂b


def f_instead_of_f_prime(X: Array, w: Array, b: float, y: Array) -> Gradients:
    a = _forward(X, w, b)
    return _means((a - y) * a, X)  # σ(z) where σ′(z) = a(1 − a) belongs


def missing_one_over_m(X: Array, w: Array, b: float, y: Array) -> Gradients:
    a = _forward(X, w, b)
    delta = (a - y) * a * (1 - a)
    return delta @ X, float(np.sum(delta))


def twice_a_minus_y(X: Array, w: Array, b: float, y: Array) -> Gradients:
    a = _forward(X, w, b)
    return _means(2 * (a - y) * a * (1 - a), X)


MISTAKES: dict[str, Callable[..., object]] = {
    "forgot f′(z): δ = (a − y)·σ′(z), and σ′(z) = a(1 − a) is missing": forgot_f_prime,
    "the sign of (a − y) is flipped: ∂ℒ/∂a = a − y, not y − a": flipped_sign,
    "forgot the factor x in ∂z/∂w = x (that makes ∂J/∂w the same as ∂J/∂b)": forgot_x,
    "used f(z) = a instead of f′(z) = a(1 − a)": f_instead_of_f_prime,
    "missing 1/m: J is the mean of the losses, so the gradients are means too, not sums":
        missing_one_over_m,
    "an extra factor 2: the ½ in ℒ = ½(y − a)² cancels the 2 of the square": twice_a_minus_y,
}
