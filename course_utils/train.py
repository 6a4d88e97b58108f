"""The training loop: epochs of shuffled mini-batches, a history, early stopping, divergence.

One epoch is one pass over the training set in mini-batches; after every batch the network
takes one optimizer step on that batch's gradient. After every epoch the loop records the
cost and accuracy on the training and validation sets.

The course's one rule for a run that blows up lives here too (`has_diverged`, with its message
`divergence_message`): the fit loop, the playground and the gradient descent of notebook 02
all ask it.
"""

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .data import minibatches
from .network import MLP
from .optim import SGD, Optimizer, clip_by_norm

DIVERGENCE_FACTOR = 1e3  # a cost this many times the starting cost counts as diverged
COST_FLOOR = 1e-3  # ... measured from at least this, so a tiny starting cost is no trap


def has_diverged(cost: float, start_cost: float, params: Sequence[NDArray] = ()) -> bool:
    """True when a run has blown up: the cost (or a parameter) is not a finite number, or the
    cost is more than DIVERGENCE_FACTOR times where it started."""
    finite = bool(np.isfinite(cost)) and all(np.isfinite(p).all() for p in params)
    return not finite or cost > DIVERGENCE_FACTOR * max(start_cost, COST_FLOOR)


def divergence_message(unit: str, n: int, cost: float) -> str:
    """The words for a diverged run: where ('epoch' or 'step' n), how far, and what to do."""
    growing = " and growing" if np.isfinite(cost) else ""
    return f"diverged at {unit} {n}: the cost is {cost:.3g}{growing}. Try a smaller learning rate."


class TrainingDiverged(RuntimeError):
    """Raised by fit(..., on_divergence='raise') when the cost becomes NaN or explodes."""


@dataclass
class History:
    """What fit() recorded, one entry per epoch (entry 0 is before any training)."""

    train_cost: list[float] = field(default_factory=list)
    val_cost: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    best_epoch: int = 0
    stop_reason: str = ""
    diverged: bool = False

    @property
    def epochs(self) -> int:
        """How many epochs were trained."""
        return len(self.train_cost) - 1


Callback = Callable[[int, History], bool | None]  # fit's callback(epoch, history): True stops


def _record(net: MLP, history: History, X: NDArray, Y: NDArray, X_val: NDArray | None,
            Y_val: ArrayLike | None, classify: bool) -> None:
    history.train_cost.append(net.cost(X, Y))
    if classify:
        history.train_acc.append(net.accuracy(X, Y))
    if X_val is not None and Y_val is not None:
        history.val_cost.append(net.cost(X_val, Y_val))
        if classify:
            history.val_acc.append(net.accuracy(X_val, Y_val))


def _complete(bar: Any) -> None:
    """End a progress bar at the epoch reached: stopping early is planned, not a failure (a
    notebook bar closed short of its total turns red)."""
    if bar is not None:
        n = bar.n
        bar.reset(total=n)  # the public way to change the total (a notebook bar's length too)
        bar.update(n)


def train_epoch(net: MLP, X: NDArray, Y: NDArray, optimizer: Optimizer, batch_size: int,
                rng: np.random.Generator, clip_norm: float | None = None) -> None:
    """One pass over (X, Y) in shuffled mini-batches: forward, backward, one optimizer step
    per batch (gradients clipped to a global norm of clip_norm first, if given)."""
    for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
        net.forward(X_batch)
        net.backward(Y_batch)
        grads = net.grads()
        if clip_norm is not None:
            clip_by_norm(grads, clip_norm)
        optimizer.update(net.params(), grads)


def _progress_bar(epochs: int, progress: bool) -> Any:
    if not progress:
        return None
    from tqdm.auto import tqdm  # imported only when asked for: it may pull in IPython

    return tqdm(total=epochs, desc="epochs", leave=True)  # stays: how far the run went


