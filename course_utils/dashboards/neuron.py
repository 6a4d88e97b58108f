"""Notebook 01's figures and dashboards: one neuron, its activations, its decision line, and
why a step neuron cannot learn by gradient descent (`plot_step_vs_sigmoid`).

`neuron_dashboard` (one input) and `neuron_plane_dashboard` (two inputs) return ipywidgets
boxes whose controls and artists are attributes (box.w_slider, box.line, ...), so a test can
move a slider and check what changed. Colours follow style.COLORS: the forward pass (f, a)
green, the backward pass (f', gradients) reddish purple, class 0 orange, class 1 sky blue.
"""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..activations import get_activation
from ..data import one_input_data, two_blobs
from ..experiments.descent import cost_surface
from ..experiments.neuron import STEP
from ..neuron import Neuron
from .drawing import two_class_cmap
from .style import COLORS
from .view import FigureView, float_slider, signed

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
CHOICES = ACTIVATION_NAMES + ("step",)  # the dashboards' drop-down: also the perceptron's step


def _activation(name):
    """The Activation called `name`, including the step of experiments.neuron."""
    return STEP if name == "step" else get_activation(name)


# ---------------------------------------------------------------------------------- figures
def plot_activations(names=ACTIVATION_NAMES, z_range=(-6, 6), flat=0.05):
    """One panel per activation: f(z) (green) and f'(z) (purple, dashed), three per row.

    Grey shading marks where f'(z) < flat: there the neuron barely passes a gradient back
    (it saturates, or for ReLU it is exactly zero). The legend gets a panel of its own, the
    first one left over. Returns the figure.
    """
    z = np.linspace(*z_range, 601)
    n_rows = len(names) // 3 + 1  # room for every panel and the legend
    fig, axes = plt.subplots(n_rows, 3, figsize=(11, 3.25 * n_rows), sharex=True)
    axes = np.atleast_1d(axes).flat
    for ax, name in zip(axes, names):
        act = get_activation(name)
        fz, dfz = act.f(z), act.f_prime(z)
        ax.fill_between(z, -1.6, 2.6, where=dfz < flat, color=COLORS["neutral"], alpha=0.15,
                        lw=0, label=f"f′ < {flat}")
        ax.plot(z, fz, color=COLORS["forward"], label="f(z)")
        ax.plot(z, dfz, color=COLORS["backward"], ls="--", label="f′(z)")
        ax.set_ylim(-1.5, 2.5)
        ax.set_title(name)
        ax.set_xlabel("z")
        ax.xaxis.set_tick_params(labelbottom=True)  # sharex hides them above an empty panel
    for ax in axes[len(names):]:
        ax.axis("off")
    axes[len(names)].legend(*axes[0].get_legend_handles_labels(), loc="center", fontsize=14)
    for ax in axes[:len(names):3]:
        ax.set_ylabel("value")
    fig.tight_layout()
    return fig


