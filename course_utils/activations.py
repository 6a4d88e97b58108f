"""Activation functions f(z) and their derivatives f'(z).

Every function works elementwise on numbers and numpy arrays and keeps the input's dtype
(float32 in, float32 out). The derivatives are written in terms of z, as in the notes:

    sigmoid      f(z) = 1 / (1 + e^-z)          f'(z) = f(z) (1 - f(z))
    tanh         f(z) = tanh z                  f'(z) = 1 - tanh(z)^2
    relu         f(z) = max(0, z)               f'(z) = 1 if z > 0 else 0
    leaky_relu   f(z) = z if z > 0 else a z     f'(z) = 1 if z > 0 else a     (a = 0.01)
    identity     f(z) = z                       f'(z) = 1
    softmax      f(z)_k = e^{z_k} / sum_j e^{z_j}   (over the last axis; not elementwise)

`get_activation(name)` returns an `Activation` holding a function and its backward rule, which
is what the network uses: dJ/dZ = dJ/dA * f'(Z) for the elementwise functions (sigmoid and relu
by the equal dA * A (1 - A) and dA * [Z > 0]), and for softmax
dJ/dz_k = a_k (dJ/da_k - sum_j dJ/da_j a_j).
"""

from dataclasses import dataclass
from typing import Callable, NoReturn

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.floating]

LEAKY_SLOPE = 0.01


def _as_float(z: ArrayLike) -> Array:
    """Return z as a float array (a Python number becomes float64)."""
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def identity(z: ArrayLike) -> Array:
    """f(z) = z."""
    return _as_float(z)


def identity_prime(z: ArrayLike) -> Array:
    """f'(z) = 1."""
    return np.ones_like(_as_float(z))


def sigmoid(z: ArrayLike) -> Array:
    """f(z) = 1 / (1 + exp(-z)), computed without overflow for any z.

    For z >= 0 we use 1 / (1 + e^-z); for z < 0 the equal form e^z / (1 + e^z).
    Both only ever exponentiate -|z|, which cannot overflow.
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def sigmoid_prime(z: ArrayLike) -> Array:
    """f'(z) = sigmoid(z) * (1 - sigmoid(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: ArrayLike) -> Array:
    """f(z) = tanh(z)."""
    return np.tanh(_as_float(z))


def tanh_prime(z: ArrayLike) -> Array:
    """f'(z) = 1 - tanh(z)^2."""
    t = np.tanh(_as_float(z))
    return 1.0 - t * t


def relu(z: ArrayLike) -> Array:
    """f(z) = max(0, z)."""
    z = _as_float(z)
    return np.maximum(z, 0, dtype=z.dtype)


def relu_prime(z: ArrayLike) -> Array:
    """f'(z) = 1 where z > 0, else 0 (we take f'(0) = 0)."""
    z = _as_float(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z: ArrayLike, slope: float = LEAKY_SLOPE) -> Array:
    """f(z) = z where z > 0, else slope * z."""
    z = _as_float(z)
    return np.where(z > 0, z, slope * z).astype(z.dtype, copy=False)


def leaky_relu_prime(z: ArrayLike, slope: float = LEAKY_SLOPE) -> Array:
    """f'(z) = 1 where z > 0, else slope."""
    z = _as_float(z)
    return np.where(z > 0, 1.0, slope).astype(z.dtype)


def softmax(z: ArrayLike) -> Array:
    """f(z)_k = exp(z_k) / sum_j exp(z_j) over the last axis.

    Subtracting max(z) first changes nothing mathematically and keeps exp from overflowing.
    """
    z = _as_float(z)
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)  # in place: e is our own new array
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_jacobian(z: ArrayLike) -> Array:
    """The Jacobian of softmax for one vector z: J[k, j] = a_k (delta_kj - a_j)."""
    a = softmax(np.asarray(z, dtype=float).reshape(-1))
    return np.diag(a) - np.outer(a, a)


def sigmoid_backward(dA: Array, Z: Array, A: Array) -> Array:
    """dJ/dZ = dJ/dA * A (1 - A): sigmoid's f'(z) = f(z) (1 - f(z)), reusing A = f(Z) instead
    of a second exp. dA, Z, A and the result share one shape."""
    return dA * A * (1.0 - A)


def relu_backward(dA: Array, Z: Array, A: Array) -> Array:
    """dJ/dZ = dJ/dA where Z > 0, else 0 (f'(0) = 0). dA, Z, A and the result share one shape."""
    return dA * (Z > 0)


def softmax_backward(dA: Array, Z: Array, A: Array) -> Array:
    """dJ/dz_k = a_k (dJ/da_k - sum_j dJ/da_j a_j), over the last axis.

    That is dA times the Jacobian a_k (delta_kj - a_j) of `softmax_jacobian`, without building
    it: every output a_j depends on every z_k. dA, Z, A and the result have shape (m, n), one
    row per sample (or (n,) for one vector).
    """
    return A * (dA - (dA * A).sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation for the network: its value f, its derivative f' and its backward rule.

    `backward(dA, Z, A)` turns dJ/dA into dJ/dZ, given Z and A = f(Z) of the forward pass (all
    of one shape, (m, n) for a batch of m samples of a layer of n units). For an elementwise
    f that is dJ/dZ = dJ/dA * f'(Z). `backward_rule`, when set, replaces that formula: sigmoid
    and relu use a cheaper equal one, and softmax needs its own because each of its outputs
    depends on every z.
    """

    name: str
    f: Callable[[ArrayLike], Array]
    f_prime: Callable[[ArrayLike], Array]
    backward_rule: Callable[[Array, Array, Array], Array] | None = None  # (dA, Z, A) -> dZ

    def __call__(self, z: ArrayLike) -> Array:
        return self.f(z)

    def backward(self, dA: Array, Z: Array, A: Array) -> Array:
        """dJ/dZ from dJ/dA: `backward_rule(dA, Z, A)` if set, else dA * f'(Z) (elementwise).

        dA, Z, A = f(Z) and the result all have the same shape.
        """
        if self.backward_rule is not None:
            return self.backward_rule(dA, Z, A)
        return dA * self.f_prime(Z)


def _softmax_prime_unavailable(z: ArrayLike) -> NoReturn:
    raise ValueError("softmax has no elementwise derivative; use softmax_jacobian(z)")


ACTIVATIONS = {
    "identity": Activation("identity", identity, identity_prime),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, sigmoid_backward),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime, relu_backward),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_prime),
    "softmax": Activation("softmax", softmax, _softmax_prime_unavailable, softmax_backward),
}


def get_activation(name: "str | Activation") -> Activation:
    """Return the `Activation` called `name`, or raise a ValueError listing the known names."""
    if isinstance(name, Activation):
        return name
    if name not in ACTIVATIONS:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}")
    return ACTIVATIONS[name]
