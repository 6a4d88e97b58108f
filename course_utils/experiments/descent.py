"""Gradient descent on one neuron (notebooks 02 and 03): cost surfaces, descent paths, the
largest stable learning rate, and MSE against cross-entropy from the same start. numpy only.
"""

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..activations import Activation, get_activation
from ..losses import Loss, get_loss
from ..neuron import Neuron
from ..train import divergence_message, has_diverged


# ----------------------------------------------------------------------------------- math
def cost_surface(x: ArrayLike, y: ArrayLike, ws: ArrayLike, bs: ArrayLike,
                 activation: "str | Activation" = "identity",
                 loss: "str | Loss" = "mse") -> NDArray[np.floating]:
    """The cost J(w, b) = (1/m) sum_i L(f(w x_i + b), y_i) of a one-input neuron on a grid.

    x, y: (m,) samples. ws: (p,) weights, bs: (q,) biases. Returns J with shape (q, p), so
    `ax.contour(ws, bs, J)` draws it with w across and b up.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    f, L = get_activation(activation), get_loss(loss)
    z = np.asarray(ws)[None, :, None] * x + np.asarray(bs)[:, None, None]  # (q, p, m)
    a = f(z)
    return L.loss(a[..., None], np.broadcast_to(y, a.shape)[..., None]).mean(axis=-1)


def critical_learning_rate(x: ArrayLike) -> float:
    """The largest stable learning rate of gradient descent on the MSE of a linear neuron.

    For J(w, b) = (1/2m) sum (w x_i + b - y_i)^2 the Hessian is H = [[mean x^2, mean x],
    [mean x, 1]]. Along H's eigenvector with eigenvalue lambda a step multiplies the error by
    (1 - eta lambda): it shrinks only while |1 - eta lambda| < 1, i.e. eta < 2 / lambda_max.
    """
    x = np.asarray(x, dtype=float)
    H = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    return 2.0 / float(np.linalg.eigvalsh(H).max())


@dataclass
class DescentPath:
    """What `descend` did: the parameters and cost after every step (row 0 is the start)."""

    ws: np.ndarray
    bs: np.ndarray
    costs: np.ndarray
    diverged: bool = False
    message: str = ""

    @property
    def steps(self) -> int:
        """How many steps were taken."""
        return len(self.costs) - 1

    def then(self, more: "DescentPath") -> "DescentPath":
        """This path followed by `more`, which starts where this one ends (its row 0 is this
        path's last row); a divergence is counted in the steps of both."""
        message = (divergence_message("step", self.steps + more.steps, float(more.costs[-1]))
                   if more.diverged else "")
        return DescentPath(np.r_[self.ws, more.ws[1:]], np.r_[self.bs, more.bs[1:]],
                           np.r_[self.costs, more.costs[1:]], more.diverged, message)


def least_squares_line(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    """(w, b) of the line w x + b closest to the points in squared error: the minimum of the
    MSE cost of a linear neuron, where gradient descent on J(w, b) should end."""
    w, b = np.polyfit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), 1)
    return float(w), float(b)


def descend(neuron: Neuron, x: ArrayLike, y: ArrayLike, lr: float, n_steps: int,
            train_bias: bool = True) -> DescentPath:
    """Gradient descent on `neuron` in place: n_steps of w <- w - lr dJ/dw, b <- b - lr dJ/db.

    train_bias=False keeps b fixed (descent on w alone). The run stops early, with a message
    instead of overflow warnings, when it diverges by the course's one rule (train.has_diverged):
    then the path ends at the first diverged step. Returns a DescentPath with the start and
    every step.
    """
    if not lr > 0:
        raise ValueError(f"learning rate must be > 0; got {lr}")
    if int(n_steps) != n_steps or n_steps < 0:
        raise ValueError(f"n_steps must be a whole number >= 0; got {n_steps!r}")
    ws, bs, costs = [neuron.w.copy()], [neuron.b], [neuron.cost(x, y)]
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, int(n_steps) + 1):
            dw, db = neuron.gradients(x, y)
            neuron.w = neuron.w - lr * dw
            if train_bias:
                neuron.b = neuron.b - lr * db
            ws.append(neuron.w.copy())
            bs.append(neuron.b)
            costs.append(neuron.cost(x, y))
            if has_diverged(costs[-1], costs[0]):
                return DescentPath(np.array(ws), np.array(bs), np.array(costs), True,
                                   divergence_message("step", step, costs[-1]))
    return DescentPath(np.array(ws), np.array(bs), np.array(costs))


def compare_losses(X: ArrayLike, y: ArrayLike, w0: ArrayLike, b0: float, lr: float, epochs: int,
                   losses: Sequence[str] = ("mse", "bce")
                   ) -> dict[str, tuple[DescentPath, NDArray[np.floating]]]:
    """Train a sigmoid neuron from the same start (w0, b0) with each loss, full batch.

    Returns {loss: (DescentPath, accuracies)} where accuracies[t] is the accuracy after t
    epochs. With cross-entropy, delta = dL/dz = a - y; with MSE, delta = (a - y) a (1 - a),
    which is tiny when the neuron starts saturated (a near 0 or 1).
    """
    results = {}
    for loss in losses:
        neuron = Neuron(np.array(w0, dtype=float), b0, activation="sigmoid", loss=loss)
        path = descend(neuron, X, y, lr, epochs)
        accs = [Neuron(w, b).accuracy(X, y) for w, b in zip(path.ws, path.bs)]
        results[loss] = (path, np.array(accs))
    return results