def neuron_dashboard(x=None, y=None, w=1.0, b=0.0, activation="sigmoid"):
    """One neuron with one input: a = f(w x + b) drawn over a labelled data set.

    Sliders w and b and an activation drop-down (with the perceptron's step too) move the
    green curve a(x); the label shows the cost J = (1/m) sum ½(y_i - a_i)² over the points.
    Attributes: w_slider, b_slider, activation, line, boundary (the vertical line z = 0,
    x = -b/w), loss_label, neuron, figure.
    """
    if x is None:
        x, y = one_input_data()
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w_slider, b_slider = float_slider(w, -5, 5, "w"), float_slider(b, -5, 5, "b")
    act = W.Dropdown(options=CHOICES, value=activation, description="f")
    loss_label = W.HTML()
    xs = np.linspace(x.min() - 1, x.max() + 1, 300)
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(7, 4))
    for k in (0, 1):
        ax.scatter(x[y == k], y[y == k], s=60, color=COLORS[f"class{k}"], edgecolor="k",
                   zorder=3, label=f"class {k} (y = {k})")
    (line,) = ax.plot(xs, xs, color=COLORS["forward"], label="a = f(wx + b)")
    boundary = ax.axvline(0, color=COLORS["neutral"], ls="--", lw=1.2, label="z = 0")
    ax.set(xlabel="input x", ylabel="output a", ylim=(-1.3, 2.0), title="one neuron")
    ax.legend(loc="upper left", fontsize=10)
    fig.tight_layout()
    view = FigureView(fig)
    neuron = Neuron(w, b, activation=_activation(activation), loss="mse")

    def redraw(change=None):
        neuron.w = np.asarray(w_slider.value, dtype=float)
        neuron.b = float(b_slider.value)
        neuron.activation = _activation(act.value)
        line.set_ydata(neuron.forward(xs)[1])
        bx = -neuron.b / neuron.w if neuron.w != 0 else np.nan
        boundary.set_xdata([bx, bx])
        ax.set_title(f"a = {act.value}({neuron.w:.2f}·x {signed(neuron.b, 2)})")
        loss_label.value = (f"cost J = mean ½(y − a)² over {len(x)} points: "
                            f"<b>{neuron.cost(x, y):.4f}</b>")
        view.refresh()

    for control in (w_slider, b_slider, act):
        control.observe(redraw, names="value")
    box = W.VBox([W.HBox([w_slider, b_slider, act]), loss_label, view.widget])
    box.w_slider, box.b_slider, box.activation = w_slider, b_slider, act
    box.line, box.boundary, box.loss_label, box.neuron, box.figure = (
        line, boundary, loss_label, neuron, fig)
    redraw()
    return box


def boundary_points(w, b, lo, hi):
    """Two points of the line w1 x1 + w2 x2 + b = 0 spanning the box [lo, hi]^2 (NaN if w = 0).

    The line is solved for x2 when it is flatter than 45 degrees (|w2| >= |w1|), else for x1,
    so it never needs a division by (almost) zero.
    """
    w1, w2 = float(w[0]), float(w[1])
    if w1 == 0 and w2 == 0:
        return np.full(2, np.nan), np.full(2, np.nan)
    t = np.array([lo, hi], dtype=float)
    if abs(w2) >= abs(w1):
        return t, -(w1 * t + b) / w2
    return -(w2 * t + b) / w1, t


# the colour range of the plane's shading; other activations: (-3, 3)
CLIM = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "step": (0.0, 1.0)}


