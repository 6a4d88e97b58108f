"""Notebook 08's figures and dashboard: optimizer paths on the 2-D surfaces, and validation
curves of the optimizers on the digits."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..experiments.optimizers import SURFACES, optimizer_hyper, optimizer_path, path_diverged
from .style import COLORS, OKABE_ITO
from .view import FigureView, log_slider, new_figure

OPTIMIZER_COLORS = {"sgd": OKABE_ITO["black"], "momentum": OKABE_ITO["blue"],
                    "rmsprop": OKABE_ITO["green"], "adam": OKABE_ITO["vermillion"]}

OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}


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
            diverged = path_diverged(key, points)
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


def validation_curves_figure(histories, settings=None):
    """Validation cost and accuracy per epoch for {optimizer name: History}."""
    fig, (ax_cost, ax_acc) = new_figure(1, 2, figsize=(11, 4.2))
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
