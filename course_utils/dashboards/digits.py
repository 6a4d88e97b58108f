"""Notebook 06's figures and dashboard: digit galleries, the confusion matrix, training curves
and the training dashboard."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from ..network import MLP
from ..train import fit
from .drawing import plot_history
from .style import COLORS
from .view import FigureView, log_slider, new_figure

# ================================================================== 06: digits
GREYS = "gray_r"  # digits drawn dark on white, as on paper

COUNT_CMAP = LinearSegmentedColormap.from_list("course_counts", ["#ffffff", COLORS["positive"]])


def history_figure(history, title=""):
    """Cost and accuracy curves of a train.History side by side (plots.plot_history)."""
    fig, (ax_cost, ax_acc) = new_figure(1, 2, figsize=(11, 4))
    plot_history(history, ax_cost, "cost")
    plot_history(history, ax_acc, "acc")
    ax_cost.set_title(f"{title}cost per epoch")
    ax_acc.set_title(f"{title}accuracy per epoch")
    for ax in (ax_cost, ax_acc):
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def digit_gallery(images, labels, n=20, ncols=10, title=None, predicted=None):
    """A grid of the first n images (each (h, w)), each with its label above it.

    predicted: optional predicted labels; each caption then reads 'true→predicted' in the
    'negative' colour. The images are tiled into one picture (fast to draw). Returns the
    figure.
    """
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim != 3 or len(images) != len(labels):
        raise ValueError(f"expected images (m, h, w) and m labels; got {images.shape} and "
                         f"{labels.shape}")
    n = min(n, len(images))
    ncols = max(1, min(ncols, n))
    nrows = max(1, -(-n // ncols))
    h, w = images.shape[1:]
    gap_x, gap_y = max(1, w // 4), max(2, h // 2)  # room between tiles and for the captions
    tile_h, tile_w = h + gap_y, w + gap_x
    mosaic = np.full((nrows * tile_h, ncols * tile_w), np.nan)
    fig, ax = new_figure(figsize=(1.1 * ncols + 0.4, 1.35 * nrows + 0.6))
    for k in range(n):
        r, c = divmod(k, ncols)
        top, left = r * tile_h + gap_y, c * tile_w
        mosaic[top:top + h, left:left + w] = images[k]
        caption = str(labels[k]) if predicted is None else f"{labels[k]}→{predicted[k]}"
        ax.text(left + w / 2 - 0.5, top - 0.8, caption, ha="center", va="bottom", fontsize=13,
                color="k" if predicted is None else COLORS["negative"])
    ax.imshow(mosaic, cmap=GREYS, interpolation="nearest")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=14)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(counts, ax=None, title="confusion matrix (test set)"):
    """Draw the counts as a heat map with the number written in every non-empty cell."""
    if ax is None:
        _, ax = new_figure(figsize=(6.5, 5.8))
    n = len(counts)
    ax.imshow(counts, cmap=COUNT_CMAP, vmin=0)
    top = counts.max()
    for t in range(n):
        for p in range(n):
            if counts[t, p]:
                dark = counts[t, p] > 0.6 * top
                ax.text(p, t, str(counts[t, p]), ha="center", va="center", fontsize=11,
                        color="white" if dark else ("k" if t == p else COLORS["negative"]),
                        fontweight="normal" if t == p else "bold")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.grid(False)
    ax.set_title(title)
    return ax


def misclassified_gallery(images, y_true, y_pred, n=20, ncols=10):
    """The first n test images the network got wrong, titled 'true→predicted'."""
    wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))
    n_wrong = len(wrong)
    wrong = wrong[:n]
    return digit_gallery(np.asarray(images)[wrong], np.asarray(y_true)[wrong],
                         n=len(wrong), ncols=ncols, predicted=np.asarray(y_pred)[wrong],
                         title=f"misclassified: {n_wrong} of {len(y_true)} (true→predicted)")


def training_dashboard(X_train, y_train, X_val, y_val, sizes=(64, 64, 32, 10),
                       activation="relu", init="he", epochs=30, patience=5, seed=0):
    """Train an MLP with the chosen learning rate and batch size; the curves grow per epoch.

    Controls: box.lr_slider, box.batch_slider, box.train_button (box.train() does the same).
    Artists: box.cost_lines and box.acc_lines, each {'train': Line2D, 'val': Line2D};
    box.best_line marks the restored epoch; box.progress is the epoch bar; box.status the
    text. After training, box.net and box.history hold the result. Every run starts from the
    same initial weights (the seed), so runs differ only by the controls.
    """
    lr_slider, batch_slider, train_button, progress, status = _training_controls(epochs)
    fig, ax_cost, lines, best_line = _training_figure(epochs)
    box, views = W.VBox(), []  # the view is made after the first drawing: one render, not two

    def new_net():
        return MLP(list(sizes), activation=activation, loss="cross_entropy", init=init,
                   seed=seed)

    def show(history):
        _show_history(lines, ax_cost, history)
        for view in views:
            view.refresh()

    def on_epoch(epoch, history):
        progress.value = epoch
        status.value = (f"epoch {epoch}: validation cost {history.val_cost[-1]:.4f}, "
                        f"validation accuracy {history.val_acc[-1]:.3f}")
        show(history)
        return False

    def train(_button=None):
        net = new_net()
        progress.value = 0
        best_line.set_visible(False)
        history = fit(net, X_train, y_train, X_val, y_val, epochs=epochs,
                      batch_size=batch_slider.value, lr=lr_slider.value, patience=patience,
                      seed=seed, callback=on_epoch)
        progress.value = history.epochs
        if not history.diverged:
            best_line.set_xdata([history.best_epoch, history.best_epoch])
            best_line.set_visible(True)
        status.value = (f"η = {lr_slider.value:.3g}, batch size {batch_slider.value}: "
                        f"{history.stop_reason}. Validation accuracy "
                        f"{net.accuracy(X_val, y_val):.3f}.")
        show(history)
        box.net, box.history = net, history
        return history

    train_button.on_click(train)
    # draw once with the defaults: the untrained network's epoch-0 point
    untrained = new_net()
    first = fit(untrained, X_train, y_train, X_val, y_val, epochs=0)
    show(first)
    status.value = "Choose η and the batch size, then press Train."
    views.append(FigureView(fig))
    box.children = [W.HBox([lr_slider, batch_slider, train_button]), progress, status,
                    views[0].widget]
    box.lr_slider, box.batch_slider, box.train_button, box.progress = (
        lr_slider, batch_slider, train_button, progress)
    box.status, box.cost_lines, box.acc_lines, box.best_line = (
        status, lines["cost"], lines["acc"], best_line)
    box.figure, box.train, box.net, box.history = fig, train, untrained, first
    return box


def _training_controls(epochs):
    """The training dashboard's controls: the learning-rate and batch-size sliders, the Train
    button, the epoch bar and the status text."""
    lr_slider = log_slider(0.05, -3, 0, "learning rate η")
    batch_slider = W.SelectionSlider(options=[8, 16, 32, 64, 128, 256], value=32,
                                     description="batch size m", continuous_update=False,
                                     style={"description_width": "initial"})
    train_button = W.Button(description="Train", button_style="primary", icon="play")
    progress = W.IntProgress(value=0, min=0, max=epochs, description="epochs")
    return lr_slider, batch_slider, train_button, progress, W.HTML()


def _training_figure(epochs):
    """The training dashboard's figure, its curves still empty: cost (left) and accuracy
    (right) per epoch, for the training and the validation set, and a dashed line (hidden
    until a run ends) at the epoch whose weights training restored.

    Returns (fig, ax_cost, lines, best_line) with lines[what][part] the Line2D of 'cost' or
    'acc' for 'train' or 'val'.
    """
    with plt.ioff():
        fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    lines = {}
    for ax, what in ((ax_cost, "cost"), (ax_acc, "acc")):
        lines[what] = {
            "train": ax.plot([], [], "o-", ms=3, color=COLORS["train"], label="training")[0],
            "val": ax.plot([], [], "o-", ms=3, color=COLORS["val"], label="validation")[0],
        }
        ax.set_xlabel("epoch")
        ax.set_xlim(0, epochs)
    best_line = ax_cost.axvline(0, color=COLORS["neutral"], ls="--", lw=1.2,
                                label="restored epoch")
    ax_cost.set_ylabel("cost J (cross-entropy)")
    ax_cost.set_title("cost")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_ylim(0, 1.02)
    ax_acc.set_title("accuracy")
    ax_cost.legend(loc="upper right")
    best_line.set_visible(False)  # after the legend, which copies its look
    fig.tight_layout()
    return fig, ax_cost, lines, best_line


def _show_history(lines, ax_cost, history):
    """Put a History's curves on the lines of _training_figure; the cost axis then reaches
    just above the largest finite cost."""
    for what in ("cost", "acc"):
        for part in ("train", "val"):
            values = getattr(history, f"{part}_{what}")
            lines[what][part].set_data(np.arange(len(values)), values)
    costs = np.concatenate([history.train_cost, history.val_cost])
    costs = costs[np.isfinite(costs)]
    ax_cost.set_ylim(0, 1.08 * costs.max() if costs.size else 1)
