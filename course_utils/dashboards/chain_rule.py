"""Notebook 03's figures and dashboard: the chain rule of one neuron, live, and the two losses
compared in training."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..activations import get_activation
from ..losses import get_loss
from ..neuron import Neuron
from .descent import LOSS_COLORS, LOSS_TITLES
from .style import COLORS
from .view import FigureView, float_slider


def plot_loss_comparison(results):
    """Cost and accuracy per epoch for each loss of `compare_losses`' results (MSE blue,
    cross-entropy orange). Each cost is on its own scale, so the left panel shows J_t / J_0."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for loss, (path, accs) in results.items():
        label = LOSS_TITLES[loss].split("  ")[0]
        ax1.plot(path.costs / path.costs[0], color=LOSS_COLORS[loss], label=label)
        ax2.plot(accs, color=LOSS_COLORS[loss], label=label)
    ax1.set(xlabel="epoch", ylabel="cost J / starting cost", ylim=(0, 1.05),
            title="cost, relative to its start")
    ax2.set(xlabel="epoch", ylabel="training accuracy", ylim=(0, 1.05),
            title="accuracy (z > 0 → class 1)")
    ax1.legend()
    ax2.legend(loc="center")  # the empty middle: the rises are at both ends
    fig.tight_layout()
    return fig


GRAPH_NODES = {  # name: (x, y) position of the computation graph's boxes
    "x": (0.0, 0.92), "w": (0.0, 0.5), "b": (0.0, 0.08), "z": (0.4, 0.5), "a": (0.7, 0.5),
    "L": (1.0, 0.5),
}


def chain_rule_dashboard(w=1.0, b=-0.5, x=1.5, y=1.0, loss="mse"):
    """The computation graph x, w, b -> z = w x + b -> a = σ(z) -> L(a, y), live.

    Forward values (green) sit in the nodes; the local derivatives (purple) on the edges:
    dL/da, da/dz = σ'(z) = a(1 - a), dz/dw = x, dz/db = 1. The label multiplies them:
    dL/dw = dL/da · da/dz · dz/dw. The right panel shows σ(z) with the tangent at the current
    z, whose slope is the middle factor. Sliders w, b, x; a target y and a loss drop-down.
    Attributes: w_slider, b_slider, x_slider, y_toggle, loss_dropdown, node_texts,
    factor_texts, tangent, point, product_label, neuron, figure.
    """
    w_slider, b_slider = float_slider(w, -4, 4, "w"), float_slider(b, -4, 4, "b")
    x_slider = float_slider(x, -3, 3, "x")
    y_toggle = W.ToggleButtons(options=[0.0, 1.0], value=float(y), description="target y",
                               style={"button_width": "50px"})
    loss_dropdown = W.Dropdown(options=[("MSE ½(y−a)²", "mse"), ("cross-entropy", "bce")],
                               value=loss, description="loss")
    product_label = W.HTML()
    with plt.ioff():
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.2),
                                      gridspec_kw={"width_ratios": [1.6, 1]})
    node_texts, factor_texts = _draw_graph(ax)
    zs, tangent, point = _draw_sigmoid(ax2)
    fig.tight_layout()
    view = FigureView(fig)
    neuron = Neuron(w, b, activation="sigmoid", loss=loss)

    def redraw(change=None):
        neuron.w, neuron.b = np.asarray(w_slider.value, dtype=float), float(b_slider.value)
        neuron.loss = get_loss(loss_dropdown.value)
        xv, yv = x_slider.value, y_toggle.value
        z, a = (float(v) for v in neuron.forward(xv))
        L = neuron.cost(xv, yv)
        dL_da, da_dz, dz_dw = (float(v) for v in neuron.chain_factors(xv, yv))
        values = {"x": f"x = {xv:.2f}", "w": f"w = {neuron.w:.2f}", "b": f"b = {neuron.b:.2f}",
                  "z": f"z = {z:.3f}", "a": f"a = {a:.3f}", "L": f"L = {L:.3f}"}
        for name, text in values.items():
            node_texts[name].set_text(text)
        factor_texts["dL_da"].set_text(f"∂L/∂a\n= {dL_da:.3f}")
        factor_texts["da_dz"].set_text(f"∂a/∂z\n= {da_dz:.3f}")
        factor_texts["dz_dw"].set_text(f"∂z/∂w = x\n= {dz_dw:.2f}")
        factor_texts["dz_db"].set_text("∂z/∂b\n= 1")
        tangent.set_data(zs, a + da_dz * (zs - z))
        point.set_data([z], [a])
        dw, db = neuron.gradients(xv, yv)
        product_label.value = (
            f"∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w = ({dL_da:.4f}) · ({da_dz:.4f}) · ({dz_dw:.2f}) "
            f"= <b>{float(dw):.4f}</b><br>∂L/∂b = ∂L/∂a · ∂a/∂z · 1 = <b>{db:.4f}</b>")
        view.refresh()

    for control in (w_slider, b_slider, x_slider, y_toggle, loss_dropdown):
        control.observe(redraw, names="value")
    box = W.VBox([W.HBox([w_slider, b_slider, x_slider]), W.HBox([y_toggle, loss_dropdown]),
                  product_label, view.widget])
    box.w_slider, box.b_slider, box.x_slider = w_slider, b_slider, x_slider
    box.y_toggle, box.loss_dropdown = y_toggle, loss_dropdown
    box.node_texts, box.factor_texts, box.tangent, box.point = (
        node_texts, factor_texts, tangent, point)
    box.product_label, box.neuron, box.figure = product_label, neuron, fig
    redraw()
    return box


