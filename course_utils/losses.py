"""Loss functions: the loss of one sample and the cost of a batch.

Naming, as in the notebooks:
- a *loss* ℒ(y_hat, y) (a script L: plain L counts the layers) scores one sample; with
  several output units it sums over them;
- a *cost* J is the mean of the losses over the m samples of a batch (rows are samples).

    mse                 ℒ = 1/2 * sum_k (y_k - y_hat_k)^2         dℒ/dy_hat = y_hat - y
    binary cross-entropy ℒ = -sum_k [y log y_hat + (1-y) log(1-y_hat)]
                                                    dℒ/dy_hat = (y_hat - y) / (y_hat (1 - y_hat))
    cross-entropy       ℒ = -sum_k y_k log y_hat_k  (y one-hot, y_hat a softmax output)
                                                    dℒ/dy_hat = -y / y_hat
Each loss is paired with one output activation for which the chain rule collapses to

    dℒ/dz = y_hat - y        mse + identity, bce + sigmoid, cross-entropy + softmax

`Loss.delta` owns that rule (as the cost classes of Nielsen's network2.py do): the network asks
its loss for the output delta and never checks which pair it has. For those pairs the loss is
also computed from the logits z, which stays exact where y_hat rounds to 0 or 1.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import Activation

Array = NDArray[np.floating]

EPS = 1e-12  # keeps log() finite when a probability reaches exactly 0 or 1


def _pair(y_hat: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    y_hat = np.asarray(y_hat, dtype=float) if np.isscalar(y_hat) else np.asarray(y_hat)
    y = np.asarray(y, dtype=y_hat.dtype)
    if y_hat.shape != y.shape:
        raise ValueError(
            f"prediction and target must have the same shape; got y_hat {y_hat.shape} and y "
            f"{y.shape}"
        )
    return y_hat, y


def _sum_outputs(x: Array) -> Array:
    """Sum over the output units (the last axis), leaving one number per sample."""
    return x if x.ndim == 0 else x.sum(axis=-1)


def mse_loss(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """ℒ = 1/2 * sum over output units of (y - y_hat)^2, one value per sample."""
    y_hat, y = _pair(y_hat, y)
    return _sum_outputs(0.5 * (y - y_hat) ** 2)


def mse_grad(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """dℒ/dy_hat = y_hat - y."""
    y_hat, y = _pair(y_hat, y)
    return y_hat - y


def bce_loss(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """ℒ = -sum_k [y log(y_hat) + (1 - y) log(1 - y_hat)], one value per sample."""
    y_hat, y = _pair(y_hat, y)
    p = np.clip(y_hat, EPS, 1 - EPS)
    return _sum_outputs(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def bce_grad(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """dℒ/dy_hat = (y_hat - y) / (y_hat (1 - y_hat))."""
    y_hat, y = _pair(y_hat, y)
    p = np.clip(y_hat, EPS, 1 - EPS)
    return (p - y) / (p * (1 - p))


def cross_entropy_loss(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """ℒ = -sum_k y_k log(y_hat_k), with y one-hot and y_hat probabilities."""
    y_hat, y = _pair(y_hat, y)
    return _sum_outputs(-y * np.log(np.clip(y_hat, EPS, None)))


def cross_entropy_grad(y_hat: ArrayLike, y: ArrayLike) -> Array:
    """dℒ/dy_hat = -y / y_hat."""
    y_hat, y = _pair(y_hat, y)
    return -y / np.clip(y_hat, EPS, None)


def cross_entropy_from_logits(z: ArrayLike, y: ArrayLike) -> Array:
    """Cross-entropy of softmax(z) against one-hot y, computed stably from the logits z.

    log softmax(z)_k = z_k - logsumexp(z), so ℒ = logsumexp(z) - sum_k y_k z_k; the
    log-sum-exp subtracts max(z) first, so exp never overflows. One value per sample.
    """
    z, y = _pair(z, y)
    z_max = z.max(axis=-1, keepdims=True)
    logsumexp = np.log(np.exp(z - z_max).sum(axis=-1)) + z_max[..., 0]
    return logsumexp - (y * z).sum(axis=-1)


def sigmoid_bce_with_logits(z: ArrayLike, y: ArrayLike) -> Array:
    """Binary cross-entropy of sigmoid(z) against y, computed stably from the logits z.

    -[y log s + (1-y) log(1-s)] with s = sigmoid(z) equals max(z, 0) - y z + log(1 + e^-|z|).
    Returns the loss per sample (summed over output units).
    """
    z, y = _pair(z, y)
    return _sum_outputs(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))


def cost(loss_fn: Callable[[ArrayLike, ArrayLike], Array], y_hat: ArrayLike,
         y: ArrayLike) -> float:
    """J = mean over the batch (axis 0) of the per-sample losses."""
    return float(np.mean(loss_fn(y_hat, y)))


def accuracy(predicted: ArrayLike, y: ArrayLike) -> float:
    """The fraction of samples whose predicted label equals the true one.

    predicted: (m,) labels. y: (m,) labels, or (m, n) one-hot rows (their argmax is the label).
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    predicted = np.asarray(predicted).reshape(-1)
    y = np.reshape(y, -1)  # (np.reshape: numpy's stubs type y.argmax(axis=1) as Any)
    if predicted.shape != y.shape:
        raise ValueError(f"{predicted.size} predicted labels for {y.size} targets")
    return float(np.mean(predicted == y))


