"""Gradient descent on one neuron (notebooks 02 and 03): cost surfaces, descent paths, the
largest stable learning rate, the valley's flat and steep directions and what a learning rate
does there (crawls, converges, zig-zags, diverges), and MSE against cross-entropy from the same
start. numpy only.
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
    """The cost J(w, b) = (1/m) sum_i ℒ(f(w x_i + b), y_i) of a one-input neuron on a grid.

    x, y: (m,) samples. ws: (p,) weights, bs: (q,) biases. Returns J with shape (q, p), so
    `ax.contour(ws, bs, J)` draws it with w across and b up.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    f, loss_fn = get_activation(activation), get_loss(loss)
    z = np.asarray(ws)[None, :, None] * x + np.asarray(bs)[:, None, None]  # (q, p, m)
    a = f(z)
    return loss_fn.loss(a[..., None], np.broadcast_to(y, a.shape)[..., None]).mean(axis=-1)


VALLEY_START = (-0.5, -1.5)  # notebook 02's start: far from the minimum across the valley


def curvature(x: ArrayLike) -> NDArray[np.floating]:
    """The Hessian H = [[mean x^2, mean x], [mean x, 1]] of the MSE cost of a linear neuron
    J(w, b) = (1/2m) sum (w x_i + b - y_i)^2 (it does not depend on w, b or y)."""
    x = np.asarray(x, dtype=float)
    return np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def critical_learning_rate(x: ArrayLike) -> float:
    """The largest stable learning rate of gradient descent on the MSE of a linear neuron.

    For J(w, b) = (1/2m) sum (w x_i + b - y_i)^2 the Hessian is H = [[mean x^2, mean x],
    [mean x, 1]]. Along H's eigenvector with eigenvalue lambda a step multiplies the error by
    (1 - eta lambda): it shrinks only while |1 - eta lambda| < 1, i.e. eta < 2 / lambda_max.
    """
    return 2.0 / float(np.linalg.eigvalsh(curvature(x)).max())


def valley_coordinates(x: ArrayLike, y: ArrayLike, ws: ArrayLike, bs: ArrayLike
                       ) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """(flat, steep): the offsets (w - w*, b - b*) from the minimum along H's two eigenvectors,
    the valley's flat axis (smallest eigenvalue) and its steep one (largest).

    A step with rate eta multiplies each coordinate by (1 - eta lambda): the steep one
    changes sign at every step (zig-zags) when eta > 1 / lambda_max.
    """
    w_best, b_best = least_squares_line(x, y)
    _, vectors = np.linalg.eigh(curvature(x))  # eigenvalues ascending: flat first
    offsets = np.column_stack([np.asarray(ws, dtype=float) - w_best,
                               np.asarray(bs, dtype=float) - b_best])
    along = offsets @ vectors
    return along[:, 0], along[:, 1]


@dataclass
class RateOutcome:
    """What one learning rate does from a start, in n_steps steps (see `rate_outcome`)."""

    lr: float
    distance: float  # from the minimum (×) after n_steps (inf if it diverged)
    first_near: "int | None"  # the first step within `near` of the minimum, if any
    zigzags: int  # how often the steep coordinate changed sign
    steep_at_5: float  # |steep coordinate| after 5 steps: is the zig-zag visible?
    diverged_at: "int | None"  # the step where the run diverged (train.has_diverged), if any


def rate_outcome(x: ArrayLike, y: ArrayLike, lr: float, n_steps: int,
                 start: tuple[float, float] = VALLEY_START, near: float = 0.05,
                 horizon: int = 200) -> RateOutcome:
    """Descend from `start` with rate lr and report: the distance from the minimum after
    n_steps, the first step within `near` of it (searched up to `horizon` steps), how often
    the steep coordinate changed sign in the first n_steps, and where the run diverged."""
    path = descend(Neuron(start[0], start[1], "identity", "mse"), x, y, lr, max(n_steps, horizon))
    w_best, b_best = least_squares_line(x, y)
    dist = np.hypot(path.ws - w_best, path.bs - b_best)
    _, steep = valley_coordinates(x, y, path.ws, path.bs)
    within = np.flatnonzero(dist < near)
    head = steep[:n_steps + 1]
    return RateOutcome(
        lr=lr,
        distance=float(dist[n_steps]) if path.steps >= n_steps else float("inf"),
        first_near=int(within[0]) if within.size and not path.diverged else None,
        zigzags=int(np.sum(np.sign(head[1:]) * np.sign(head[:-1]) < 0)),
        steep_at_5=float(abs(steep[min(5, path.steps)])),
        diverged_at=path.steps if path.diverged else None)


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
            train_bias: bool = True, first_cost: "float | None" = None) -> DescentPath:
    """Gradient descent on `neuron` in place: n_steps of w <- w - lr dJ/dw, b <- b - lr dJ/db.

    train_bias=False keeps b fixed (descent on w alone). The run stops early, with a message
    instead of overflow warnings, when it diverges by the course's one rule (train.has_diverged):
    then the path ends at the first diverged step. first_cost: the cost that rule compares
    with, when this run continues an earlier one (default: the cost at this run's start).
    Returns a DescentPath with the start and every step.
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
            if has_diverged(costs[-1], costs[0] if first_cost is None else first_cost):
                return DescentPath(np.array(ws), np.array(bs), np.array(costs), True,
                                   divergence_message("step", step, costs[-1]))
    return DescentPath(np.array(ws), np.array(bs), np.array(costs))


def compare_losses(X: ArrayLike, y: ArrayLike, w0: ArrayLike, b0: float, lr: float, epochs: int,
                   losses: Sequence[str] = ("mse", "bce")
                   ) -> dict[str, tuple[DescentPath, NDArray[np.floating]]]:
    """Train a sigmoid neuron from the same start (w0, b0) with each loss, full batch.

    Returns {loss: (DescentPath, accuracies)} where accuracies[t] is the accuracy after t
    epochs (one epoch = one step here: each step uses every sample). With cross-entropy,
    delta = dℒ/dz = a - y; with MSE, delta = (a - y) a (1 - a),
    which is tiny when the neuron starts saturated (a near 0 or 1).
    """
    results = {}
    for loss in losses:
        neuron = Neuron(np.array(w0, dtype=float), b0, activation="sigmoid", loss=loss)
        path = descend(neuron, X, y, lr, epochs)
        accs = [Neuron(w, b).accuracy(X, y) for w, b in zip(path.ws, path.bs)]
        results[loss] = (path, np.array(accs))
    return results
