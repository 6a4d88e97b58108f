"""Gradient checking: compare a backward pass with central finite differences.

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)        error O(eps^2)

The relative error max|a - n| / max(|a| + |n|) of a correct float64 gradient is about 1e-7
or smaller; `check_gradient` fails above TOLERANCE (1e-6), and 1e-4 or more is almost surely
a bug.
"""

from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .network import MLP

Array = NDArray[np.floating]
TOLERANCE = 1e-6  # check_gradient's default: a larger relative error fails


def numerical_gradient(f: Callable[[], float], x: Array, eps: float = 1e-6) -> Array:
    """Central-difference gradient of the scalar function f() with respect to array x.

    x is changed in place one entry at a time and restored, so f may read x (or a network's
    weights that x is) directly.
    """
    grad = np.zeros_like(x, dtype=float)
    flat, gflat = x.reshape(-1), grad.reshape(-1)  # views onto x and grad
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f()
        flat[i] = old - eps
        f_minus = f()
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numerical_derivative(f: Callable[[Array], Array], z: ArrayLike,
                         eps: float = 1e-6) -> Array:
    """Elementwise derivative of an elementwise function f at the points z."""
    z = np.asarray(z, dtype=float)
    return (f(z + eps) - f(z - eps)) / (2 * eps)


def relative_error(analytic: ArrayLike, numeric: ArrayLike) -> float:
    """max |a - n| / max(|a| + |n|) over all entries (0 when both are exactly zero)."""
    a, n = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
    if a.shape != n.shape:
        raise ValueError(f"shapes differ: analytic {a.shape}, numeric {n.shape}")
    scale = np.max(np.abs(a) + np.abs(n))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - n)) / scale)


def _diagnose(a: Array, n: Array) -> str:
    """A hint when the analytic gradient is the numerical one times a constant (e.g. -1, 2)."""
    nonzero = n != 0
    if not nonzero.any():
        return ""
    ratio = a[nonzero] / n[nonzero]
    if not np.allclose(ratio, ratio[0], rtol=1e-3):
        return ""
    if np.isclose(ratio[0], -1, rtol=1e-3):
        return " The analytic gradient has the wrong sign."
    return (f" The analytic gradient is the true one times {ratio[0]:.4g}: an extra or missing"
            " constant factor?")


def check_gradient(analytic: ArrayLike, numeric: ArrayLike, name: str = "gradient",
                   tol: float = TOLERANCE) -> float:
    """Raise AssertionError explaining the mismatch when the relative error exceeds tol."""
    err = relative_error(analytic, numeric)
    if err > tol:
        a, n = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
        i = tuple(int(k) for k in np.unravel_index(np.argmax(np.abs(a - n)), a.shape))
        raise_hint = _diagnose(a, n)
        raise AssertionError(
            f"{name}: relative error {err:.2e} > {tol:.0e}; worst entry {i}: analytic "
            f"{a[i]:.6g}, numerical {n[i]:.6g}.{raise_hint}"
        )
    return err


def network_gradient_errors(net: MLP, X: ArrayLike, Y: ArrayLike,
                            eps: float = 1e-6) -> list[dict[str, float]]:
    """Relative error of backprop against central differences for every W and b of `net`.

    Returns a list of dicts, one per layer l = 1..L: {'layer', 'dW', 'db'}.
    """
    net.gradients(X, Y)
    analytic = [g.copy() for g in net.grads()]
    params = net.params()
    numeric = [numerical_gradient(lambda: net.cost(X, Y), p, eps) for p in params]
    errors = []
    for l in range(len(net.layers)):
        errors.append({
            "layer": l + 1,
            "dW": relative_error(analytic[2 * l], numeric[2 * l]),
            "db": relative_error(analytic[2 * l + 1], numeric[2 * l + 1]),
        })
    return errors


def check_network_gradients(net: MLP, X: ArrayLike, Y: ArrayLike, tol: float = TOLERANCE,
                            eps: float = 1e-6) -> float:
    """Assert backprop matches central differences for every layer; return the worst error."""
    errors = network_gradient_errors(net, X, Y, eps)
    worst = max(max(e["dW"], e["db"]) for e in errors)
    if worst > tol:
        bad = [e for e in errors if max(e["dW"], e["db"]) > tol]
        raise AssertionError(f"backprop disagrees with finite differences (tol {tol}): {bad}")
    return worst
