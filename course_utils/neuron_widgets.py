"""Figures, dashboards and small helpers for notebooks 01-03: one neuron, its loss, its gradient.

Everything here is built on the reference pieces (`Neuron`, `activations`, `losses`); this module
only adds what a learner looks at:

- data:       `one_input_data`, `two_blobs`, `line_data` (small seeded sets made in code)
- math:       `cost_surface` (J over a grid of w, b), `descend` (gradient descent with a
              divergence check), `critical_learning_rate` (the largest stable eta for MSE)
- figures:    `plot_activations`, `plot_losses`, `plot_descent_1d`, `plot_loss_comparison`
- dashboards: `neuron_dashboard`, `neuron_plane_dashboard` (01), `descent_dashboard` (02),
              `chain_rule_dashboard` (03). Each returns an ipywidgets box whose controls and
              artists are attributes (e.g. `box.w_slider`, `box.line`, `box.loss_label`), so a
              test can move a slider and check what changed.

Colours follow `plots.COLORS`: the forward pass (f, a) green, the backward pass (f', gradients)
reddish purple, class 0 orange, class 1 sky blue, a descent path black. In loss comparisons MSE
is blue and cross-entropy orange (`LOSS_COLORS`).
"""

from dataclasses import dataclass

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from .activations import get_activation
from .losses import get_loss
from .neuron import Neuron
from .plots import COLORS, OKABE_ITO, two_class_cmap
from .widgets import FigureView, log_slider

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
LOSS_COLORS = {"mse": OKABE_ITO["blue"], "bce": OKABE_ITO["orange"]}
LOSS_TITLES = {"mse": "MSE  ½(y − a)²", "bce": "cross-entropy  −[y log a + (1−y) log(1−a)]"}
DIVERGENCE_GROWTH = 1e3  # a cost this many times the starting cost counts as diverged


# ----------------------------------------------------------------------------------- data
def one_input_data(n=16, seed=0):
    """A one-input classification set: x in [-4, 4], label y = 1 mostly where x > 1.

    Returns x (n,) and y (n,) as floats 0.0 / 1.0, so they can go straight into a loss.
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-4, 4, n))
    y = (x + 0.8 * rng.standard_normal(n) > 1).astype(float)
    return x, y


def two_blobs(n=60, spread=0.7, seed=0):
    """Two Gaussian clouds in the plane: class 0 around (-1, -1), class 1 around (1, 1).

    Returns X (n, 2) and integer labels y (n,), half of each class. Almost linearly separable,
    so a single neuron (a line) can split them.
    """
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    centres = np.where(y[:, None] == 1, 1.0, -1.0) * np.ones((n, 2))
    return centres + spread * rng.standard_normal((n, 2)), y


def line_data(n=20, slope=1.5, intercept=0.5, noise=0.3, seed=0):
    """Points near the line y = slope * x + intercept, with x uniform in [0, 2].

    The fit of a linear neuron (identity activation, MSE) to them is a bowl-shaped cost over
    (w, b), elongated because x is not centred: the classic picture of gradient descent.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, n)
    return x, slope * x + intercept + noise * rng.standard_normal(n)


