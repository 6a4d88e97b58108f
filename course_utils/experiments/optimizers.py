"""Notebook 08's experiments: 2-D test surfaces, optimizer paths on them, and optimizers
compared on a network from the same initial weights. numpy only."""

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import optim
from ..network import MLP
from ..train import History, fit, has_diverged

Array = NDArray[np.floating]


# =============================================================== 08: optimizers
@dataclass(frozen=True)
class Surface:
    """A 2-D test function f(x, y) with its gradient, a start point and a plotting window."""

    name: str
    f: Callable[[Array], Any]  # f(xy) for xy of shape (2,) or (2, ...) (a grid)
    grad: Callable[[Array], Array]  # the gradient (df/dx, df/dy) at xy, shape (2,)
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minima: tuple[tuple[float, float], ...]  # the (x, y) of the minima, to mark them


SURFACES = {
    # a narrow valley: 150 times steeper across (y) than along (x)
    "ravine": Surface(
        "ravine  f = 0.05 x² + 7.5 y²",
        lambda p: 0.05 * p[0] ** 2 + 7.5 * p[1] ** 2,
        lambda p: np.array([0.1 * p[0], 15.0 * p[1]]),
        (-8.0, 1.5), (-9.0, 2.0), (-2.0, 2.0), ((0.0, 0.0),)),
    # a saddle at (0, 0) between two minima at (0, ±1); the start sits almost on the ridge
    "saddle": Surface(
        "saddle  f = x²/2 + y⁴/4 − y²/2",
        lambda p: 0.5 * p[0] ** 2 + 0.25 * p[1] ** 4 - 0.5 * p[1] ** 2,
        lambda p: np.array([p[0], p[1] ** 3 - p[1]]),
        (-2.5, 1e-4), (-3.0, 1.5), (-1.6, 1.6), ((0.0, 1.0), (0.0, -1.0))),
    # a shallow local minimum near x = 1.40 and the global one near x = -1.71
    "local minimum": Surface(
        "local minimum  f = x⁴/10 − x²/2 + 0.3x + y²/2",
        lambda p: 0.1 * p[0] ** 4 - 0.5 * p[0] ** 2 + 0.3 * p[0] + 0.5 * p[1] ** 2,
        lambda p: np.array([0.4 * p[0] ** 3 - p[0] + 0.3, p[1]]),
        (3.0, 1.5), (-3.0, 3.5), (-2.0, 2.0), ((-1.714, 0.0), (1.402, 0.0))),
}


def optimizer_hyper(name: str, momentum: float = 0.9, beta1: float = 0.9, beta2: float = 0.999,
                    rho: float = 0.9) -> dict[str, float]:
    """The keyword arguments of optim's optimizer `name` from the dashboard's sliders."""
    return {"sgd": {}, "momentum": {"beta": momentum}, "rmsprop": {"rho": rho},
            "adam": {"beta1": beta1, "beta2": beta2}}[name]


def optimizer_path(surface: "str | Surface", name: str, lr: float, steps: int = 100,
                   start: ArrayLike | None = None, **hyper: float) -> Array:
    """Run the optimizer `name` (from optim.py) on a 2-D surface; return the points visited.

    The point xy is the only parameter: each step calls opt.update([xy], [grad(xy)]), the
    same call that trains a network. Stops early when the run diverges by the course's one
    rule (train.has_diverged: f is not finite or 1000 times where it started), as fit does.
    Returns an (n + 1, 2) array.
    """
    surface = SURFACES[surface] if isinstance(surface, str) else surface
    xy = np.array(surface.start if start is None else start, dtype=float)
    f_start = float(surface.f(xy))
    opt = optim.make_optimizer(name, lr, **hyper)
    points = [xy.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            opt.update([xy], [surface.grad(xy)])
            points.append(xy.copy())
            if has_diverged(float(surface.f(xy)), f_start, [xy]):
                break
    return np.array(points)


def path_diverged(surface: "str | Surface", points: Array) -> bool:
    """Whether a path of optimizer_path ended because it diverged (the same rule)."""
    surface = SURFACES[surface] if isinstance(surface, str) else surface
    with np.errstate(over="ignore", invalid="ignore"):
        return has_diverged(float(surface.f(points[-1])), float(surface.f(points[0])),
                            [points[-1]])


def compare_optimizers(net: MLP, X_train: ArrayLike, y_train: ArrayLike, X_val: ArrayLike,
                       y_val: ArrayLike, settings: dict[str, tuple[float, dict[str, float]]],
                       epochs: int = 15, batch_size: int = 32,
                       seed: int = 0) -> dict[str, History]:
    """Train copies of `net` from the SAME initial weights, one per optimizer.

    settings: {name: (lr, hyper dict)}, e.g. {'adam': (0.001, {})}. The network is reset to
    its initial weights before each run, so only the optimizer differs. Returns
    {name: History}; `net` ends with its initial weights.
    """
    start = net.get_weights()
    histories = {}
    for name, (lr, hyper) in settings.items():
        net.set_weights(start)
        histories[name] = fit(net, X_train, y_train, X_val, y_val, epochs=epochs,
                              batch_size=batch_size, optimizer=optim.make_optimizer(name, lr,
                                                                                    **hyper),
                              seed=seed)
    net.set_weights(start)
    return histories
