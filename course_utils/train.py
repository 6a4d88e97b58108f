"""The training loop: epochs of shuffled mini-batches, a history, early stopping, divergence.

One epoch is one pass over the training set in mini-batches; after every batch the network
takes one optimizer step on that batch's gradient. After every epoch the loop records the
cost and accuracy on the training and validation sets.
"""

from dataclasses import dataclass, field

import numpy as np

from .data import minibatches
from .optim import SGD, clip_by_norm

DIVERGENCE_FACTOR = 1e3  # a cost this many times the starting cost counts as diverged


class TrainingDiverged(RuntimeError):
    """Raised by fit(..., on_divergence='raise') when the cost becomes NaN or explodes."""


@dataclass
class History:
    """What fit() recorded, one entry per epoch (entry 0 is before any training)."""

    train_cost: list = field(default_factory=list)
    val_cost: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    best_epoch: int = 0
    stop_reason: str = ""
    diverged: bool = False

    @property
    def epochs(self):
        """How many epochs were trained."""
        return len(self.train_cost) - 1


def _record(net, history, X, Y, X_val, Y_val, classify):
    history.train_cost.append(net.cost(X, Y))
    if classify:
        history.train_acc.append(net.accuracy(X, Y))
    if X_val is not None:
        history.val_cost.append(net.cost(X_val, Y_val))
        if classify:
            history.val_acc.append(net.accuracy(X_val, Y_val))


def _divergence_message(epoch, cost):
    return (f"training diverged at epoch {epoch}: the cost is {cost:.4g}. "
            "Try a smaller learning rate.")


def _complete(bar):
    """End a progress bar at the epoch reached: stopping early is planned, not a failure (a
    notebook bar closed short of its total turns red)."""
    if bar is not None:
        n = bar.n
        bar.reset(total=n)  # the public way to change the total (a notebook bar's length too)
        bar.update(n)


def fit(net, X, Y, X_val=None, Y_val=None, *, epochs=20, batch_size=32, lr=0.1,
        optimizer=None, patience=None, clip_norm=None, seed=0, progress=False,
        on_divergence="stop", callback=None):
    """Train `net` on (X, Y) with mini-batches; return a History.

    lr: the learning rate of plain SGD, used when no `optimizer` (from optim.py) is given.
    patience: stop when the validation cost has not improved for this many epochs, and
        restore the weights of the best epoch (needs X_val, Y_val).
    clip_norm: clip the global gradient norm to this value before every step.
    seed: the shuffling order; the same seed and starting weights give the same history.
    progress: show a progress bar (tqdm; a widget in notebooks). An early or callback stop
        ends it complete; a diverged run leaves it short (red in a notebook).
    on_divergence: 'stop' ends the run with history.stop_reason saying why; 'raise' raises
        TrainingDiverged with the same message.
    callback(epoch, history): called after every epoch; return True to stop.
    """
    if on_divergence not in ("stop", "raise"):
        raise ValueError(f"on_divergence must be 'stop' or 'raise'; got {on_divergence!r}")
    if patience is not None and X_val is None:
        raise ValueError("early stopping (patience) needs a validation set X_val, Y_val")
    optimizer = optimizer or SGD(lr)
    X = net._check_X(X)
    Y = net.targets(Y, len(X))
    if X_val is not None:
        X_val = net._check_X(X_val)
        Y_val = net.targets(Y_val, len(X_val))
    classify = net.loss.name in ("bce", "cross_entropy")
    rng = np.random.default_rng(seed)
    history = History()
    _record(net, history, X, Y, X_val, Y_val, classify)
    start_cost = history.train_cost[0]
    best_cost, best_weights = np.inf, None

    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs, desc="epochs", leave=True)  # stays: how far the run went
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(1, epochs + 1):
            for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
                net.forward(X_batch)
                net.backward(Y_batch)
                grads = net.grads()
                if clip_norm is not None:
                    clip_by_norm(grads, clip_norm)
                optimizer.update(net.params(), grads)
            _record(net, history, X, Y, X_val, Y_val, classify)
            cost = history.train_cost[-1]
            finite = np.isfinite(cost) and all(np.isfinite(p).all() for p in net.params())
            if not finite or cost > DIVERGENCE_FACTOR * max(start_cost, 1e-3):
                history.diverged = True
                history.stop_reason = _divergence_message(epoch, cost)
                if bar is not None:  # left short: in a notebook it turns red, like the run
                    bar.close()
                if on_divergence == "raise":
                    raise TrainingDiverged(history.stop_reason)
                print(history.stop_reason)
                return history
            if bar is not None:
                bar.update(1)
                bar.set_postfix(cost=f"{cost:.4f}")
            watched = history.val_cost[-1] if X_val is not None else cost
            if watched < best_cost:
                best_cost, history.best_epoch = watched, epoch
                if patience is not None:
                    best_weights = net.get_weights()
            elif patience is not None and epoch - history.best_epoch >= patience:
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
            if best_weights is not None and history.best_epoch != epochs:
                net.set_weights(best_weights)
                history.stop_reason += f"; restored the weights of epoch {history.best_epoch}"
    if bar is not None:
        bar.close()
    return history
