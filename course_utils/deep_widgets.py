"""Figures, dashboards and data helpers for notebooks 06-08: deep networks on real data.

06  digit galleries, a confusion matrix, a training dashboard, an MNIST (IDX format) loader
07  per-layer gradient norms, activation and gradient histograms, a gradient-norm dashboard
08  2-D test surfaces, optimizer trajectories on them, an optimizer dashboard

Every dashboard is a function returning an ipywidgets box whose controls and artists are
attributes (box.lr_slider, box.cost_lines, ...), so a test can move a control and check what
changed. Figures are made once (inside plt.ioff()) and updated in place.
"""

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from . import optim
from .network import MLP, dense_forward
from .plots import COLORS, OKABE_ITO, plot_history
from .residual import ResidualMLP
from .train import fit
from .widgets import FigureView, log_slider

# ================================================================== 06: digits
GREYS = "gray_r"  # digits drawn dark on white, as on paper
COUNT_CMAP = LinearSegmentedColormap.from_list("course_counts", ["#ffffff", COLORS["positive"]])


def _new_figure(*args, **kwargs):
    """plt.subplots without showing: the caller returns the figure and the notebook shows it
    once (pyplot forgets it, so the inline backend does not show it a second time)."""
    with plt.ioff():
        fig, axes = plt.subplots(*args, **kwargs)
    plt.close(fig)
    return fig, axes


def history_figure(history, title=""):
    """Cost and accuracy curves of a train.History side by side (plots.plot_history)."""
    fig, (ax_cost, ax_acc) = _new_figure(1, 2, figsize=(11, 4))
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
    fig, ax = _new_figure(figsize=(1.1 * ncols + 0.4, 1.35 * nrows + 0.6))
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


