"""Notebook 03's figures and dashboard: the chain rule of one neuron, live (forward values,
local derivatives and the gradient on every wire), and the two losses compared in training."""

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


GRAPH_NODES = {  # name: (x, y) position of the computation graph's boxes ("loss" is ℒ)
    "x": (0.0, 0.92), "w": (0.0, 0.5), "b": (0.0, 0.08), "z": (0.52, 0.5), "a": (0.88, 0.5),
    "loss": (1.22, 0.5),
}
# Each wire: (from, to, local-derivative key, where its two labels go: (dx, dy) of the local
# derivative and of the gradient from the wire's middle). The gradient on a wire is
# ∂ℒ/∂(its start), so it is keyed by the start node. On the last wire the local derivative
# ∂ℒ/∂a is itself the gradient (times ∂ℒ/∂ℒ = 1): one label, in the backward colour.
WIRES = [
    ("x", "z", "dz_dx", (0.2, 0.16), (0.2, 0.075)),
    ("w", "z", "dz_dw", (-0.07, 0.12), (-0.07, -0.12)),
    ("b", "z", "dz_db", (0.2, -0.075), (0.2, -0.16)),
    ("z", "a", "da_dz", (0.0, 0.12), (0.0, -0.12)),
    ("a", "loss", "dL_da", None, (0.0, -0.12)),
]


def chain_rule_dashboard(w=1.0, b=-0.5, x=1.5, y=1.0, loss="mse"):
    """The computation graph x, w, b -> z = w x + b -> a = σ(z) -> ℒ(a, y), live.

    Forward values (green boxes) sit in the nodes. Each wire carries two numbers: above it the
    local derivative of its end with respect to its start (black: ∂a/∂z = σ'(z), ∂z/∂w = x,
    ∂z/∂b = 1, ∂z/∂x = w), below it the gradient that flows back along it, ∂ℒ/∂(its start)
    (purple, the backward colour): ∂ℒ/∂a, δ = ∂ℒ/∂z, ∂ℒ/∂w = δ·x, ∂ℒ/∂b = δ and ∂ℒ/∂x = δ·w,
    each the gradient at the wire's end times its local derivative. On the last wire the local
    derivative ∂ℒ/∂a is the gradient itself, so it has one label. The label
    multiplies the factors out. The right panel shows σ(z) with the tangent at the current z,
    whose slope is the middle factor. Sliders w, b, x; a target y and a loss drop-down.
    Attributes: w_slider, b_slider, x_slider, y_toggle, loss_dropdown, node_texts (by node:
    x, w, b, z, a, loss), factor_texts (the local derivatives: dL_da, da_dz, dz_dw, dz_db,
    dz_dx), gradient_texts (∂ℒ/∂node by node: a, z, w, b, x), tangent, point, product_label,
    neuron, figure.
    """
    w_slider, b_slider = float_slider(w, -4, 4, "w"), float_slider(b, -4, 4, "b")
    x_slider = float_slider(x, -3, 3, "x")
    y_toggle = W.ToggleButtons(options=[0.0, 1.0], value=float(y), description="target y",
                               style={"button_width": "50px"})
    loss_dropdown = W.Dropdown(options=[("MSE ½(y−a)²", "mse"), ("cross-entropy", "bce")],
                               value=loss, description="loss ℒ")
    product_label = W.HTML()
    with plt.ioff():
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.3),
                                      gridspec_kw={"width_ratios": [2.5, 1]})
    node_texts, factor_texts, gradient_texts = _draw_graph(ax)
    zs, tangent, point = _draw_sigmoid(ax2)
    fig.tight_layout()
    view = FigureView(fig)
    neuron = Neuron(w, b, activation="sigmoid", loss=loss)

    def redraw(change=None):
        neuron.w, neuron.b = np.asarray(w_slider.value, dtype=float), float(b_slider.value)
        neuron.loss = get_loss(loss_dropdown.value)
        xv, yv = x_slider.value, y_toggle.value
        z, a = (float(v) for v in neuron.forward(xv))
        dL_da, da_dz, dz_dw = (float(v) for v in neuron.chain_factors(xv, yv))
        dw, db = neuron.gradients(xv, yv)
        delta, wv = db, float(neuron.w)  # δ = ∂ℒ/∂z (one sample: the loss's own rule)
        values = {"x": f"x = {xv:.2f}", "w": f"w = {wv:.2f}", "b": f"b = {neuron.b:.2f}",
                  "z": f"z = {z:.3f}", "a": f"a = {a:.3f}",
                  "loss": f"ℒ = {neuron.cost(xv, yv):.3f}"}
        for name, text in values.items():
            node_texts[name].set_text(text)
        factor_texts["da_dz"].set_text(f"∂a/∂z\n= {da_dz:.3f}")
        factor_texts["dz_dw"].set_text(f"∂z/∂w = x\n= {dz_dw:.2f}")
        factor_texts["dz_db"].set_text("∂z/∂b = 1")
        factor_texts["dz_dx"].set_text(f"∂z/∂x = w = {wv:.2f}")
        gradients = {"a": ("∂ℒ/∂a", dL_da), "z": ("∂ℒ/∂z = δ", delta),
                     "w": ("∂ℒ/∂w = δx", float(dw)), "b": ("∂ℒ/∂b = δ", db),
                     "x": ("∂ℒ/∂x = δw", delta * wv)}
        for name, (symbol, value) in gradients.items():
            sep = " " if name in ("x", "b") else "\n"
            gradient_texts[name].set_text(f"← {symbol}{sep}= {value:.3f}")
        tangent.set_data(zs, a + da_dz * (zs - z))
        point.set_data([z], [a])
        product_label.value = (
            f"∂ℒ/∂w = ∂ℒ/∂a · ∂a/∂z · ∂z/∂w = ({dL_da:.4f}) · ({da_dz:.4f}) · ({dz_dw:.2f}) "
            f"= <b>{float(dw):.4f}</b><br>∂ℒ/∂b = ∂ℒ/∂a · ∂a/∂z · 1 = <b>{db:.4f}</b>"
            f"<br>∂ℒ/∂x = ∂ℒ/∂z · ∂z/∂x = δ · w = ({delta:.4f}) · ({wv:.2f}) "
            f"= <b>{delta * wv:.4f}</b>")
        view.refresh()

    for control in (w_slider, b_slider, x_slider, y_toggle, loss_dropdown):
        control.observe(redraw, names="value")
    box = W.VBox([W.HBox([w_slider, b_slider, x_slider]), W.HBox([y_toggle, loss_dropdown]),
                  product_label, view.widget])
    box.w_slider, box.b_slider, box.x_slider = w_slider, b_slider, x_slider
    box.y_toggle, box.loss_dropdown = y_toggle, loss_dropdown
    box.node_texts, box.factor_texts, box.gradient_texts = node_texts, factor_texts, gradient_texts
    box.tangent, box.point = tangent, point
    box.product_label, box.neuron, box.figure = product_label, neuron, fig
    redraw()
    return box


