"""The model of notebook 09's playground: the settings of a run, its data, network and training.

No widgets here (dashboards/playground.py puts them around it), so every run can be tested and
repeated from its Settings. The network is always MLP([2, *hidden, 1]) with a sigmoid output
unit and the binary cross-entropy cost J = -(1/m) sum_i [y_i log a_i + (1 - y_i) log(1 - a_i)].
It trains through train.fit, as notebook 06 does, one burst of epochs at a time: the History,
the shuffling order and the divergence rule go on from burst to burst.
"""

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from .. import data
from ..network import MLP, parse_sizes
from ..optim import Optimizer, make_optimizer
from ..train import History, fit

DATASETS = ("circles", "xor", "moons", "spirals")
ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid", "identity")
INITS = ("xavier", "he", "naive")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
N_POINTS = 300


@dataclass
class Settings:
    """Everything that defines a playground run; `Settings(**s.__dict__)` is the same run."""

    dataset: str = "circles"
    noise: float = 0.1
    train_ratio: float = 0.7
    hidden: tuple[int, ...] = (6, 6)
    activation: str = "tanh"
    init: str = "xavier"
    optimizer: str = "adam"
    lr: float = 0.01
    batch_size: int = 16
    seed: int = 0

    def __post_init__(self) -> None:
        self.hidden = parse_hidden(self.hidden)
        for name, allowed in (("dataset", DATASETS), ("activation", ACTIVATIONS),
                              ("init", INITS), ("optimizer", OPTIMIZERS)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}; got {getattr(self, name)!r}")
        if not 0 <= self.noise <= 1:
            raise ValueError(f"noise must lie in 0..1; got {self.noise}")
        if not 0.05 <= self.train_ratio <= 0.95:
            raise ValueError(f"train_ratio must lie in 0.05..0.95; got {self.train_ratio}")
        if not self.lr > 0:
            raise ValueError(f"learning rate must be > 0; got {self.lr}")
        if int(self.batch_size) != self.batch_size or self.batch_size < 1:
            raise ValueError(f"batch_size must be a positive whole number; got {self.batch_size}")

    def to_python(self) -> str:
        """One line of Python that recreates this playground."""
        args = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return f"from course_utils.dashboards.playground import playground; playground({args})"


def parse_hidden(hidden: "str | int | tuple[int, ...] | list[int]") -> tuple[int, ...]:
    """Hidden layer sizes from '8, 8' or (8, 8) or 8; '' or () means no hidden layer."""
    rule = "hidden sizes: up to 10 whole numbers of 1..64 units each, like '8, 8'"
    try:
        sizes = tuple(parse_sizes(hidden, min_count=0, what="hidden sizes"))
    except ValueError:
        raise ValueError(f"{rule}; got {hidden!r}") from None
    if any(n > 64 for n in sizes) or len(sizes) > 10:
        raise ValueError(f"{rule}; got {sizes}")
    return sizes


PRESETS = {
    "works: circles, 2 tanh layers, Adam": Settings(),
    "works: XOR, 4 ReLU units, SGD": Settings(
        dataset="xor", noise=0.15, hidden=(4,), activation="relu", init="he",
        optimizer="sgd", lr=0.3, batch_size=8),
    "works: spirals, 3 ReLU layers of 16, Adam": Settings(
        dataset="spirals", noise=0.05, hidden=(16, 16, 16), activation="relu", init="he",
        optimizer="adam", lr=0.01, batch_size=16),
    "fails: XOR without a hidden layer": Settings(
        dataset="xor", noise=0.1, hidden=(), optimizer="adam", lr=0.03),
    "fails: learning rate too large (diverges)": Settings(
        dataset="moons", noise=0.1, hidden=(8, 8), activation="leaky_relu", init="he",
        optimizer="momentum", lr=2.0, batch_size=32),
    "fails: deep sigmoid network stalls": Settings(
        dataset="circles", noise=0.1, hidden=(8,) * 6, activation="sigmoid", init="xavier",
        optimizer="sgd", lr=0.1, batch_size=16),
}


class PlaygroundModel:
    """Data, network, optimizer and history of one playground run (no widgets).

    `reset()` makes the data and a fresh network from the settings; `train(n)` runs n more
    epochs through train.fit, which records the training and test cost after each one.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.reset()

    def make_data(self) -> None:
        s = self.settings
        X, y = data.make_toy(s.dataset, n=N_POINTS, noise=s.noise, seed=s.seed)
        order = np.random.default_rng(s.seed).permutation(len(X))
        n_train = int(round(s.train_ratio * len(X)))
        tr, te = order[:n_train], order[n_train:]
        self.X, self.y = X, y
        self.X_train, self.y_train = X[tr], y[tr].astype(float)
        self.X_test, self.y_test = X[te], y[te].astype(float)

    def reset(self, new_data: bool = True) -> None:
        """New data (if new_data), fresh weights from the seed, an empty history."""
        s = self.settings
        if new_data:
            self.make_data()
        self.net = MLP([2, *s.hidden, 1], activation=s.activation, output_activation="sigmoid",
                       loss="bce", init=s.init, seed=s.seed)
        self.set_optimizer()
        self.rng = np.random.default_rng(s.seed)
        self.history = fit(self.net, self.X_train, self.y_train, self.X_test, self.y_test,
                           epochs=0)

    def set_optimizer(self) -> None:
        """A new optimizer from the settings (the weights are kept)."""
        self.optimizer: Optimizer = make_optimizer(self.settings.optimizer, self.settings.lr)

    @property
    def epoch(self) -> int:
        return self.history.epochs

    @property
    def train_cost(self) -> list[float]:
        return self.history.train_cost

    @property
    def test_cost(self) -> list[float]:
        return self.history.val_cost

    @property
    def diverged(self) -> str:
        """Why the run stopped for good ("" while it can go on)."""
        if not self.history.diverged:
            return ""
        return self.history.stop_reason + " Then press reset."

    def train(self, epochs: int = 1) -> History:
        """Run `epochs` more epochs of mini-batch training (train.fit, going on from the
        history); a diverged run stays stopped until reset."""
        if not self.history.diverged:
            fit(self.net, self.X_train, self.y_train, self.X_test, self.y_test, epochs=epochs,
                batch_size=self.settings.batch_size, optimizer=self.optimizer, seed=self.rng,
                history=self.history, verbose=False)
        return self.history

    def probability(self, points: NDArray) -> NDArray:
        """a^(L) = P(class 1) at each point (rows), with NaN weights mapped to 0.5."""
        with np.errstate(all="ignore"):
            p = self.net.predict(points)[:, 0]
        return np.where(np.isfinite(p), p, 0.5)

    def accuracy(self, X: NDArray, y: NDArray) -> float:
        """MLP.accuracy: the fraction of points on the right side of a^(L) = 0.5 (NaN weights
        classify nothing as class 1; NaN for no points)."""
        if not len(X):
            return float("nan")
        with np.errstate(all="ignore"):
            return self.net.accuracy(X, y)
