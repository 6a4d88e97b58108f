"""Notebook 07's figures and dashboard: gradient norms per layer, histograms, clipping and
skip connections."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..experiments.depth import INITS, deep_net, hidden_activations, layer_gradient_norms
from .style import COLORS, OKABE_ITO
from .view import FigureView, new_figure

INIT_LABELS = {"naive": "naive N(0, 0.01²)", "large": "large N(0, 1)",
               "xavier": "Xavier N(0, 2/(n_in+n_out))", "he": "He N(0, 2/n_in)"}


LAYER_COLORS = [OKABE_ITO[c] for c in ("blue", "sky", "green", "orange", "vermillion",
                                       "purple", "black")]


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
    fig, axes = new_figure(1, len(activations), figsize=(3.6 * len(activations) + 0.4, 4.2),
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
    fig, axes = new_figure(2, len(inits), figsize=(3.6 * len(inits) + 0.4, 7.2), squeeze=False)
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
    fig, ax = new_figure(figsize=(8, 4.2))
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
    fig, ax = new_figure(figsize=(10, 4.2))
    gradient_norm_bars(ax, norms, title=f"{depth} layers, {activation}, {INIT_LABELS[init]}")
    fig.tight_layout()
    return fig, norms
