"""Optimizers. Each updates a list of parameter arrays in place from a list of gradients.

With g the gradient of a parameter p and eta the learning rate:

    SGD        p <- p - eta g
    Momentum   v <- beta v - eta g;                 p <- p + v
    RMSprop    s <- rho s + (1 - rho) g^2;          p <- p - eta g / (sqrt(s) + eps)
    Adam       m <- beta1 m + (1 - beta1) g;        v <- beta2 v + (1 - beta2) g^2
               m_hat = m / (1 - beta1^t);           v_hat = v / (1 - beta2^t)
               p <- p - eta m_hat / (sqrt(v_hat) + eps)

The same optimizer object works for a network (`opt.update(net.params(), net.grads())`) and
for a point on a 2-D surface (`opt.update([xy], [grad])`).
"""

from typing import Any, Protocol, Sequence

import numpy as np
from numpy.typing import NDArray

Params = Sequence[NDArray[Any]]


class Optimizer(Protocol):
    """What fit() needs of an optimizer: update the parameters in place from their gradients."""

    lr: float

    def update(self, params: Params, grads: Params) -> None: ...


def _check_lr(lr: float) -> float:
    if not (isinstance(lr, (int, float, np.number)) and lr > 0):
        raise ValueError(f"learning rate must be a number > 0; got {lr!r}")
    return float(lr)


class SGD:
    """p <- p - lr * g."""

    def __init__(self, lr: float = 0.1) -> None:
        self.lr = _check_lr(lr)

    def update(self, params: Params, grads: Params) -> None:
        for p, g in zip(params, grads):
            p -= self.lr * g


class Momentum:
    """v <- beta v - lr g; p <- p + v (the velocity remembers past gradients)."""

    def __init__(self, lr: float = 0.1, beta: float = 0.9) -> None:
        self.lr, self.beta = _check_lr(lr), beta
        self.v: list[NDArray[Any]] | None = None

    def update(self, params: Params, grads: Params) -> None:
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.v):
            v *= self.beta
            v -= self.lr * g
            p += v


class RMSprop:
    """s <- rho s + (1 - rho) g^2; p <- p - lr g / (sqrt(s) + eps)."""

    def __init__(self, lr: float = 0.01, rho: float = 0.9, eps: float = 1e-8) -> None:
        self.lr, self.rho, self.eps = _check_lr(lr), rho, eps
        self.s: list[NDArray[Any]] | None = None

    def update(self, params: Params, grads: Params) -> None:
        if self.s is None:
            self.s = [np.zeros_like(p) for p in params]
        for p, g, s in zip(params, grads, self.s):
            s *= self.rho
            s += (1 - self.rho) * g * g
            p -= self.lr * g / (np.sqrt(s) + self.eps)


class Adam:
    """Momentum on g and RMSprop on g^2, both bias-corrected for their zero start.

    Here v is the running average of g^2 (RMSprop's s), not momentum's velocity; eps only
    prevents a division by zero.
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8) -> None:
        self.lr, self.beta1, self.beta2, self.eps = _check_lr(lr), beta1, beta2, eps
        self.m: list[NDArray[Any]] | None = None
        self.v: list[NDArray[Any]] | None = None
        self.t = 0

    def update(self, params: Params, grads: Params) -> None:
        if self.m is None or self.v is None:  # (both are None until the first update)
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        correct1 = 1 - self.beta1 ** self.t
        correct2 = 1 - self.beta2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= self.lr * (m / correct1) / (np.sqrt(v / correct2) + self.eps)


OPTIMIZERS: dict[str, type] = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}


def make_optimizer(name: str, lr: float, **hyper: float) -> Optimizer:
    """An optimizer by name ('sgd', 'momentum', 'rmsprop', 'adam') with learning rate lr."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; expected one of: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name](lr, **hyper)


def global_norm(grads: Params) -> float:
    """sqrt of the sum of squares of every gradient entry: the length of the whole gradient."""
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))


def clip_by_norm(grads: Params, max_norm: float) -> float:
    """Scale all gradients by max_norm / norm when their global norm exceeds max_norm.

    Works in place and returns the norm before clipping. The direction is kept; only the step
    length is capped.
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0; got {max_norm}")
    norm = global_norm(grads)
    if norm > max_norm:
        for g in grads:
            g *= max_norm / norm
    return norm
