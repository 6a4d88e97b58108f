"""Notebook 05's shape table, as HTML and as text, the shape explorer, and the cost of every
gradient by backprop against finite differences."""

import ipywidgets as W

from ..experiments.matrix_form import shape_table
from .style import COLORS, OKABE_ITO
from .view import new_figure


def shape_table_html(rows):
    """The rows of shape_table as an HTML table."""
    body = "".join(f"<tr><td>{sym}</td><td><code>{code}</code></td><td>{shape}</td></tr>"
                   for sym, code, shape in rows)
    return f"<table><tr><th>array</th><th>code</th><th>shape</th></tr>{body}</table>"


def print_shape_table(rows):
    """Print the rows of shape_table as aligned text."""
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for sym, code, shape in rows:
        print(f"{sym:<{w0}}  {code:<{w1}}  {shape}")


def shape_explorer(sizes="2, 3, 2", m=4):
    """Type layer sizes and pick a batch size: a table of every array's shape follows.

    Attributes: .sizes_text (Text), .batch_slider (IntSlider), .table (HTML), .rows (the
    current shape_table rows; empty while the sizes are invalid).
    """
    sizes_text = W.Text(value=str(sizes), description="layer sizes",
                        style={"description_width": "initial"})
    batch_slider = W.IntSlider(value=m, min=1, max=256, description="batch size m",
                               style={"description_width": "initial"})
    table = W.HTML()
    box = W.VBox([W.HBox([sizes_text, batch_slider]), table])

    def redraw(change=None):
        try:
            box.rows = shape_table(sizes_text.value, batch_slider.value)
        except ValueError as err:
            box.rows = []
            table.value = f"<p style='color:{COLORS['negative']}'>{err}</p>"
            return
        table.value = shape_table_html(box.rows)

    sizes_text.observe(redraw, names="value")
    batch_slider.observe(redraw, names="value")
    box.sizes_text, box.batch_slider, box.table = sizes_text, batch_slider, table
    redraw()
    return box


def gradient_cost_figure(results):
    """Two log-log panels against P, the number of parameters, from backprop_cost.measure_all:
    the time of every gradient by backprop (one forward + backward) and by central finite
    differences (2P cost evaluations); and how many times slower finite differences were,
    measured, as counted in multiply-adds, and 2P. Returns the figure (axes: fig.axes)."""
    P = [r.P for r in results]
    fig, (ax_t, ax_r) = new_figure(1, 2, figsize=(12, 4.8))
    ax_t.loglog(P, [1000 * r.finite_difference_seconds for r in results], "s-",
                color=OKABE_ITO["orange"], label="finite differences (2P evaluations of J)")
    ax_t.loglog(P, [1000 * r.backprop_seconds for r in results], "o-",
                color=COLORS["backward"], label="backprop (1 forward + 1 backward)")
    ax_t.set(xlabel="parameters P", ylabel="time for every gradient (ms)",
             title="the cost of all P gradients")
    ax_t.legend(loc="upper left")
    ax_r.loglog(P, [r.time_ratio for r in results], "o-", color=COLORS["path"],
                label="measured time ratio")
    ax_r.loglog(P, [r.multiply_add_ratio for r in results], "--", color=COLORS["neutral"],
                label="ratio of multiply-adds")
    ax_r.loglog(P, [2 * p for p in P], ":", color=COLORS["neutral"],
                label="2P (if backprop took one forward pass)")
    ax_r.set(xlabel="parameters P", ylabel="finite differences ÷ backprop",
             title="how many times slower")
    ax_r.legend(loc="upper left")
    fig.tight_layout()
    return fig
