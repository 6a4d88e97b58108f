"""Figures that several notebooks draw: training curves, decision boundaries, network diagrams.

Colours come from style.COLORS, so the same thing has the same colour everywhere.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from .style import CLASS_COLORS, COLORS, weight_color


def plot_history(history, ax=None, what="cost"):
    """Training and validation curves of a train.History ('cost' or 'acc') against epochs."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    train = getattr(history, f"train_{what}")
    val = getattr(history, f"val_{what}")
    ax.plot(range(len(train)), train, color=COLORS["train"], label="training")
    if val:
        ax.plot(range(len(val)), val, color=COLORS["val"], label="validation")
    if history.best_epoch and val:
        ax.axvline(history.best_epoch, color=COLORS["neutral"], ls="--", lw=1.2,
                   label=f"best epoch ({history.best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost J" if what == "cost" else "accuracy")
    ax.legend()
    return ax


def decision_grid(X, resolution=150, margin=0.5):
    """A grid of points covering the data: returns xx, yy (resolution, resolution) and the
    points as rows (resolution^2, 2)."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.c_[xx.ravel(), yy.ravel()]


def plot_decision_boundary(ax, predict, X, y, resolution=150, title=None):
    """Shade the plane by predict(points) (probability of class 1, or class labels) and draw
    the data coloured by class. Returns the image, so a dashboard can update it in place."""
    xx, yy, grid = decision_grid(X, resolution)
    p = np.asarray(predict(grid), dtype=float).reshape(xx.shape)
    n_classes = max(int(np.max(y)) + 1, 2)
    cmap = two_class_cmap() if n_classes == 2 else ListedColormap(CLASS_COLORS[:n_classes])
    image = ax.imshow(p, origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()),
                      aspect="auto", cmap=cmap, vmin=0, vmax=max(n_classes - 1, 1), alpha=0.35)
    for k in range(n_classes):
        ax.scatter(*X[y == k].T, s=28, color=CLASS_COLORS[k], edgecolor="k", lw=0.6,
                   label=f"class {k}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return image


def two_class_cmap():
    """Orange (class 0) through white to sky blue (class 1), for probabilities of class 1."""
    return LinearSegmentedColormap.from_list(
        "course_two_class", [COLORS["class0"], "#ffffff", COLORS["class1"]])


def network_layout(sizes, width=1.0, height=1.0):
    """Node positions of a layered network: a list (one per layer) of (n, 2) arrays.

    Layer l sits at x = width * l / (L) ; its units are spread evenly over the height,
    the widest layer from y = height (top) to y = 0 (bottom), narrower layers centred.
    """
    positions = []
    n_max = max(sizes)
    for l, n in enumerate(sizes):
        x = width * l / max(len(sizes) - 1, 1)
        ys = height * ((np.arange(n) - (n - 1) / 2) / max(n_max - 1, 1))
        positions.append(np.c_[np.full(n, x), -ys + height / 2])
    return positions


_LABEL_BOX = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)


def draw_network(ax, weights, node_values=None, node_labels=None, edge_labels=None,
                 layer_names=None, max_nodes=12, title=None, value_color=None,
                 bias_labels=None, width=1.0, node_radius=None, fontsize=10, text_color="k",
                 node_edgecolor="k", label_positions=(0.3, 0.7)):
    """Draw a dense network from its weight matrices (each W^(l) of shape (n_out, n_in)).

    Edges are coloured by sign (blue +, vermillion -) and their width grows with |w|.
    node_values: optional list (one per layer, inputs first) of arrays written in the nodes.
    node_labels / edge_labels: optional lists of strings, same structure, shown instead of
    values (edge_labels[l] is an (n_out, n_in) array-like of strings for W^(l+1)).
    bias_labels: optional list with one entry per layer after the input (bias_labels[l] holds
    the strings for b^(l+1)), written under each node.
    width: the horizontal extent (the height is 1); a wider drawing leaves room for edge
    labels. node_radius: circle size (default: from the number of units). fontsize and
    text_color apply to every label; node_edgecolor to the circles. label_positions: where
    along an edge (0 = its start, 1 = its end) the edge labels sit: a pair of values used
    alternately, so that labels of crossing edges do not meet, or a list with one
    (n_out, n_in) array-like of positions per weight matrix.
    Layers wider than max_nodes are thinned to their first max_nodes units for legibility.
    Returns a dict of the artists ("edges", "edge_texts", "nodes", "node_texts",
    "bias_texts", each a list per layer) so a dashboard can update them in place with
    update_network.
    """
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    shown = [min(n, max_nodes) for n in sizes]
    pos = network_layout(shown, width=width, height=1.0)
    text_style = dict(fontsize=fontsize, color=text_color)
    artists = _draw_edges(ax, weights, pos, shown, edge_labels, label_positions, text_style)
    if node_radius is None:
        node_radius = 0.055 if max(shown) <= 4 else 0.3 / max(shown)
    artists.update(_draw_nodes(ax, pos, sizes, shown, node_radius, node_values, node_labels,
                               bias_labels, value_color, node_edgecolor, text_style))
    if layer_names is None:
        layer_names = ["input"] + [f"layer {l}" for l in range(1, len(sizes))]
    _frame_network(ax, pos, layer_names, node_radius, width, fontsize,
                   with_biases=bias_labels is not None)
    if title:
        ax.set_title(title)
    return artists


def _draw_edges(ax, weights, pos, shown, edge_labels, label_positions, text_style):
    """One line per weight between the shown units (colour = sign, width grows with |w|),
    with its label if edge_labels is given: {"edges": [...], "edge_texts": [...]}, a list per
    weight matrix."""
    wmax = max(float(np.max(np.abs(W))) for W in weights) or 1.0
    artists = {"edges": [], "edge_texts": []}
    for l, W in enumerate(weights):
        layer_edges, layer_texts = [], []
        for j in range(shown[l + 1]):
            for i in range(shown[l]):
                (x0, y0), (x1, y1) = pos[l][i], pos[l + 1][j]
                w = W[j, i]
                (line,) = ax.plot([x0, x1], [y0, y1], color=weight_color(w),
                                  lw=0.5 + 4.0 * abs(w) / wmax, alpha=0.8, zorder=1)
                layer_edges.append(line)
                if edge_labels is not None:
                    if np.ndim(label_positions[0]) == 0:  # a pair: stagger the labels
                        t = label_positions[(i + j) % 2]
                    else:
                        t = label_positions[l][j][i]
                    txt = ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), edge_labels[l][j][i],
                                  ha="center", va="center", zorder=3, bbox=_LABEL_BOX,
                                  **text_style)
                    layer_texts.append(txt)
        artists["edges"].append(layer_edges)
        artists["edge_texts"].append(layer_texts)
    return artists


def _draw_nodes(ax, pos, sizes, shown, radius, node_values, node_labels, bias_labels,
                value_color, node_edgecolor, text_style):
    """A circle per shown unit with its text (label, value or empty) and, after the input,
    its bias label; a thinned layer says its size. Returns {"nodes", "node_texts",
    "bias_texts"}, each a list per layer (bias_texts from the first layer after the input)."""
    artists = {"nodes": [], "node_texts": [], "bias_texts": []}
    for l, n in enumerate(shown):
        layer_nodes, layer_texts, layer_bias = [], [], []
        for i in range(n):
            x, y = pos[l][i]
            face = "white" if value_color is None else value_color
            circle = plt.Circle((x, y), radius, fc=face, ec=node_edgecolor,
                                lw=1.5 if node_edgecolor == "k" else 2.5, zorder=2)
            ax.add_patch(circle)
            layer_nodes.append(circle)
            text = ""
            if node_labels is not None:
                text = node_labels[l][i]
            elif node_values is not None:
                text = f"{node_values[l][i]:.3f}"
            layer_texts.append(ax.text(x, y, text, ha="center", va="center", zorder=4,
                                       **text_style))
            if bias_labels is not None and l > 0:
                layer_bias.append(ax.text(x, y - radius - 0.02, bias_labels[l - 1][i],
                                          ha="center", va="top", zorder=4, bbox=_LABEL_BOX,
                                          **text_style))
        artists["nodes"].append(layer_nodes)
        artists["node_texts"].append(layer_texts)
        if l > 0:
            artists["bias_texts"].append(layer_bias)
        if shown[l] < sizes[l]:  # on two short lines, which fit between neighbouring layers
            ax.text(pos[l][-1][0], pos[l][-1][1] - 2.5 * radius, f"{sizes[l]}\nunits",
                    ha="center", va="top", fontsize=9, color=COLORS["neutral"])
    return artists


def _frame_network(ax, pos, layer_names, radius, width, fontsize, with_biases):
    """The layer names above the layers; limits that leave room for them and for the bias
    labels; equal scales and no axes."""
    top = 1.0 + max(radius + 0.03, 0.12)
    for l, name in enumerate(layer_names):
        ax.text(pos[l][0][0], top, name, ha="center", va="bottom", fontsize=fontsize + 1)
    pad = max(0.15, radius + 0.05)
    bottom = -(radius + 0.02 + 0.12) if with_biases else -0.2
    ax.set_xlim(-pad, width + pad)
    ax.set_ylim(min(bottom, -radius - 0.05), top + 0.13)
    ax.set_aspect("equal")
    ax.axis("off")


def update_network(artists, weights, node_labels=None, edge_labels=None, bias_labels=None):
    """Recolour and resize the edges of a drawn network for new weights; optionally replace
    its texts (same structures as in draw_network; None leaves those texts as they are)."""
    wmax = max(float(np.max(np.abs(W))) for W in weights) or 1.0
    for l, W in enumerate(weights):
        lines = iter(artists["edges"][l])
        texts = iter(artists["edge_texts"][l])
        n_out = len(artists["nodes"][l + 1])
        n_in = len(artists["nodes"][l])
        for j in range(n_out):
            for i in range(n_in):
                line = next(lines)
                line.set_color(weight_color(W[j, i]))
                line.set_linewidth(0.5 + 4.0 * abs(W[j, i]) / wmax)
                if edge_labels is not None:
                    next(texts).set_text(edge_labels[l][j][i])
    if node_labels is not None:
        for l, layer_texts in enumerate(artists["node_texts"]):
            for i, text in enumerate(layer_texts):
                text.set_text(node_labels[l][i])
    if bias_labels is not None:
        for l, layer_texts in enumerate(artists.get("bias_texts", [])):
            for i, text in enumerate(layer_texts):
                text.set_text(bias_labels[l][i])
