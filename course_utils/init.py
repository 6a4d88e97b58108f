"""Weight initialisation. Every function returns W of shape (n_out, n_in).

    naive    W ~ N(0, scale^2)                  scale = 0.01 by default ("small random")
    xavier   W ~ N(0, 2 / (n_in + n_out))       Glorot & Bengio: keeps the variance of
                                                 activations and gradients alike for tanh/sigmoid
    he       W ~ N(0, 2 / n_in)                 He et al.: the same argument for ReLU, which
                                                 zeroes half of its inputs
Biases start at zero.
"""

from typing import Callable

import numpy as np
from numpy.typing import DTypeLike, NDArray

Array = NDArray[np.floating]


def naive(n_out: int, n_in: int, rng: np.random.Generator, scale: float = 0.01,
          dtype: DTypeLike = np.float64) -> Array:
    """W ~ N(0, scale^2): the classic 'small random numbers'."""
    return (scale * rng.standard_normal((n_out, n_in))).astype(dtype)


def xavier(n_out: int, n_in: int, rng: np.random.Generator,
           dtype: DTypeLike = np.float64) -> Array:
    """W ~ N(0, 2 / (n_in + n_out)) (Xavier/Glorot normal)."""
    std = np.sqrt(2.0 / (n_in + n_out))
    return (std * rng.standard_normal((n_out, n_in))).astype(dtype)


def he(n_out: int, n_in: int, rng: np.random.Generator, dtype: DTypeLike = np.float64) -> Array:
    """W ~ N(0, 2 / n_in) (He/Kaiming normal)."""
    std = np.sqrt(2.0 / n_in)
    return (std * rng.standard_normal((n_out, n_in))).astype(dtype)


INITS: dict[str, Callable[..., Array]] = {"naive": naive, "xavier": xavier, "he": he}


def init_weights(name: str, n_out: int, n_in: int, rng: np.random.Generator,
                 dtype: DTypeLike = np.float64, scale: float | None = None) -> Array:
    """W of shape (n_out, n_in) by the named scheme; `scale` sets the std of 'naive'."""
    if name not in INITS:
        raise ValueError(f"unknown init {name!r}; expected one of: {', '.join(sorted(INITS))}")
    if name == "naive":
        return naive(n_out, n_in, rng, 0.01 if scale is None else scale, dtype)
    return INITS[name](n_out, n_in, rng, dtype)
