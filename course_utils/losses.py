"""Loss functions: the loss of one sample and the cost of a batch.

Naming, as in the notebooks:
- a *loss* L(y_hat, y) scores one sample; with several output units it sums over them;
- a *cost* J is the mean of the losses over the m samples of a batch (rows are samples).

    mse                 L = 1/2 * sum_k (y_k - y_hat_k)^2         dL/dy_hat = y_hat - y
    binary cross-entropy L = -sum_k [y log y_hat + (1-y) log(1-y_hat)]
                                                    dL/dy_hat = (y_hat - y) / (y_hat (1 - y_hat))
    cross-entropy       L = -sum_k y_k log y_hat_k  (y one-hot, y_hat a softmax output)
                                                    dL/dy_hat = -y / y_hat
With a sigmoid (for bce) or softmax (for cross-entropy) output the chain rule collapses to
dL/dz = y_hat - y, which `softmax_cross_entropy_with_logits` and the network use.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import softmax

EPS = 1e-12  # keeps log() finite when a probability reaches exactly 0 or 1


def _pair(y_hat, y):
    y_hat = np.asarray(y_hat, dtype=float) if np.isscalar(y_hat) else np.asarray(y_hat)
    y = np.asarray(y, dtype=y_hat.dtype)
    if y_hat.shape != y.shape:
        raise ValueError(
            f"prediction and target must have the same shape; got y_hat {y_hat.shape} and y "
            f"{y.shape}"
        )
    return y_hat, y


def _sum_outputs(x):
    """Sum over the output units (the last axis), leaving one number per sample."""
    return x if x.ndim == 0 else x.sum(axis=-1)


def mse_loss(y_hat, y):
    """L = 1/2 * sum over output units of (y - y_hat)^2, one value per sample."""
    y_hat, y = _pair(y_hat, y)
    return _sum_outputs(0.5 * (y - y_hat) ** 2)


def mse_grad(y_hat, y):
    """dL/dy_hat = y_hat - y."""
    y_hat, y = _pair(y_hat, y)
    return y_hat - y


def bce_loss(y_hat, y):
    """L = -sum_k [y log(y_hat) + (1 - y) log(1 - y_hat)], one value per sample."""
    y_hat, y = _pair(y_hat, y)
    p = np.clip(y_hat, EPS, 1 - EPS)
    return _sum_outputs(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def bce_grad(y_hat, y):
    """dL/dy_hat = (y_hat - y) / (y_hat (1 - y_hat))."""
    y_hat, y = _pair(y_hat, y)
    p = np.clip(y_hat, EPS, 1 - EPS)
    return (p - y) / (p * (1 - p))


def cross_entropy_loss(y_hat, y):
    """L = -sum_k y_k log(y_hat_k), with y one-hot and y_hat probabilities."""
    y_hat, y = _pair(y_hat, y)
    return _sum_outputs(-y * np.log(np.clip(y_hat, EPS, None)))


def cross_entropy_grad(y_hat, y):
    """dL/dy_hat = -y / y_hat."""
    y_hat, y = _pair(y_hat, y)
    return -y / np.clip(y_hat, EPS, None)


def softmax_cross_entropy_with_logits(z, y):
    """Cross-entropy of softmax(z) against one-hot y, computed stably from the logits z.

    log softmax(z)_k = z_k - logsumexp(z), so L = logsumexp(z) - sum_k y_k z_k.
    Returns (loss per sample, dL/dz = softmax(z) - y).
    """
    z, y = _pair(z, y)
    z_max = z.max(axis=-1, keepdims=True)
    logsumexp = np.log(np.exp(z - z_max).sum(axis=-1)) + z_max[..., 0]
    return logsumexp - (y * z).sum(axis=-1), softmax(z) - y


def sigmoid_bce_with_logits(z, y):
    """Binary cross-entropy of sigmoid(z) against y, computed stably from the logits z.

    -[y log s + (1-y) log(1-s)] with s = sigmoid(z) equals max(z, 0) - y z + log(1 + e^-|z|).
    Returns the loss per sample (summed over output units).
    """
    z, y = _pair(z, y)
    return _sum_outputs(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))


def cost(loss_fn, y_hat, y):
    """J = mean over the batch (axis 0) of the per-sample losses."""
    return float(np.mean(loss_fn(y_hat, y)))


@dataclass(frozen=True)
class Loss:
    """A loss for the network: per-sample value and gradient with respect to the prediction."""

    name: str
    loss: Callable
    grad: Callable

    def cost(self, y_hat, y):
        """J = (1/m) sum_i L(y_hat_i, y_i)."""
        return cost(self.loss, y_hat, y)


LOSSES = {
    "mse": Loss("mse", mse_loss, mse_grad),
    "bce": Loss("bce", bce_loss, bce_grad),
    "cross_entropy": Loss("cross_entropy", cross_entropy_loss, cross_entropy_grad),
}


def get_loss(name):
    """Return the `Loss` called `name`, or raise a ValueError listing the known names."""
    if isinstance(name, Loss):
        return name
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; expected one of: {', '.join(sorted(LOSSES))}")
    return LOSSES[name]