def _draw_graph(ax):
    """The computation graph's boxes and arrows, the texts still empty: returns (node_texts,
    factor_texts), the text in each box by node name and the local derivative on each edge
    by factor name ('dz_dw', 'dz_db', 'da_dz', 'dL_da')."""
    # (from, to, factor on this edge, where its label goes relative to the edge's middle)
    edges = [("x", "z", None, 0), ("w", "z", "dz_dw", -0.13), ("b", "z", "dz_db", -0.14),
             ("z", "a", "da_dz", 0.14), ("a", "L", "dL_da", 0.14)]
    factor_texts = {}
    for start_name, end_name, factor, offset in edges:
        (x0, y0), (x1, y1) = GRAPH_NODES[start_name], GRAPH_NODES[end_name]
        ax.annotate("", (x1, y1), (x0, y0), arrowprops=dict(
            arrowstyle="->", color=COLORS["forward"], lw=1.8, shrinkA=34, shrinkB=40))
        if factor:
            factor_texts[factor] = ax.text(0.55 * x0 + 0.45 * x1, (y0 + y1) / 2 + offset, "",
                                           ha="center", va="center", fontsize=13,
                                           color=COLORS["backward"], zorder=5,
                                           bbox=dict(fc="white", ec="none", alpha=0.85))
    node_texts = {}
    for name, (nx, ny) in GRAPH_NODES.items():
        node_texts[name] = ax.text(nx, ny, name, ha="center", va="center", fontsize=13,
                                   bbox=dict(boxstyle="round,pad=0.4", fc="white",
                                             ec=COLORS["forward"], lw=1.5))
    ax.set(xlim=(-0.1, 1.1), ylim=(0, 1), title="forward values, local derivatives")
    ax.axis("off")
    return node_texts, factor_texts


def _draw_sigmoid(ax):
    """a = σ(z) over z in -8..8 with an empty tangent and point: returns (zs, tangent, point)."""
    zs = np.linspace(-8, 8, 300)
    sig = get_activation("sigmoid")
    ax.plot(zs, sig(zs), color=COLORS["forward"], label="a = σ(z)")
    (tangent,) = ax.plot([], [], color=COLORS["backward"], ls="--", label="slope σ′(z)")
    (point,) = ax.plot([], [], "o", color=COLORS["path"], ms=8)
    ax.set(xlim=(-8, 8), ylim=(-0.1, 1.1), xlabel="z", ylabel="a", title="σ′(z) is the slope")
    ax.legend(loc="upper left")
    return zs, tangent, point
