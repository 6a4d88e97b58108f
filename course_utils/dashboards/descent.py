"""Notebook 02's figures and dashboard: losses, and gradient descent on a linear neuron.

In loss comparisons MSE is blue and cross-entropy orange (`LOSS_COLORS`), here and in 03.
"""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..data import line_data
from ..experiments.descent import (
    VALLEY_START,
    DescentPath,
    cost_surface,
    critical_learning_rate,
    descend,
    least_squares_line,
)
from ..losses import get_loss
from ..neuron import Neuron
from .style import COLORS, OKABE_ITO
from .view import FigureView

LOSS_COLORS = {"mse": OKABE_ITO["blue"], "bce": OKABE_ITO["orange"]}

LOSS_TITLES = {"mse": "MSE  ½(y − a)²", "bce": "cross-entropy  −[y log a + (1−y) log(1−a)]"}


def plot_losses(y_reg=1.0):
    """Left: MSE ℒ = ½(y - ŷ)² and its slope ŷ - y for a regression target y_reg.
    Right: binary cross-entropy over a probability ŷ for y = 1 (solid) and y = 0 (dash-dot),
    next to ½(1 - ŷ)²: cross-entropy grows without bound for a confident wrong answer, MSE
    stays below ½. Each loss has its colour of `LOSS_COLORS`, as in `plot_loss_comparison`."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    y_hat = np.linspace(y_reg - 2, y_reg + 2, 201)
    mse, bce = get_loss("mse"), get_loss("bce")

    def per_sample(loss, y_hat, y):  # one output unit per sample: give it its own axis
        return loss.loss(y_hat[:, None], np.full((y_hat.size, 1), y))

    ax1.plot(y_hat, per_sample(mse, y_hat, y_reg), color=LOSS_COLORS["mse"],
             label="ℒ = ½(y − ŷ)²")
    ax1.plot(y_hat, mse.grad(y_hat, np.full_like(y_hat, y_reg)), color=COLORS["backward"],
             ls="--", label="dℒ/dŷ = ŷ − y")
    ax1.axvline(y_reg, color=COLORS["neutral"], lw=1)
    ax1.set(xlabel="prediction ŷ", ylabel="ℒ  and  dℒ/dŷ", title=f"MSE, target y = {y_reg:g}")
    ax1.legend()
    p = np.linspace(0.005, 0.995, 400)
    ax2.plot(p, per_sample(bce, p, 1.0), color=LOSS_COLORS["bce"], label="BCE, y = 1: −log ŷ")
    ax2.plot(p, per_sample(bce, p, 0.0), color=LOSS_COLORS["bce"], ls="-.",
             label="BCE, y = 0: −log(1 − ŷ)")
    ax2.plot(p, per_sample(mse, p, 1.0), color=LOSS_COLORS["mse"], ls=":",
             label="MSE, y = 1")
    ax2.set(xlabel="predicted probability ŷ", ylabel="loss ℒ", ylim=(0, 5),
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
        end = "diverged" if path.diverged else f"J = {path.costs[-1]:.3f}"
        # the outcome goes in the title: inside the axes a diverging path would cross it
        ax.set(xlim=w_range, ylim=(0, J.max()), xlabel="weight w",
               title=f"{title}\n{rate}\n{path.steps} steps: {end}")
    for ax in axes[:, 0]:
        ax.set_ylabel("cost J(w)")
    for ax in axes.flat[len(runs):]:
        ax.axis("off")
    fig.tight_layout()
    return fig, paths


ROUND_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9,
               1.0, 2.0)


def rate_slider(x, value, description="learning rate η"):
    """The descent dashboard's learning-rate slider: round rates from 0.001 to 2, dense between
    0.5 and 0.9 where the regimes change, plus ½η_max (removes the steep direction's error in
    one step) and η_max = 2/λ_max itself, computed from the inputs x, plus `value`."""
    eta_max = critical_learning_rate(x)
    labels = {v: f"{v:g}" for v in ROUND_RATES}
    labels[eta_max / 2] = f"{eta_max / 2:.3f} = ½η_max"
    labels[eta_max] = f"{eta_max:.3f} = η_max"
    labels.setdefault(float(value), f"{float(value):g}")
    return W.SelectionSlider(options=[(labels[v], v) for v in sorted(labels)],
                             value=float(value), description=description,
                             continuous_update=True, style={"description_width": "initial"},
                             layout=W.Layout(width="520px"))


def descent_dashboard(x=None, y=None, start=VALLEY_START, lr=0.1, n_steps=20,
                      w_range=(-1.5, 4.0), b_range=(-2.0, 4.0)):
    """Gradient descent on (w, b) of a linear neuron (identity, MSE), over the cost's contours,
    and the cost after every step beside them (log scale).

    The learning-rate slider (`rate_slider`) restarts from `start` and runs "N" steps, so
    dragging it shows each eta's whole path; "step" adds one step and "run N steps" adds N
    more; "reset" goes back to the start. A diverging run stops and says so.
    Attributes: lr_slider, n_input, step_button, run_button, reset_button, path_line, point,
    cost_line, loss_label, message, neuron, path (the current DescentPath), figure.
    """
    if x is None:
        x, y = line_data()
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    lr_slider = rate_slider(x, lr)
    n_input = W.BoundedIntText(value=n_steps, min=1, max=1000, description="N",
                               layout=W.Layout(width="140px"))
    step_button = W.Button(description="step")
    run_button = W.Button(description="run N steps")
    reset_button = W.Button(description="reset")
    loss_label, message = W.HTML(), W.HTML()
    fig, path_line, point, cost_line, j_min = _contour_figure(x, y, w_range, b_range)
    view = FigureView(fig)
    neuron = Neuron(start[0], start[1], activation="identity", loss="mse")
    state = {"path": None}

    def show():
        path = state["path"]
        path_line.set_data(path.ws, path.bs)
        point.set_data(path.ws[-1:], path.bs[-1:])
        _show_costs(cost_line, path, n_input.value, j_min)
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
        more = descend(neuron, x, y, lr_slider.value, n, first_cost=float(path.costs[0]))
        state["path"] = path.then(more)
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
    box.cost_line, box.neuron, box.figure = cost_line, neuron, fig
    restart()
    return box


def _show_costs(cost_line, path, n_steps, j_min):
    """Put the path's costs on the cost-vs-step panel and fit its axes to them (log scale;
    j_min, the lowest cost, sets the bottom)."""
    cost_line.set_data(np.arange(path.costs.size), path.costs)
    ax = cost_line.axes
    ax.set_xlim(0, max(path.steps, n_steps, 1))
    ax.set_ylim(0.5 * j_min, max(2.0 * float(np.max(path.costs)), 4.0 * j_min))


def _contour_figure(x, y, w_range, b_range):
    """Left: the contours of the cost J(w, b) over the (w, b) plane, its minimum (the
    least-squares line) as a cross, an empty path and current point. Right: the cost after
    every step, with the minimum cost dashed. Returns (fig, path_line, point, cost_line, j_min)."""
    ws, bs = np.linspace(*w_range, 160), np.linspace(*b_range, 160)
    J = cost_surface(x, y, ws, bs)
    w_best, b_best = least_squares_line(x, y)
    with plt.ioff():
        fig, (ax, ax_cost) = plt.subplots(1, 2, figsize=(11, 4.8),
                                          gridspec_kw={"width_ratios": [1.25, 1]})
    levels = np.geomspace(J.min() + 1e-3, J.max(), 14)
    contours = ax.contour(ws, bs, J, levels=levels, cmap="viridis", linewidths=1.2)
    fig.colorbar(contours, ax=ax, label="cost J(w, b)")
    ax.plot(w_best, b_best, "x", color=COLORS["negative"], ms=12, mew=3, label="minimum")
    (path_line,) = ax.plot([], [], "o-", color=COLORS["path"], ms=3.5, lw=1.2, label="path")
    (point,) = ax.plot([], [], "o", color=COLORS["forward"], ms=10, label="now")
    ax.set(xlim=w_range, ylim=b_range, xlabel="weight w", ylabel="bias b",
           title="gradient descent on J(w, b)")
    ax.legend(loc="lower right", fontsize=10)
    j_min = float(cost_surface(x, y, [w_best], [b_best])[0, 0])
    ax_cost.axhline(j_min, color=COLORS["negative"], ls="--", lw=1.2, label="J at the minimum")
    (cost_line,) = ax_cost.plot([], [], "o-", color=COLORS["path"], ms=3.5, lw=1.2,
                                label="J after each step")
    ax_cost.set(yscale="log", xlabel="step", ylabel="cost J (log scale)",
                title="cost after each step")
    ax_cost.legend(loc="center right", fontsize=10)
    fig.tight_layout()
    return fig, path_line, point, cost_line, j_min
