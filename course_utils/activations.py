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
is what the network uses.
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


@dataclass(frozen=True)
class Activation:
    """An activation for the network: its value f and its backward rule.

    `backward(dA, Z, A)` turns dJ/dA into dJ/dZ. For elementwise functions that is
    dJ/dZ = dJ/dA * f'(Z); softmax overrides it because each output depends on every z.
    """

    name: str
    f: Callable[[ArrayLike], Array]
    f_prime: Callable[[ArrayLike], Array]

    def __call__(self, z: ArrayLike) -> Array:
        return self.f(z)

    def backward(self, dA: Array, Z: Array, A: Array) -> Array:
        """dJ/dZ = dJ/dA * f'(Z) (elementwise)."""
        if self.name == "sigmoid":  # f'(z) = a (1 - a): reuse A instead of a second exp
            return dA * A * (1.0 - A)
        if self.name == "relu":
            return dA * (Z > 0)
        if self.name == "softmax":  # dJ/dz_k = a_k (dJ/da_k - sum_j dJ/da_j a_j)
            return A * (dA - (dA * A).sum(axis=-1, keepdims=True))
        return dA * self.f_prime(Z)


def _softmax_prime_unavailable(z: ArrayLike) -> NoReturn:
    raise ValueError("softmax has no elementwise derivative; use softmax_jacobian(z)")


ACTIVATIONS = {
    "identity": Activation("identity", identity, identity_prime),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_prime),
    "softmax": Activation("softmax", softmax, _softmax_prime_unavailable),
}


def get_activation(name: "str | Activation") -> Activation:
    """Return the `Activation` called `name`, or raise a ValueError listing the known names."""
    if isinstance(name, Activation):
        return name
    if name not in ACTIVATIONS:
        known = ", ".join(sorted(ACTIVATIONS))
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}")
    return ACTIVATIONS[name]