def neuron_plane_dashboard(X=None, y=None, w=(1.0, 0.5), b=0.0, activation="sigmoid"):
    """One neuron with two inputs: the plane shaded by a = f(w1 x1 + w2 x2 + b).

    The dashed line is z = 0, where the neuron switches side: a neuron is a line that splits
    the plane, and w points towards the side where z > 0 (class 1). Sliders w1, w2, b and an
    activation drop-down; the label shows the cost (MSE) and the accuracy.
    Attributes: w1_slider, w2_slider, b_slider, activation, image, boundary, loss_label,
    neuron, figure.
    """
    if X is None:
        X, y = two_blobs()
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    w1s, w2s = float_slider(w[0], -4, 4, "w₁"), float_slider(w[1], -4, 4, "w₂")
    b_slider = float_slider(b, -4, 4, "b")
    act = W.Dropdown(options=CHOICES, value=activation, description="f")
    loss_label = W.HTML()
    lo, hi = float(X.min()) - 0.5, float(X.max()) + 0.5
    g = np.linspace(lo, hi, 120)
    grid = np.stack(np.meshgrid(g, g), axis=-1)  # (120, 120, 2), rows are x2
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(5.6, 5))
    image = ax.imshow(np.zeros((g.size, g.size)), origin="lower", extent=(lo, hi, lo, hi),
                      cmap=two_class_cmap(), alpha=0.45, aspect="auto")
    fig.colorbar(image, ax=ax, label="output a")
    for k in (0, 1):
        ax.scatter(*X[y == k].T, s=30, color=COLORS[f"class{k}"], edgecolor="k", lw=0.6,
                   label=f"class {k}")
    (boundary,) = ax.plot([], [], color=COLORS["path"], ls="--", label="z = 0")
    w_arrow = ax.annotate("", (0, 0), (0, 0), arrowprops=dict(arrowstyle="->", lw=2.5,
                                                              color=COLORS["path"]))
    w_text = ax.text(0, 0, "w", fontsize=13, fontweight="bold")
    ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="$x_1$", ylabel="$x_2$", title="a = f(z)")
    ax.legend(loc="upper left", fontsize=10)
    fig.tight_layout()
    view = FigureView(fig)
    neuron = Neuron(np.array(w, dtype=float), b, activation=_activation(activation),
                    loss="mse")

    def redraw(change=None):
        neuron.w = np.array([w1s.value, w2s.value])
        neuron.b = float(b_slider.value)
        neuron.activation = _activation(act.value)
        image.set_data(neuron.forward(grid)[1])
        image.set_clim(*CLIM.get(act.value, (-3.0, 3.0)))
        boundary.set_data(*boundary_points(neuron.w, neuron.b, lo, hi))
        norm2 = float(neuron.w @ neuron.w)
        if norm2 > 0:  # w is normal to the line and points to the side where z > 0
            foot = -neuron.b * neuron.w / norm2  # the point of the line nearest the origin
            tip = foot + neuron.w / np.sqrt(norm2)
            w_arrow.xy, w_arrow.xyann = tuple(tip), tuple(foot)
            w_text.set_position(tuple(tip + 0.1))
        w_arrow.set_visible(norm2 > 0)
        w_text.set_visible(norm2 > 0)
        ax.set_title(f"a = {act.value}({neuron.w[0]:.1f}x₁ {signed(neuron.w[1], 1)}x₂ "
                     f"{signed(neuron.b, 1)})", fontsize=12)
        loss_label.value = (f"cost J = mean ½(y − a)²: <b>{neuron.cost(X, y):.4f}</b>, "
                            f"accuracy (z > 0 → class 1): <b>{neuron.accuracy(X, y):.0%}</b>")
        view.refresh()

    for control in (w1s, w2s, b_slider, act):
        control.observe(redraw, names="value")
    box = W.VBox([W.HBox([w1s, w2s]), W.HBox([b_slider, act]), loss_label, view.widget])
    box.w1_slider, box.w2_slider, box.b_slider, box.activation = w1s, w2s, b_slider, act
    box.image, box.boundary, box.w_arrow, box.loss_label, box.neuron, box.figure = (
        image, boundary, w_arrow, loss_label, neuron, fig)
    redraw()
    return box


def plot_step_vs_sigmoid(x, y, runs, b0, w_range=(-3.0, 5.0)):
    """Why learning needs a slope: the step neuron's cost is flat where the sigmoid's slopes.

    Left: the cost J(w) (b fixed at b0) of a step neuron (a staircase: zero slope at every w)
    and of a sigmoid neuron (smooth), the start marked. Right: the cost after each step of
    gradient descent, for each run of `runs` ({name: DescentRun} from
    experiments.neuron.step_vs_sigmoid). Returns the figure.
    """
    ws = np.linspace(*w_range, 801)
    colors = {"step": COLORS["negative"], "sigmoid": COLORS["forward"]}
    fig, (ax, ax_cost) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, run in runs.items():
        J = cost_surface(x, y, ws, [b0], activation=STEP if name == "step" else name)[0]
        ax.plot(ws, J, color=colors.get(name, COLORS["neutral"]), lw=2, label=f"{name} neuron")
        ax.plot(run.path.ws[0], run.path.costs[0], "o", ms=9, color=colors.get(name),
                mec="k")
        ax_cost.plot(run.path.costs, "o-", ms=3, color=colors.get(name), label=f"{name} neuron")
    ax.set(xlabel="weight w", ylabel=f"cost J(w), b = {b0:g}", title="cost over w (dot: start)")
    ax.legend(fontsize=11)
    ax_cost.set(xlabel="step of gradient descent", ylabel="cost J",
                title="cost while descending")
    ax_cost.legend(fontsize=11)
    fig.tight_layout()
    return fig