def confusion_matrix(y_true, y_pred, n_classes=10):
    """counts[t, p] = how many samples of true class t were predicted as class p."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape; got {y_true.shape} and "
                         f"{y_pred.shape}")
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def plot_confusion_matrix(counts, ax=None, title="confusion matrix (test set)"):
    """Draw the counts as a heat map with the number written in every non-empty cell."""
    if ax is None:
        _, ax = _new_figure(figsize=(6.5, 5.8))
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
    lr_slider = log_slider(0.05, -3, 0, "learning rate η")
    batch_slider = W.SelectionSlider(options=[8, 16, 32, 64, 128, 256], value=32,
                                     description="batch size m", continuous_update=False,
                                     style={"description_width": "initial"})
    train_button = W.Button(description="Train", button_style="primary", icon="play")
    progress = W.IntProgress(value=0, min=0, max=epochs, description="epochs")
    status = W.HTML()
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
    box, views = W.VBox(), []  # the view is made after the first drawing: one render, not two

    def new_net():
        return MLP(list(sizes), activation=activation, loss="cross_entropy", init=init,
                   seed=seed)

    def show(history):
        for what in ("cost", "acc"):
            for part in ("train", "val"):
                values = getattr(history, f"{part}_{what}")
                lines[what][part].set_data(np.arange(len(values)), values)
        costs = np.concatenate([history.train_cost, history.val_cost])
        costs = costs[np.isfinite(costs)]
        ax_cost.set_ylim(0, 1.08 * costs.max() if costs.size else 1)
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


# ------------------------------------------------------------ MNIST, IDX files
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
               "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def read_idx(path):
    """Read one IDX file (plain or .gz) into a numpy array.

    The format: two zero bytes, one byte naming the type (0x08 = unsigned byte, ...), one
    byte with the number of dimensions d, then d big-endian 32-bit sizes, then the data.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_DTYPES:
        raise ValueError(f"{path} is not an IDX file (its first bytes should be 0, 0, a type "
                         "code and the number of dimensions)")
    dtype, ndim = np.dtype(IDX_DTYPES[raw[2]]), raw[3]
    shape = tuple(int(s) for s in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    offset = 4 + 4 * ndim
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - offset != expected:
        raise ValueError(f"{path}: header says shape {shape} ({expected} bytes of data) but the "
                         f"file holds {len(raw) - offset} bytes after the header")
    return np.frombuffer(raw, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def _find(directory, name):
    for candidate in (directory / name, directory / (name + ".gz")):
        if candidate.exists():
            return candidate
    return None


def load_mnist_idx(directory="data/mnist", kind="train"):
    """MNIST from the four standard IDX files in `directory` (plain or gzipped).

    kind: 'train' (60,000 images) or 'test' (10,000). Returns images (m, 28, 28) as uint8
    and labels (m,) as int. Raises FileNotFoundError naming the missing files; nothing is
    downloaded.
    """
    if kind not in MNIST_FILES:
        raise ValueError(f"kind must be 'train' or 'test'; got {kind!r}")
    directory = Path(directory)
    found = [_find(directory, name) for name in MNIST_FILES[kind]]
    missing = [name for name, path in zip(MNIST_FILES[kind], found) if path is None]
    if missing:
        raise FileNotFoundError(
            f"The MNIST files are absent: no {' or '.join(missing)} (optionally .gz) in "
            f"'{directory}'. Put the standard IDX files there to use the full data set; "
            "everything else in this notebook works without them.")
    images, labels = read_idx(found[0]), read_idx(found[1])
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(f"expected images (m, 28, 28) and m labels; got {images.shape} and "
                         f"{labels.shape}")
    return images, labels.astype(int)


# ================================================================ 07: gradients
# The initialisations compared in notebook 07: a name of init.py and the std for 'naive'.
INITS = {"naive": ("naive", 0.01), "large": ("naive", 1.0), "xavier": ("xavier", None),
         "he": ("he", None)}
INIT_LABELS = {"naive": "naive N(0, 0.01²)", "large": "large N(0, 1)",
               "xavier": "Xavier N(0, 2/(n_in+n_out))", "he": "He N(0, 2/n_in)"}
LAYER_COLORS = [OKABE_ITO[c] for c in ("blue", "sky", "green", "orange", "vermillion",
                                       "purple", "black")]


def deep_net(depth, activation="sigmoid", init="xavier", width=32, n_in=64, n_out=10,
             residual=False, seed=0, init_scale=None, branch_scale=1.0):
    """A softmax classifier with `depth` layers: n_in -> width -> ... -> width -> n_out.

    depth = L, the number of weight layers (depth - 1 hidden layers of `width` units).
    init: 'naive', 'large', 'xavier' or 'he' (see INITS); init_scale overrides the std of
    'naive'/'large'. residual=True builds a residual.ResidualMLP (skips on the equal-width
    hidden layers, their initial weights times branch_scale).
    """
    if int(depth) != depth or depth < 2:
        raise ValueError(f"depth must be a whole number >= 2 (layers); got {depth!r}")
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of: {', '.join(INITS)}")
    name, scale = INITS[init]
    sizes = [n_in] + [width] * (int(depth) - 1) + [n_out]
    kwargs = dict(activation=activation, loss="cross_entropy", init=name, seed=seed,
                  init_scale=init_scale if init_scale is not None else scale)
    if residual:
        return ResidualMLP(sizes, branch_scale=branch_scale, **kwargs)
    return MLP(sizes, **kwargs)


def layer_gradient_norms(net, X, y):
    """||dW^(l)|| (Frobenius norm: the root of the sum of squares) for l = 1..L, on (X, y).

    One forward and one backward pass on the batch; nothing is updated.
    """
    net.gradients(X, y)
    return np.array([np.linalg.norm(layer.dW) for layer in net.layers])


def hidden_activations(net, X):
    """[a^(1), ..., a^(L-1)]: the hidden activations of a plain MLP for the batch X."""
    A = net._check_X(X)
    out = []
    for layer in net.layers[:-1]:
        A = layer.activation(dense_forward(A, layer.W, layer.b)[0])
        out.append(A)
    return out


def gradient_norm_bars(ax, norms, labels=None, colors=None, title=""):
    """Grouped bars on a log scale: norms is {label: array of ||dW^(l)||, l = 1..L}."""
    norms = {k: np.asarray(v, dtype=float) for k, v in norms.items()}
    n_sets = len(norms)
    width = 0.8 / n_sets
    colors = colors or [COLORS["train"], COLORS["val"], COLORS["test"], COLORS["backward"]]
    bars = {}
    for k, (label, values) in enumerate(norms.items()):
        layers = np.arange(1, len(values) + 1)
        bars[label] = ax.bar(layers + (k - (n_sets - 1) / 2) * width,
                             np.maximum(values, TINY), width, color=colors[k], label=label)
    ax.set_yscale("log")
    ax.set_xlabel("layer l")
    ax.set_ylabel(r"$\|\partial J/\partial W^{(l)}\|$")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlim(0.4, max(len(v) for v in norms.values()) + 0.6)
    if n_sets > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    return bars


TINY = 1e-40  # a norm that underflowed to 0 is drawn at this height on the log axis


def norms_by_depth_figure(X, y, depths=(2, 5, 10, 20), activations=("sigmoid", "tanh", "relu"),
                          inits=None):
    """One panel per activation: ||dW^(l)|| against l for several depths (lines on a log
    scale). inits: {activation: init name}; by default Xavier for sigmoid/tanh, He for ReLU.
    Returns the figure and {(activation, depth): norms}."""
    inits = inits or {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}
    fig, axes = _new_figure(1, len(activations), figsize=(3.6 * len(activations) + 0.4, 4.2),
                            sharey=True)
    axes = np.atleast_1d(axes)
    results = {}
    for ax, act in zip(axes, activations):
        for k, depth in enumerate(depths):
            norms = layer_gradient_norms(deep_net(depth, act, inits[act]), X, y)
            results[act, depth] = norms
            ax.plot(np.arange(1, depth + 1), np.maximum(norms, TINY), "o-", ms=4,
                    color=LAYER_COLORS[k], label=f"L = {depth}")
        ax.set_yscale("log")
        ax.set_xlabel("layer l")
        ax.set_title(f"{act}, {inits[act]} init")
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    axes[0].set_ylabel(r"$\|\partial J/\partial W^{(l)}\|$")
    axes[-1].legend(title="depth")
    fig.tight_layout()
    return fig, results


def histograms_figure(X, y, depth=10, activation="tanh", inits=("naive", "xavier", "large"),
                      layers=(1, 3, 5, 7, 9)):
    """Per-layer histograms, one column per init: top row the activations a^(l), bottom row
    log10 |entries of dW^(l)|. Shows the signal dying (naive), saturating (large) or keeping
    its spread (Xavier) as it goes through the layers. Returns the figure."""
    fig, axes = _new_figure(2, len(inits), figsize=(3.6 * len(inits) + 0.4, 7.2), squeeze=False)
    layers = [l for l in layers if l < depth]
    for col, init in enumerate(inits):
        net = deep_net(depth, activation, init)
        activations = hidden_activations(net, X)
        net.gradients(X, y)
        # entries that are exactly 0 (pixels that are always blank) have no logarithm
        logs = {l: np.log10(np.abs(net.layer(l).dW[net.layer(l).dW != 0])) for l in layers}
        lo = np.floor(min(v.min() for v in logs.values())) - 0.5
        hi = np.ceil(max(v.max() for v in logs.values())) + 0.5
        for k, l in enumerate(layers):
            color = LAYER_COLORS[k]
            axes[0, col].hist(activations[l - 1].ravel(), bins=60, range=(-1, 1),
                              histtype="step", lw=2, color=color, density=True,
                              label=f"layer {l}")
            axes[1, col].hist(logs[l], bins=50, range=(lo, hi), histtype="step", lw=2,
                              color=color, density=True, label=f"layer {l}")
        axes[0, col].set_title(f"{activation}, {INIT_LABELS[init]}".replace(" N(", "\nN("),
                               fontsize=12)
        axes[0, col].set_xlabel(f"activation $a^{{(l)}}$ = {activation}(z)")
        axes[1, col].set_xlabel(r"$\log_{10} |\partial J/\partial W^{(l)}_{jk}|$")
        axes[0, col].set_yscale("log")
    axes[0, 0].set_ylabel("density (log)")
    axes[1, 0].set_ylabel("density")
    axes[0, -1].legend(fontsize=10, loc="upper center")
    fig.tight_layout()
    return fig


def gradient_norm_dashboard(X, y, depth=10, activation="sigmoid", init="xavier", max_depth=20):
    """Bars of ||dW^(l)|| for every layer of a fresh deep network, redrawn for the controls.

    Controls: box.depth_slider, box.activation_dropdown, box.init_dropdown,
    box.residual_checkbox. box.bars holds max_depth bars (those beyond the depth are hidden);
    box.norms the current norms; box.readout the ratio first / last layer.
    """
    depth_slider = W.IntSlider(value=depth, min=2, max=max_depth, description="depth L",
                               continuous_update=False)
    activation_dropdown = W.Dropdown(options=["sigmoid", "tanh", "relu"], value=activation,
                                     description="activation")
    init_dropdown = W.Dropdown(options=[(INIT_LABELS[k], k) for k in INITS], value=init,
                               description="init", style={"description_width": "initial"})
    residual_checkbox = W.Checkbox(value=False, description="skip connections (residual)")
    readout = W.HTML()
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(9, 4.2))
    bars = ax.bar(np.arange(1, max_depth + 1), np.ones(max_depth), 0.7,
                  color=COLORS["train"])
    ax.set_yscale("log")
    ax.set_xlabel("layer l  (1 = first hidden layer, L = output)")
    ax.set_ylabel(r"$\|\partial J/\partial W^{(l)}\|$")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    title = ax.set_title("placeholder: sized by tight_layout")
    fig.tight_layout()
    box, views = W.VBox(), []  # the view is made after the first drawing: one render, not two

    def redraw(change=None):
        L = depth_slider.value
        net = deep_net(L, activation_dropdown.value, init_dropdown.value,
                       residual=residual_checkbox.value)
        with np.errstate(over="ignore", invalid="ignore"):
            norms = layer_gradient_norms(net, X, y)
        shown = np.clip(np.nan_to_num(norms, nan=TINY, posinf=1e300), TINY, None)
        for l, bar in enumerate(bars):
            bar.set_visible(l < L)
            bar.set_height(shown[l] if l < L else TINY)
            bar.set_color(COLORS["test"] if l == L - 1 else COLORS["train"])
        ax.set_xlim(0.4, L + 0.6)
        ax.set_ylim(shown.min() / 5, shown.max() * 5)
        kind = "residual" if residual_checkbox.value else "plain"
        title.set_text(f"{kind} net, {L} layers, {activation_dropdown.value}, "
                       f"{INIT_LABELS[init_dropdown.value]}")
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
        readout.value = (f"‖dW<sup>(1)</sup>‖ = {norms[0]:.3g}, ‖dW<sup>(L)</sup>‖ = "
                         f"{norms[-1]:.3g}: first / last = <b>{ratio:.3g}</b>")
        box.norms = norms
        for view in views:
            view.refresh()

    for control in (depth_slider, activation_dropdown, init_dropdown, residual_checkbox):
        control.observe(redraw, names="value")
    box.depth_slider, box.activation_dropdown, box.init_dropdown = (
        depth_slider, activation_dropdown, init_dropdown)
    box.residual_checkbox, box.bars, box.readout, box.figure = (
        residual_checkbox, list(bars), readout, fig)
    redraw()
    views.append(FigureView(fig))
    box.children = [W.HBox([depth_slider, activation_dropdown]),
                    W.HBox([init_dropdown, residual_checkbox]), readout, views[0].widget]
    return box


def clipping_figure(histories, title="exploding gradients and clipping"):
    """Validation cost per epoch (log scale) of runs {label: History}; a diverged run ends
    in a cross at its last finite value."""
    fig, ax = _new_figure(figsize=(8, 4.2))
    colors = [COLORS["negative"], COLORS["positive"], COLORS["test"]]
    for color, (label, history) in zip(colors, histories.items()):
        cost = np.asarray(history.val_cost, dtype=float)
        finite = np.isfinite(cost)
        if history.diverged:  # the last entry is NaN or huge: mark where it happened
            last = np.flatnonzero(finite)[-1] if finite[:-1].any() else 0
            ax.plot(np.arange(last + 1), cost[:last + 1], "o-", ms=4, color=color)
            ax.plot(len(cost) - 1, cost[last], "X", ms=14, color=color,
                    label=f"{label}: diverged at epoch {len(cost) - 1}")
        else:
            ax.plot(np.flatnonzero(finite), cost[finite], "o-", ms=4, color=color, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("validation cost J")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig


def residual_comparison_figure(X, y, depth=20, activation="sigmoid", init="xavier"):
    """||dW^(l)|| per layer of a plain and a residual network of the same depth, side by side.
    Returns the figure and {'plain': norms, 'residual': norms}."""
    norms = {kind: layer_gradient_norms(deep_net(depth, activation, init,
                                                 residual=kind == "residual"), X, y)
             for kind in ("plain", "residual")}
    fig, ax = _new_figure(figsize=(10, 4.2))
    gradient_norm_bars(ax, norms, title=f"{depth} layers, {activation}, {INIT_LABELS[init]}")
    fig.tight_layout()
    return fig, norms


# =============================================================== 08: optimizers
@dataclass(frozen=True)
class Surface:
    """A 2-D test function f(x, y) with its gradient, a start point and a plotting window."""

    name: str
    f: Callable  # f(xy) for xy of shape (2,) or (2, ...) (a grid)
    grad: Callable  # the gradient (df/dx, df/dy) at xy, shape (2,)
    start: tuple
    xlim: tuple
    ylim: tuple
    minima: tuple  # the (x, y) of the minima, to mark them


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
OPTIMIZER_COLORS = {"sgd": OKABE_ITO["black"], "momentum": OKABE_ITO["blue"],
                    "rmsprop": OKABE_ITO["green"], "adam": OKABE_ITO["vermillion"]}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}


def optimizer_hyper(name, momentum=0.9, beta1=0.9, beta2=0.999, rho=0.9):
    """The keyword arguments of optim's optimizer `name` from the dashboard's sliders."""
    return {"sgd": {}, "momentum": {"beta": momentum}, "rmsprop": {"rho": rho},
            "adam": {"beta1": beta1, "beta2": beta2}}[name]


def optimizer_path(surface, name, lr, steps=100, start=None, **hyper):
    """Run the optimizer `name` (from optim.py) on a 2-D surface; return the points visited.

    The point xy is the only parameter: each step calls opt.update([xy], [grad(xy)]), the
    same call that trains a network. Stops early when the point leaves every sensible range
    (|x| or |y| > 1e3, or not finite): the run diverged. Returns an (n + 1, 2) array.
    """
    surface = SURFACES[surface] if isinstance(surface, str) else surface
    xy = np.array(surface.start if start is None else start, dtype=float)
    opt = optim.make_optimizer(name, lr, **hyper)
    points = [xy.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            opt.update([xy], [surface.grad(xy)])
            points.append(xy.copy())
            if not np.all(np.isfinite(xy)) or np.abs(xy).max() > 1e3:
                break
    return np.array(points)


def _draw_surface(ax, surface, resolution=100):
    xs = np.linspace(*surface.xlim, resolution)
    ys = np.linspace(*surface.ylim, resolution)
    xx, yy = np.meshgrid(xs, ys)
    zz = surface.f(np.array([xx, yy]))
    levels = np.unique(np.quantile(zz, np.linspace(0, 1, 22) ** 2))
    ax.contourf(xx, yy, zz, levels=levels, cmap="Greys_r", alpha=0.35)
    ax.contour(xx, yy, zz, levels=levels, colors=COLORS["neutral"], linewidths=0.6)
    for m in surface.minima:
        ax.plot(*m, "*", ms=15, color=OKABE_ITO["yellow"], mec="k", zorder=5)
    ax.plot(*surface.start, "o", ms=9, color="white", mec="k", zorder=5)
    ax.set_xlim(surface.xlim)
    ax.set_ylim(surface.ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.grid(False)
    ax.set_title(surface.name.replace("  ", "\n"), fontsize=12)  # name, then formula


def _trajectory_axes(surfaces):
    """One panel per surface with its contours and an empty line per optimizer."""
    with plt.ioff():
        fig, axes = plt.subplots(1, len(surfaces), figsize=(3.7 * len(surfaces), 4.0))
    axes = np.atleast_1d(axes)
    paths = {}
    for ax, key in zip(axes, surfaces):
        _draw_surface(ax, SURFACES[key])
        for name, color in OPTIMIZER_COLORS.items():
            (paths[key, name],) = ax.plot([], [], ".-", ms=4, lw=1.6, color=color,
                                          label=OPTIMIZER_LABELS[name])
    axes[0].legend(loc="lower right", fontsize=10)
    fig.tight_layout()
    return fig, paths


def _update_trajectories(paths, surfaces, lr, steps, hypers):
    """Recompute every trajectory into its line; return {(surface, name): final f} (inf for a
    run that diverged)."""
    final = {}
    for name in OPTIMIZER_COLORS:
        for key in surfaces:
            points = optimizer_path(key, name, lr, steps, **hypers[name])
            paths[key, name].set_data(points[:, 0], points[:, 1])
            diverged = len(points) <= steps or not np.isfinite(points).all()
            final[key, name] = np.inf if diverged else float(SURFACES[key].f(points[-1]))
    return final


def trajectories_figure(lr=0.05, steps=100, momentum=0.9, beta1=0.9, beta2=0.999, rho=0.9,
                        surfaces=("ravine", "saddle", "local minimum")):
    """The four optimizers on the 2-D surfaces from the same start (a still of the dashboard).
    Returns the figure and {(surface, optimizer): f at the end} (inf where it diverged)."""
    fig, paths = _trajectory_axes(surfaces)
    plt.close(fig)
    hypers = {name: optimizer_hyper(name, momentum, beta1, beta2, rho)
              for name in OPTIMIZER_COLORS}
    return fig, _update_trajectories(paths, surfaces, lr, steps, hypers)


TABLE_CELL = 'style="padding: 0 1em; text-align: right"'  # columns apart, numbers aligned


def optimizer_dashboard(lr=0.05, momentum=0.9, beta1=0.9, beta2=0.999, rho=0.9, steps=100,
                        surfaces=("ravine", "saddle", "local minimum")):
    """SGD, momentum, RMSprop and Adam on three 2-D surfaces, from the same start.

    Controls: box.lr_slider, box.momentum_slider, box.beta1_slider, box.beta2_slider,
    box.rho_slider (RMSprop), box.steps_slider. Artists: box.paths[(surface, optimizer)] is
    the Line2D of that trajectory; box.final[(surface, optimizer)] the f value where it ended
    (inf if it diverged); box.table shows them.
    """
    lr_slider = log_slider(lr, -3, 0, "learning rate η")
    fits = {"style": {"description_width": "7.5em"}, "layout": W.Layout(width="340px"),
            "continuous_update": False}  # room for the longest label, "learning rate η"
    momentum_slider = W.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                    description="momentum β", **fits)
    beta1_slider = W.FloatSlider(value=beta1, min=0.0, max=0.99, step=0.01,
                                 description="Adam β₁", **fits)
    beta2_slider = W.SelectionSlider(options=[0.9, 0.95, 0.99, 0.995, 0.999, 0.9999],
                                     value=beta2, description="Adam β₂", **fits)
    rho_slider = W.FloatSlider(value=rho, min=0.0, max=0.999, step=0.01,
                               description="RMSprop ρ", **fits)
    steps_slider = W.IntSlider(value=steps, min=5, max=300, step=5, description="steps",
                               **fits)
    lr_slider.style.description_width, lr_slider.layout = "7.5em", W.Layout(width="340px")
    table = W.HTML()
    fig, paths = _trajectory_axes(surfaces)
    box, views = W.VBox(), []  # the view is made after the first drawing: one render, not two

    def redraw(change=None):
        hypers = {name: optimizer_hyper(name, momentum_slider.value, beta1_slider.value,
                                        beta2_slider.value, rho_slider.value)
                  for name in OPTIMIZER_COLORS}
        box.final = _update_trajectories(paths, surfaces, lr_slider.value, steps_slider.value,
                                         hypers)
        rows = []
        for name in OPTIMIZER_COLORS:
            cells = ["diverged" if not np.isfinite(box.final[key, name])
                     else f"{box.final[key, name]:.4f}" for key in surfaces]
            rows.append(f"<tr><td {TABLE_CELL}><b>{OPTIMIZER_LABELS[name]}</b></td>"
                        + "".join(f"<td {TABLE_CELL}>{c}</td>" for c in cells) + "</tr>")
        head = "".join(f"<th {TABLE_CELL}>{k}</th>" for k in surfaces)
        table.value = (f"<table><tr><th {TABLE_CELL}>f at the end</th>{head}</tr>"
                       f"{''.join(rows)}</table>")
        for view in views:
            view.refresh()

    for control in (lr_slider, momentum_slider, beta1_slider, beta2_slider, rho_slider,
                    steps_slider):
        control.observe(redraw, names="value")
    box.lr_slider, box.momentum_slider, box.beta1_slider = lr_slider, momentum_slider, beta1_slider
    box.rho_slider = rho_slider
    box.beta2_slider, box.steps_slider, box.paths = beta2_slider, steps_slider, paths
    box.table, box.figure = table, fig
    redraw()
    views.append(FigureView(fig))
    box.children = [W.HBox([lr_slider, steps_slider]), W.HBox([momentum_slider, rho_slider]),
                    W.HBox([beta1_slider, beta2_slider]), table, views[0].widget]
    return box


def compare_optimizers(net, X_train, y_train, X_val, y_val, settings, epochs=15, batch_size=32,
                       seed=0):
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


def validation_curves_figure(histories, settings=None):
    """Validation cost and accuracy per epoch for {optimizer name: History}."""
    fig, (ax_cost, ax_acc) = _new_figure(1, 2, figsize=(11, 4.2))
    for name, history in histories.items():
        label = OPTIMIZER_LABELS.get(name, name)
        if settings:
            label += f" (η = {settings[name][0]:g})"
        color = OPTIMIZER_COLORS.get(name)
        ax_cost.plot(history.val_cost, "o-", ms=3, color=color, label=label)
        ax_acc.plot(history.val_acc, "o-", ms=3, color=color, label=label)
    ax_cost.set_yscale("log")
    ax_cost.set_ylabel("validation cost J (log)")
    ax_acc.set_ylabel("validation accuracy")
    ax_acc.set_ylim(0, 1.02)  # from 0, so every epoch-0 point shows
    for ax, what in ((ax_cost, "cost"), (ax_acc, "accuracy")):
        ax.set_xlabel("epoch")
        ax.set_title(f"validation {what}, same initial weights")
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax_acc.legend(loc="lower right")
    fig.tight_layout()
    return fig