def _wire_label(ax, x, y, color, weight="normal"):
    """An empty label beside a wire (clear of the lines, so no box: boxes slow a redraw)."""
    return ax.text(x, y, "", ha="center", va="center", fontsize=12.5, color=color, zorder=5,
                   fontweight=weight)


def _draw_graph(ax):
    """The computation graph's boxes and wires, the texts still empty: returns (node_texts,
    factor_texts, gradient_texts), the text in each box by node name, the local derivative on
    each wire by factor name (see WIRES) and the gradient ∂ℒ/∂node flowing back along each wire
    by the node it flows to."""
    factor_texts, gradient_texts = {}, {}
    for start, end, factor, local_at, (gx, gy) in WIRES:
        (x0, y0), (x1, y1) = GRAPH_NODES[start], GRAPH_NODES[end]
        ax.annotate("", (x1, y1), (x0, y0), arrowprops=dict(
            arrowstyle="->", color=COLORS["forward"], lw=1.8, shrinkA=30, shrinkB=36))
        mx, my = 0.5 * (x0 + x1), 0.5 * (y0 + y1)
        gradient_texts[start] = _wire_label(ax, mx + gx, my + gy, COLORS["backward"], "bold")
        factor_texts[factor] = (gradient_texts[start] if local_at is None  # ∂ℒ/∂a is both
                                else _wire_label(ax, mx + local_at[0], my + local_at[1],
                                                 COLORS["path"]))
    node_texts = {}
    for name, (nx, ny) in GRAPH_NODES.items():
        node_texts[name] = ax.text(nx, ny, name, ha="center", va="center", fontsize=13,
                                   bbox=dict(boxstyle="round,pad=0.4", fc="white",
                                             ec=COLORS["forward"], lw=1.5))
    ax.set(xlim=(-0.1, 1.33), ylim=(0.03, 1))
    ax.set_title("forward: values    backward: gradients ∂ℒ/∂(node)")
    ax.axis("off")
    return node_texts, factor_texts, gradient_texts


def _draw_sigmoid(ax):
    """a = σ(z) over z in -8..8 with an empty tangent and point: returns (zs, tangent, point).
    Few tick labels and no legend (the labels say it): text is most of a redraw's time."""
    zs = np.linspace(-8, 8, 300)
    sig = get_activation("sigmoid")
    ax.plot(zs, sig(zs), color=COLORS["forward"])
    (tangent,) = ax.plot([], [], color=COLORS["backward"], ls="--")
    (point,) = ax.plot([], [], "o", color=COLORS["path"], ms=8)
    ax.set(xlim=(-8, 8), ylim=(-0.1, 1.1), xlabel="z", ylabel="a = σ(z)",
           yticks=[0, 0.5, 1], title="the tangent's slope is σ′(z)")
    return zs, tangent, point