@dataclass(frozen=True)
class Loss:
    """A loss for the network: per-sample value, gradient dℒ/dy_hat, and its output pairing.

    output: the output activation whose chain rule with this loss collapses to y_hat - y.
    from_logits: the per-sample loss computed from z for that pairing (stable), or None.
    classifies: True for the losses of classifiers (bce, cross-entropy): fit then records
    the accuracy too.
    """

    name: str
    loss: Callable[[ArrayLike, ArrayLike], Array]
    grad: Callable[[ArrayLike, ArrayLike], Array]
    output: str
    from_logits: Callable[[ArrayLike, ArrayLike], Array] | None = None
    classifies: bool = False

    def cost(self, y_hat: ArrayLike, y: ArrayLike) -> float:
        """J = (1/m) sum_i ℒ(y_hat_i, y_i)."""
        return cost(self.loss, y_hat, y)

    def collapses_with(self, activation: Activation) -> bool:
        """True when dℒ/dz = a - y for this output activation (the loss's own pairing)."""
        return activation.name == self.output

    def delta(self, activation: Activation, Z: Array, A: Array, Y: Array) -> Array:
        """dℒ/dz at the output for every sample (rows), no 1/m: each row is that sample's
        output error delta^(L) (the network divides by m for the mean cost J).

        a - y for the loss's own pairing; otherwise the chain rule dℒ/da * da/dz, through
        the activation's backward rule. Z, A, Y: (m, n_L).
        """
        if self.collapses_with(activation):
            return A - Y
        return activation.backward(self.grad(A, Y), Z, A)

    def sample_losses(self, activation: Activation, Z: Array, A: Array, Y: Array) -> Array:
        """L for every sample (m,): from the logits Z for the loss's own pairing, else from A."""
        if self.from_logits is not None and self.collapses_with(activation):
            return self.from_logits(Z, Y)
        return self.loss(A, Y)


LOSSES = {
    "mse": Loss("mse", mse_loss, mse_grad, output="identity"),
    "bce": Loss("bce", bce_loss, bce_grad, output="sigmoid", from_logits=sigmoid_bce_with_logits,
                classifies=True),
    "cross_entropy": Loss("cross_entropy", cross_entropy_loss, cross_entropy_grad,
                          output="softmax", from_logits=cross_entropy_from_logits,
                          classifies=True),
}


def get_loss(name: "str | Loss") -> Loss:
    """Return the `Loss` called `name`, or raise a ValueError listing the known names."""
    if isinstance(name, Loss):
        return name
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; expected one of: {', '.join(sorted(LOSSES))}")
    return LOSSES[name]
