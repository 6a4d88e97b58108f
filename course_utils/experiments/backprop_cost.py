"""Notebook 05: what every gradient of a network costs, by backprop and by finite differences.

Backprop gives all P gradients of the cost J from one forward and one backward pass. Central
finite differences (the gradient check, gradcheck.numerical_gradient) need two evaluations of J
per parameter, 2P forward passes in all. Both are counted here (a network that counts its own
passes, and the multiply-adds of the matrix products) and timed. numpy only.
"""

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..gradcheck import network_gradient_errors, numerical_gradient
from ..network import MLP, Array, parse_sizes

# Networks from P = 9 to P = 3152 parameters; (n_0, n_1, n_2) with n_2 outputs.
SIZES: list[list[int]] = [[2, 2, 1], [4, 8, 2], [8, 16, 4], [16, 32, 8], [24, 48, 12],
                          [32, 64, 16]]


class CountingMLP(MLP):
    """An MLP that counts its forward passes, backward passes and cost evaluations.

    counts: {'forward': ..., 'backward': ..., 'cost': ...}; reset() sets them to zero.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts = {"forward": 0, "backward": 0, "cost": 0}

    def reset(self) -> None:
        for key in self.counts:
            self.counts[key] = 0

    def forward(self, X: ArrayLike) -> Array:
        self.counts["forward"] += 1
        return super().forward(X)

    def backward(self, Y: ArrayLike) -> list[tuple[Array, Array]]:
        self.counts["backward"] += 1
        return super().backward(Y)

    def cost(self, X: ArrayLike, Y: ArrayLike) -> float:
        self.counts["cost"] += 1
        return super().cost(X, Y)


def n_params(sizes: Sequence[int]) -> int:
    """P, the number of weights and biases of MLP(sizes): sum of n_l (n_(l-1) + 1)."""
    sizes = parse_sizes(sizes)
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def multiply_adds(sizes: Sequence[int], m: int) -> dict[str, int]:
    """Multiply-adds of the matrix products on a batch of m rows.

    forward: Z = A_prev W^T for every layer, m n_l n_(l-1) each.
    backward: dW = dZ^T A_prev for every layer, and dZ W (dJ/dA_prev) for every layer but the
    first: about twice the forward. finite_differences: 2P forward passes.
    """
    sizes = parse_sizes(sizes)
    per_layer = [m * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    forward = sum(per_layer)
    backward = sum(per_layer) + sum(per_layer[1:])
    return {"forward": forward, "backward": backward,
            "finite_differences": 2 * n_params(sizes) * forward}


def count_gradient_check(net: CountingMLP, X: ArrayLike, Y: ArrayLike) -> dict[str, int]:
    """Run the course's whole-network gradient check (gradcheck.network_gradient_errors) and
    count what it did: one forward and one backward for backprop, 'cost' evaluations for the
    finite differences."""
    net.reset()
    network_gradient_errors(net, X, Y)
    return dict(net.counts)


def _best_time(f: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` timings of one whole call f() (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def _per_call_time(f: Callable[[], object], calls: int, runs: int = 5) -> float:
    """Seconds per call of f(), averaged over `calls` calls in a row, best of `runs` runs.

    Timed like the finite differences (2P cost evaluations in a row), so the two compare
    fairly: the best single call of a tiny function is faster than its average in a long run.
    """
    return _best_time(lambda: [f() for _ in range(calls)], runs) / calls


@dataclass
class GradientCost:
    """One network's gradient, both ways: P, what each way counted, and the best times (s)."""

    sizes: list[int]
    P: int
    backprop_counts: dict[str, int] = field(default_factory=dict)
    finite_difference_counts: dict[str, int] = field(default_factory=dict)
    backprop_seconds: float = 0.0  # one forward + backward (net.gradients), per call
    finite_difference_seconds: float = 0.0  # all 2P central differences
    cost_seconds: float = 0.0  # one bare evaluation of J (net.cost: a forward pass), per call
    multiply_adds: dict[str, int] = field(default_factory=dict)

    @property
    def time_ratio(self) -> float:
        """How many times longer finite differences took than one forward + backward."""
        return self.finite_difference_seconds / self.backprop_seconds

    @property
    def backprop_in_cost_evaluations(self) -> float:
        """One forward + backward, in units of the time of one cost evaluation."""
        return self.backprop_seconds / self.cost_seconds

    @property
    def finite_difference_evaluation_seconds(self) -> float:
        """One evaluation of J inside the finite differences (perturb, evaluate, restore)."""
        return self.finite_difference_seconds / self.finite_difference_counts["cost"]

    @property
    def finite_difference_evaluation_in_cost_evaluations(self) -> float:
        """One finite-difference evaluation, in units of one bare cost evaluation."""
        return self.finite_difference_evaluation_seconds / self.cost_seconds

    @property
    def multiply_add_ratio(self) -> float:
        """Finite differences' multiply-adds over backprop's (forward + backward)."""
        ops = self.multiply_adds
        return ops["finite_differences"] / (ops["forward"] + ops["backward"])


def measure(sizes: Sequence[int], m: int = 32, repeat: int = 20, fd_repeat: int = 3,
            seed: int = 0) -> GradientCost:
    """Every gradient of MLP(sizes) (sigmoid, MSE) on a random batch of m rows, by backprop
    (net.gradients: forward + backward) and by central differences of J for every parameter,
    counting the passes of each. All are timed alike, as runs of calls in a row, best of
    several runs: backprop and one bare cost evaluation (net.cost) per call over `repeat`
    calls (best of 5), the finite differences per parameter array (best of `fd_repeat`),
    summed. A long run timed once would also count whatever else the machine did meanwhile."""
    sizes = parse_sizes(sizes)
    if int(m) != m or m < 1 or repeat < 1 or fd_repeat < 1:
        raise ValueError(f"m, repeat and fd_repeat must be positive whole numbers; got "
                         f"{m!r}, {repeat!r}, {fd_repeat!r}")
    net = CountingMLP(sizes, activation="sigmoid", output_activation="sigmoid", loss="mse",
                      seed=seed)
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((m, sizes[0])), rng.random((m, sizes[-1]))
    result = GradientCost(sizes, n_params(sizes), multiply_adds=multiply_adds(sizes, m))

    net.reset()
    net.gradients(X, Y)
    result.backprop_counts = dict(net.counts)
    result.backprop_seconds = _per_call_time(lambda: net.gradients(X, Y), repeat)
    result.cost_seconds = _per_call_time(lambda: net.cost(X, Y), repeat)

    def all_finite_differences() -> list[Array]:
        return [numerical_gradient(lambda: net.cost(X, Y), p) for p in net.params()]

    net.reset()
    all_finite_differences()
    result.finite_difference_counts = dict(net.counts)
    # each parameter array's central differences, best of fd_repeat runs, summed
    def finite_differences_of(p: Array) -> Callable[[], Array]:
        return lambda: numerical_gradient(lambda: net.cost(X, Y), p)

    result.finite_difference_seconds = sum(
        _best_time(finite_differences_of(p), fd_repeat) for p in net.params())
    return result


def measure_all(all_sizes: Sequence[Sequence[int]] = tuple(SIZES), m: int = 32,
                seed: int = 0) -> list[GradientCost]:
    """measure() for each network, smallest first."""
    return [measure(sizes, m=m, seed=seed) for sizes in all_sizes]