# ----------------------------------------------------------------------------------- math
def cost_surface(x, y, ws, bs, activation="identity", loss="mse"):
    """The cost J(w, b) = (1/m) sum_i L(f(w x_i + b), y_i) of a one-input neuron on a grid.

    x, y: (m,) samples. ws: (p,) weights, bs: (q,) biases. Returns J with shape (q, p), so
    `ax.contour(ws, bs, J)` draws it with w across and b up.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    f, L = get_activation(activation), get_loss(loss)
    z = np.asarray(ws)[None, :, None] * x + np.asarray(bs)[:, None, None]  # (q, p, m)
    a = f(z)
    return L.loss(a[..., None], np.broadcast_to(y, a.shape)[..., None]).mean(axis=-1)


def critical_learning_rate(x):
    """The largest stable learning rate of gradient descent on the MSE of a linear neuron.

    For J(w, b) = (1/2m) sum (w x_i + b - y_i)^2 the Hessian is H = [[mean x^2, mean x],
    [mean x, 1]]. Along H's eigenvector with eigenvalue lambda a step multiplies the error by
    (1 - eta lambda): it shrinks only while |1 - eta lambda| < 1, i.e. eta < 2 / lambda_max.
    """
    x = np.asarray(x, dtype=float)
    H = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    return 2.0 / float(np.linalg.eigvalsh(H).max())


@dataclass
class DescentPath:
    """What `descend` did: the parameters and cost after every step (row 0 is the start)."""

    ws: np.ndarray
    bs: np.ndarray
    costs: np.ndarray
    diverged: bool = False
    message: str = ""

    @property
    def steps(self):
        """How many steps were taken."""
        return len(self.costs) - 1


def divergence_message(step, cost):
    """The words shown when a run blows up: where, how far, and what to do."""
    return (f"diverged at step {step}: the cost is {cost:.3g} and growing. "
            "Try a smaller learning rate.")


def descend(neuron, x, y, lr, n_steps, train_bias=True, max_growth=DIVERGENCE_GROWTH):
    """Gradient descent on `neuron` in place: n_steps of w <- w - lr dJ/dw, b <- b - lr dJ/db.

    train_bias=False keeps b fixed (descent on w alone). The run stops early, with a message
    instead of overflow warnings, when the cost becomes NaN/inf or grows past max_growth times
    its starting value: then the path ends at the first diverged step.
    Returns a DescentPath with the start and every step.
    """
    if not lr > 0:
        raise ValueError(f"learning rate must be > 0; got {lr}")
    if int(n_steps) != n_steps or n_steps < 0:
        raise ValueError(f"n_steps must be a whole number >= 0; got {n_steps!r}")
    ws, bs, costs = [neuron.w.copy()], [neuron.b], [neuron.cost(x, y)]
    limit = max_growth * max(costs[0], 1e-6)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, int(n_steps) + 1):
            dw, db = neuron.gradients(x, y)
            neuron.w = neuron.w - lr * dw
            if train_bias:
                neuron.b = neuron.b - lr * db
            ws.append(neuron.w.copy())
            bs.append(neuron.b)
            costs.append(neuron.cost(x, y))
            if not np.isfinite(costs[-1]) or costs[-1] > limit:
                return DescentPath(np.array(ws), np.array(bs), np.array(costs), True,
                                   divergence_message(step, costs[-1]))
    return DescentPath(np.array(ws), np.array(bs), np.array(costs))


def accuracy(neuron, X, y):
    """The fraction of samples on the right side of the neuron's line (z > 0 means class 1)."""
    z, _ = neuron.forward(X)
    return float(np.mean((z > 0) == (np.asarray(y) == 1)))


def compare_losses(X, y, w0, b0, lr, epochs, losses=("mse", "bce")):
    """Train a sigmoid neuron from the same start (w0, b0) with each loss, full batch.

    Returns {loss: (DescentPath, accuracies)} where accuracies[t] is the accuracy after t
    epochs. With cross-entropy, delta = dL/dz = a - y; with MSE, delta = (a - y) a (1 - a),
    which is tiny when the neuron starts saturated (a near 0 or 1).
    """
    results = {}
    for loss in losses:
        neuron = Neuron(np.array(w0, dtype=float), b0, activation="sigmoid", loss=loss)
        path = descend(neuron, X, y, lr, epochs)
        accs = [accuracy(Neuron(w, b), X, y) for w, b in zip(path.ws, path.bs)]
        results[loss] = (path, np.array(accs))
    return results


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