def fit(net: MLP, X: ArrayLike, Y: ArrayLike, X_val: ArrayLike | None = None,
        Y_val: ArrayLike | None = None, *, epochs: int = 20, batch_size: int = 32,
        lr: float = 0.1, optimizer: Optimizer | None = None, patience: int | None = None,
        clip_norm: float | None = None, seed: "int | np.random.Generator" = 0,
        progress: bool = False, on_divergence: str = "stop", callback: Callback | None = None,
        history: History | None = None, verbose: bool = True) -> History:
    """Train `net` on (X, Y) with mini-batches; return a History.

    lr: the learning rate of plain SGD, used when no `optimizer` (from optim.py) is given.
    patience: stop when the validation cost has not improved for this many epochs, and
        restore the weights of the best epoch (needs X_val, Y_val).
    clip_norm: clip the global gradient norm to this value before every step.
    seed: the shuffling order (a number, or a numpy Generator to go on drawing from); the same
        seed and starting weights give the same history.
    progress: show a progress bar (tqdm; a widget in notebooks). An early or callback stop
        ends it complete; a diverged run leaves it short (red in a notebook).
    on_divergence: 'stop' ends the run with history.stop_reason saying why (and prints it
        when verbose); 'raise' raises TrainingDiverged with the same message.
    callback(epoch, history): called after every epoch; return True to stop.
    history: a History of earlier epochs of this net to go on from (the epochs are counted on
        and divergence is measured from its first cost), or None to start one.
    """
    if on_divergence not in ("stop", "raise"):
        raise ValueError(f"on_divergence must be 'stop' or 'raise'; got {on_divergence!r}")
    if patience is not None and X_val is None:
        raise ValueError("early stopping (patience) needs a validation set X_val, Y_val")
    optimizer = optimizer or SGD(lr)
    X = net.check_X(X)
    Y = net.targets(Y, len(X))
    if X_val is not None:
        X_val = net.check_X(X_val)
        if Y_val is None:
            raise ValueError("a validation set X_val needs its targets Y_val")
        Y_val = net.targets(Y_val, len(X_val))
    classify = net.loss.classifies
    rng = np.random.default_rng(seed)  # a Generator passes through unchanged
    if history is None:
        history = History()
        _record(net, history, X, Y, X_val, Y_val, classify)
    watched = history.val_cost if X_val is not None else history.train_cost
    best_cost = np.inf  # the first epoch of this call is the best so far...
    if history.best_epoch and patience is None:  # ...unless an earlier call found a better one
        best_cost = watched[history.best_epoch]
    best_weights = None
    bar = _progress_bar(epochs, progress)
    first = history.epochs + 1
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(first, first + epochs):
            train_epoch(net, X, Y, optimizer, batch_size, rng, clip_norm)
            _record(net, history, X, Y, X_val, Y_val, classify)
            cost = history.train_cost[-1]
            if has_diverged(cost, history.train_cost[0], net.params()):
                return _diverged(history, epoch, cost, bar, on_divergence, verbose)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(cost=f"{cost:.4f}")
            if watched[-1] < best_cost:
                best_cost, history.best_epoch = watched[-1], epoch
                if patience is not None:
                    best_weights = net.get_weights()
            elif (patience is not None and best_weights is not None  # (None: no finite cost yet)
                  and epoch - history.best_epoch >= patience):
                net.set_weights(best_weights)
                history.stop_reason = (
                    f"early stop at epoch {epoch}: no better validation cost for {patience} "
                    f"epochs; restored the weights of epoch {history.best_epoch}")
                _complete(bar)
                break
            if callback is not None and callback(epoch, history):
                history.stop_reason = f"stopped by the callback at epoch {epoch}"
                _complete(bar)
                break
        else:
            history.stop_reason = f"finished all {epochs} epochs"
            if best_weights is not None and history.best_epoch != history.epochs:
                net.set_weights(best_weights)
                history.stop_reason += f"; restored the weights of epoch {history.best_epoch}"
    if bar is not None:
        bar.close()
    return history


def _diverged(history: History, epoch: int, cost: float, bar: Any, on_divergence: str,
              verbose: bool) -> History:
    """Mark the history as diverged at `epoch` and stop (or raise) as fit was asked to."""
    history.diverged = True
    history.stop_reason = divergence_message("epoch", epoch, cost)
    if bar is not None:  # left short: in a notebook it turns red, like the run
        bar.close()
    if on_divergence == "raise":
        raise TrainingDiverged(history.stop_reason)
    if verbose:
        print(history.stop_reason)
    return history
