"""A single neuron, forward and backward, for one sample or many.

    z = w . x + b            a = f(z)            ℒ = loss(a, y)

    dℒ/dw = dℒ/da * da/dz * dz/dw = dℒ/da * f'(z) * x = delta * x
    dℒ/db = dℒ/da * f'(z) * 1                         = delta

delta = dℒ/dz comes from the loss's own rule (Loss.delta: a - y for sigmoid + bce), so a
saturated neuron gets the exact gradient; `chain_factors` shows the three factors themselves.

w may be a number (one input) or a vector of n inputs. x is then a number or array of numbers
(one input per sample), or a vector (n,) for one sample, or (m, n) for m samples.
`gradients` returns the gradient of the cost, the mean of the loss over the samples.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import Activation, get_activation
from .losses import Loss, accuracy, get_loss

Array = NDArray[np.floating]


class Neuron:
    """One neuron with weight(s) w, bias b, an activation and a loss."""

    def __init__(self, w: ArrayLike, b: float = 0.0, activation: "str | Activation" = "sigmoid",
                 loss: "str | Loss" = "mse") -> None:
        self.w = np.asarray(w, dtype=float).copy()
        if self.w.ndim > 1:
            raise ValueError(f"w must be a number or a 1-D vector; got shape {self.w.shape}")
        self.b = float(b)
        self.activation = get_activation(activation)
        self.loss = get_loss(loss)

    def _inputs(self, x: ArrayLike) -> Array:
        x = np.asarray(x, dtype=float)
        if self.w.ndim == 1 and (x.ndim == 0 or x.shape[-1] != self.w.size):
            raise ValueError(
                f"x must end in {self.w.size} inputs to match w; got shape {x.shape}")
        if np.isnan(x).any():
            raise ValueError("x contains NaN")
        return x

    def forward(self, x: ArrayLike) -> tuple[Array, Array]:
        """Return (z, a) with z = w . x + b and a = f(z)."""
        x = self._inputs(x)
        z = x @ self.w + self.b if self.w.ndim == 1 else self.w * x + self.b
        return z, self.activation(z)

    def chain_factors(self, x: ArrayLike, y: ArrayLike) -> tuple[Array, Array, Array]:
        """The three factors of dℒ/dw for each sample: dℒ/da, da/dz = f'(z), dz/dw = x."""
        z, a = self.forward(x)
        return self.loss.grad(a, np.broadcast_to(y, np.shape(a))), \
            self.activation.f_prime(z), self._inputs(x)

    def _per_sample(self, x: ArrayLike, y: ArrayLike) -> tuple[Array, Array, Array]:
        """z, a and y with a length-1 output axis per sample: the layout the losses expect."""
        z, a = self.forward(x)
        y = np.broadcast_to(np.asarray(y, dtype=float), np.shape(a))
        return np.asarray(z)[..., None], np.asarray(a)[..., None], y[..., None]

    def delta(self, x: ArrayLike, y: ArrayLike) -> Array:
        """delta = dℒ/dz for each sample, by the loss's own rule (Loss.delta)."""
        return self.loss.delta(self.activation, *self._per_sample(x, y))[..., 0]

    def gradients(self, x: ArrayLike, y: ArrayLike) -> tuple[Array, float]:
        """(dJ/dw, dJ/db) of the cost J = mean over samples of ℒ(a, y)."""
        delta = self.delta(x, y)  # dℒ/dz, one number per sample
        x = self._inputs(x)
        if self.w.ndim == 1:
            dw = np.mean(delta[..., None] * x, axis=tuple(range(x.ndim - 1)))
        else:
            dw = np.mean(delta * x)
        return dw, float(np.mean(delta))

    def cost(self, x: ArrayLike, y: ArrayLike) -> float:
        """J = mean over samples of ℒ(a, y) (from z for the loss's own pairing, as in MLP)."""
        return float(np.mean(self.loss.sample_losses(self.activation, *self._per_sample(x, y))))

    def step(self, x: ArrayLike, y: ArrayLike, lr: float) -> float:
        """One gradient-descent step: w <- w - lr dJ/dw, b <- b - lr dJ/db. Returns the cost."""
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0; got {lr}")
        dw, db = self.gradients(x, y)
        self.w = self.w - lr * dw
        self.b = self.b - lr * db
        return self.cost(x, y)

    def accuracy(self, x: ArrayLike, y: ArrayLike) -> float:
        """The fraction of samples on the right side of the neuron's line: z > 0 means class 1."""
        z, _ = self.forward(x)
        return accuracy((np.asarray(z) > 0).astype(int), (np.asarray(y) == 1).astype(int))