def plot_losses(y_reg=1.0):
    """Left: MSE L = ½(y - ŷ)² and its slope ŷ - y for a regression target y_reg.
    Right: binary cross-entropy over a probability ŷ for y = 1 (solid) and y = 0 (dash-dot),
    next to ½(1 - ŷ)²: cross-entropy grows without bound for a confident wrong answer, MSE
    stays below ½. Each loss has its colour of `LOSS_COLORS`, as in `plot_loss_comparison`."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    y_hat = np.linspace(y_reg - 2, y_reg + 2, 201)
    mse, bce = get_loss("mse"), get_loss("bce")

    def per_sample(loss, y_hat, y):  # one output unit per sample: give it its own axis
        return loss.loss(y_hat[:, None], np.full((y_hat.size, 1), y))

    ax1.plot(y_hat, per_sample(mse, y_hat, y_reg), color=LOSS_COLORS["mse"],
             label="L = ½(y − ŷ)²")
    ax1.plot(y_hat, mse.grad(y_hat, np.full_like(y_hat, y_reg)), color=COLORS["backward"],
             ls="--", label="dL/dŷ = ŷ − y")
    ax1.axvline(y_reg, color=COLORS["neutral"], lw=1)
    ax1.set(xlabel="prediction ŷ", ylabel="L  and  dL/dŷ", title=f"MSE, target y = {y_reg:g}")
    ax1.legend()
    p = np.linspace(0.005, 0.995, 400)
    ax2.plot(p, per_sample(bce, p, 1.0), color=LOSS_COLORS["bce"], label="BCE, y = 1: −log ŷ")
    ax2.plot(p, per_sample(bce, p, 0.0), color=LOSS_COLORS["bce"], ls="-.",
             label="BCE, y = 0: −log(1 − ŷ)")
    ax2.plot(p, per_sample(mse, p, 1.0), color=LOSS_COLORS["mse"], ls=":",
             label="MSE, y = 1")
    ax2.set(xlabel="predicted probability ŷ", ylabel="loss L", ylim=(0, 5),
            title="binary cross-entropy vs MSE")
    ax2.legend(loc="upper center")
    fig.tight_layout()
    return fig


def plot_descent_1d(x, y, runs, w0, n_steps, w_range=(-1.5, 4.5), eta_max=None):
    """Gradient descent on the weight alone (b = 0) of a linear neuron, one panel per run.

    runs: {title: learning rate}. Each panel shows J(w) and the path of the iterates; with
    eta_max given, its title also says the rate as a multiple of eta_max. Two panels a row.
    Returns (figure, {title: DescentPath}).
    """
    ws = np.linspace(*w_range, 300)
    J = cost_surface(x, y, ws, [0.0])[0]
    n_cols = min(len(runs), 2)
    n_rows = -(-len(runs) // n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(5 * n_cols, 3.5 * n_rows), sharey=True,
                             squeeze=False)
    paths = {}
    for ax, (title, lr) in zip(axes.flat, runs.items()):
        neuron = Neuron(w0, 0.0, activation="identity", loss="mse")
        path = descend(neuron, x, y, lr, n_steps, train_bias=False)
        paths[title] = path
        ax.plot(ws, J, color=COLORS["neutral"])
        ax.plot(path.ws, path.costs, "o-", color=COLORS["path"], ms=4, lw=1.2)
        ax.plot(path.ws[0], path.costs[0], "o", color=COLORS["forward"], ms=9, label="start")
        rate = f"$\\eta$ = {lr:.3g}"
        if eta_max is not None:
            rate += f" = {lr / eta_max:.3g} $\\eta_{{\\mathrm{{max}}}}$"
        ax.set(xlim=w_range, ylim=(0, J.max()), xlabel="weight w", title=f"{title}\n{rate}")
        end = "diverged" if path.diverged else f"J = {path.costs[-1]:.3f}"
        ax.text(0.5, 0.9, f"{path.steps} steps: {end}", transform=ax.transAxes, ha="center",
                fontsize=12, zorder=5, bbox=dict(fc="white", ec="none", alpha=0.85))
    for ax in axes[:, 0]:
        ax.set_ylabel("cost J(w)")
    for ax in axes.flat[len(runs):]:
        ax.axis("off")
    fig.tight_layout()
    return fig, paths


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


# ------------------------------------------------------------------------------ dashboards
def _signed(value, digits):
    """'+ 0.50' or '− 0.50': a term of a sum as it is written by hand."""
    return f"{'−' if value < 0 else '+'} {abs(value):.{digits}f}"


def _slider(value, lo, hi, description, step=0.1):
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         continuous_update=True, readout_format=".2f")


def neuron_dashboard(x=None, y=None, w=1.0, b=0.0, activation="sigmoid"):
    """One neuron with one input: a = f(w x + b) drawn over a labelled data set.

    Sliders w and b and an activation drop-down move the green curve a(x); the label shows
    the cost J = (1/m) sum ½(y_i - a_i)² over the points. Attributes: w_slider, b_slider,
    activation, line, boundary (the vertical line z = 0, x = -b/w), loss_label, neuron, figure.
    """
    if x is None:
        x, y = one_input_data()
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w_slider, b_slider = _slider(w, -5, 5, "w"), _slider(b, -5, 5, "b")
    act = W.Dropdown(options=ACTIVATION_NAMES, value=activation, description="f")
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
    neuron = Neuron(w, b, activation=activation, loss="mse")

    def redraw(change=None):
        neuron.w = np.asarray(w_slider.value, dtype=float)
        neuron.b = float(b_slider.value)
        neuron.activation = get_activation(act.value)
        line.set_ydata(neuron.forward(xs)[1])
        bx = -neuron.b / neuron.w if neuron.w != 0 else np.nan
        boundary.set_xdata([bx, bx])
        ax.set_title(f"a = {act.value}({neuron.w:.2f}·x {_signed(neuron.b, 2)})")
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


CLIM = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # other activations: (-3, 3)


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
    w1s, w2s = _slider(w[0], -4, 4, "w₁"), _slider(w[1], -4, 4, "w₂")
    b_slider = _slider(b, -4, 4, "b")
    act = W.Dropdown(options=ACTIVATION_NAMES, value=activation, description="f")
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
    neuron = Neuron(np.array(w, dtype=float), b, activation=activation, loss="mse")

    def redraw(change=None):
        neuron.w = np.array([w1s.value, w2s.value])
        neuron.b = float(b_slider.value)
        neuron.activation = get_activation(act.value)
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
        ax.set_title(f"a = {act.value}({neuron.w[0]:.1f}x₁ {_signed(neuron.w[1], 1)}x₂ "
                     f"{_signed(neuron.b, 1)})", fontsize=12)
        loss_label.value = (f"cost J = mean ½(y − a)²: <b>{neuron.cost(X, y):.4f}</b>, "
                            f"accuracy (z > 0 → class 1): <b>{accuracy(neuron, X, y):.0%}</b>")
        view.refresh()

    for control in (w1s, w2s, b_slider, act):
        control.observe(redraw, names="value")
    box = W.VBox([W.HBox([w1s, w2s]), W.HBox([b_slider, act]), loss_label, view.widget])
    box.w1_slider, box.w2_slider, box.b_slider, box.activation = w1s, w2s, b_slider, act
    box.image, box.boundary, box.w_arrow, box.loss_label, box.neuron, box.figure = (
        image, boundary, w_arrow, loss_label, neuron, fig)
    redraw()
    return box


def descent_dashboard(x=None, y=None, start=(-1.0, 3.5), lr=0.1, n_steps=20,
                      w_range=(-1.5, 4.0), b_range=(-2.0, 4.0)):
    """Gradient descent on (w, b) of a linear neuron (identity, MSE), over the cost's contours.

    The learning-rate slider (log scale) restarts from `start` and runs "N" steps, so dragging
    it shows each eta's whole path; "step" adds one step and "run N steps" adds N more;
    "reset" goes back to the start. A diverging run stops and says so.
    Attributes: lr_slider, n_input, step_button, run_button, reset_button, path_line, point,
    loss_label, message, neuron, path (the current DescentPath), figure.
    """
    if x is None:
        x, y = line_data()
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    lr_slider = log_slider(lr, -3, 1, "learning rate η")
    n_input = W.BoundedIntText(value=n_steps, min=1, max=1000, description="N",
                               layout=W.Layout(width="140px"))
    step_button = W.Button(description="step")
    run_button = W.Button(description="run N steps")
    reset_button = W.Button(description="reset")
    loss_label, message = W.HTML(), W.HTML()
    ws, bs = np.linspace(*w_range, 160), np.linspace(*b_range, 160)
    J = cost_surface(x, y, ws, bs)
    w_best, b_best = np.polyfit(x, y, 1)
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(6.4, 5))
    levels = np.geomspace(J.min() + 1e-3, J.max(), 14)
    contours = ax.contour(ws, bs, J, levels=levels, cmap="viridis", linewidths=1.2)
    fig.colorbar(contours, ax=ax, label="cost J(w, b)")
    ax.plot(w_best, b_best, "x", color=COLORS["negative"], ms=12, mew=3, label="minimum")
    (path_line,) = ax.plot([], [], "o-", color=COLORS["path"], ms=3.5, lw=1.2, label="path")
    (point,) = ax.plot([], [], "o", color=COLORS["forward"], ms=10, label="now")
    ax.set(xlim=w_range, ylim=b_range, xlabel="weight w", ylabel="bias b",
           title="gradient descent on J(w, b)")
    ax.legend(loc="lower left", fontsize=10)
    fig.tight_layout()
    view = FigureView(fig)
    neuron = Neuron(start[0], start[1], activation="identity", loss="mse")
    state = {"path": None}

    def show():
        path = state["path"]
        path_line.set_data(path.ws, path.bs)
        point.set_data(path.ws[-1:], path.bs[-1:])
        loss_label.value = (f"η = {lr_slider.value:.3g}, step {path.steps}: "
                            f"w = {path.ws[-1]:.3f}, b = {path.bs[-1]:.3f}, "
                            f"<b>J = {path.costs[-1]:.4g}</b>")
        message.value = (f'<span style="color:{COLORS["negative"]}">⚠ {path.message}</span>'
                         if path.diverged else "")
        view.refresh()

    def extend(n):
        path = state["path"]
        if path.diverged:  # nothing sensible to continue from
            return
        more = descend(neuron, x, y, lr_slider.value, n)
        state["path"] = DescentPath(np.r_[path.ws, more.ws[1:]], np.r_[path.bs, more.bs[1:]],
                                    np.r_[path.costs, more.costs[1:]], more.diverged,
                                    more.message.replace(f"step {more.steps}",
                                                         f"step {path.steps + more.steps}"))
        box.path = state["path"]
        show()

    def reset(_=None):
        neuron.w, neuron.b = np.asarray(start[0], dtype=float), float(start[1])
        state["path"] = DescentPath(neuron.w[None].copy(), np.array([neuron.b]),
                                    np.array([neuron.cost(x, y)]))
        box.path = state["path"]
        show()

    def restart(change=None):
        reset()
        extend(n_input.value)

    lr_slider.observe(restart, names="value")
    step_button.on_click(lambda _: extend(1))
    run_button.on_click(lambda _: extend(n_input.value))
    reset_button.on_click(reset)
    box = W.VBox([lr_slider, W.HBox([n_input, step_button, run_button, reset_button]),
                  loss_label, message, view.widget])
    box.lr_slider, box.n_input = lr_slider, n_input
    box.step_button, box.run_button, box.reset_button = step_button, run_button, reset_button
    box.path_line, box.point, box.loss_label, box.message = path_line, point, loss_label, message
    box.neuron, box.figure = neuron, fig
    restart()
    return box


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
    w_slider, b_slider = _slider(w, -4, 4, "w"), _slider(b, -4, 4, "b")
    x_slider = _slider(x, -3, 3, "x")
    y_toggle = W.ToggleButtons(options=[0.0, 1.0], value=float(y), description="target y",
                               style={"button_width": "50px"})
    loss_dropdown = W.Dropdown(options=[("MSE ½(y−a)²", "mse"), ("cross-entropy", "bce")],
                               value=loss, description="loss")
    product_label = W.HTML()
    with plt.ioff():
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.2),
                                      gridspec_kw={"width_ratios": [1.6, 1]})
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
    zs = np.linspace(-8, 8, 300)
    sig = get_activation("sigmoid")
    ax2.plot(zs, sig(zs), color=COLORS["forward"], label="a = σ(z)")
    (tangent,) = ax2.plot([], [], color=COLORS["backward"], ls="--", label="slope σ′(z)")
    (point,) = ax2.plot([], [], "o", color=COLORS["path"], ms=8)
    ax2.set(xlim=(-8, 8), ylim=(-0.1, 1.1), xlabel="z", ylabel="a", title="σ′(z) is the slope")
    ax2.legend(loc="upper left")
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
