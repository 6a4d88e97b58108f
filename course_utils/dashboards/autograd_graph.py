"""Notebook 10's pictures of the scalar engine: the computation graph and its explorer.

`graph_layout` places the nodes of a graph of autograd.Values in columns, `draw_graph` draws it
with matplotlib (no graphviz needed) and `graph_explorer` makes it live with sliders.
"""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch

from ..experiments.scalar_graphs import two_two_one_graph
from .style import COLORS
from .view import FigureView


def graph_layout(output):
    """Positions for drawing: each node one column left of its furthest-right consumer.

    Column = (longest path from the node to the output) counted from the right; inside a
    column the nodes are ordered by the mean height of the nodes they feed, which keeps
    edges from crossing much. Returns {id(node): (x, y)} and the nodes in topological order.
    """
    order = output.topological_order()
    depth = {id(output): 0}  # longest distance to the output
    for node in reversed(order):
        for p in node.parents:
            depth[id(p)] = max(depth.get(id(p), 0), depth[id(node)] + 1)
    consumers = {id(n): [] for n in order}
    for node in order:
        for p in node.parents:
            consumers[id(p)].append(node)
    n_cols = max(depth.values()) + 1
    columns = [[] for _ in range(n_cols)]
    for node in order:
        columns[depth[id(node)]].append(node)
    pos = {}
    for d, column in enumerate(columns):
        if d == 0:
            wanted = {id(n): 0.0 for n in column}
        else:
            wanted = {id(n): float(np.mean([pos[id(c)][1] for c in consumers[id(n)]]))
                      for n in column}
        column.sort(key=lambda n: wanted[id(n)])
        ys = [wanted[id(n)] for n in column]
        for i in range(1, len(ys)):  # keep at least one unit between neighbours
            ys[i] = max(ys[i], ys[i - 1] + 1.0)
        shift = np.mean([wanted[id(n)] for n in column]) - np.mean(ys)
        for n, y in zip(column, ys):
            pos[id(n)] = (float(n_cols - 1 - d), y + shift)
    return pos, order


def draw_graph(output, ax=None, show_grad=True, title=None, texts=None):
    """Draw the computation graph ending in `output` with matplotlib (no graphviz needed).

    Each node is a box with its operation (or its name for a leaf), its value, and, if
    show_grad, its gradient dJ/d(node) from the last backward() in the backward colour.
    Arrows run from inputs to outputs in the forward colour. Returns the axes.
    texts: an optional list that receives one (value text, gradient text) pair per node, in
    topological order, so that a dashboard can change the numbers in place.
    """
    pos, order = graph_layout(output)
    new_figure = ax is None
    if new_figure:  # about 1.3 x 1.05 inches per node: 11-12 pt text that fits its box
        n_cols = max(x for x, _ in pos.values()) + 1
        height = max(y for _, y in pos.values()) - min(y for _, y in pos.values()) + 1
        _, ax = plt.subplots(figsize=(max(6, 1.3 * n_cols), max(3, 1.05 * height + 0.6)))
    for node in order:
        x1, y1 = pos[id(node)]
        for p in node.parents:
            x0, y0 = pos[id(p)]
            ax.add_patch(FancyArrowPatch((x0 + 0.36, y0), (x1 - 0.36, y1),
                                         arrowstyle="-|>", mutation_scale=10, lw=1.0,
                                         color=COLORS["forward"], alpha=0.7, zorder=1))
    for node in order:
        x, y = pos[id(node)]
        head = node.op if node.op else (node.label or "const")
        if node.op and node.label:
            head = f"{node.label} = {node.op}"
        leaf = not node.op
        ax.text(x, y + 0.18, head, ha="center", va="center", fontsize=12, zorder=3,
                fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.25", fc="#f2f2f2" if leaf else "white",
                          ec="k", lw=0.8))
        value = ax.text(x, y - 0.1, f"{node.data:.4f}", ha="center", va="center",
                        fontsize=11, color=COLORS["forward"], zorder=3)
        grad = ax.text(x, y - 0.33, f"∇ {node.grad:.4f}", ha="center", va="center",
                       fontsize=11, color=COLORS["backward"], zorder=3, visible=show_grad)
        if texts is not None:
            texts.append((value, grad))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.55, max(ys) + 0.45)
    ax.axis("off")
    ax.set_title(title or ("computation graph: value (green), gradient ∇ = dJ/d(node) "
                           "(purple)" if show_grad else "computation graph"))
    if new_figure:
        ax.figure.tight_layout()
    return ax


def graph_explorer(net, x, y):
    """A small dashboard: sliders for the inputs x₁, x₂ and the target y of a 2-2-1 network,
    and its computation graph, whose values and gradients follow the sliders in place.

    Returns an ipywidgets VBox with attributes .x1, .x2, .y (sliders), .figure, .texts (the
    (value, gradient) text pairs of the nodes, in topological order) and .loss (the current
    loss Value).
    """
    sliders = [W.FloatSlider(value=float(v), min=-2.0, max=2.0, step=0.1, description=name,
                             continuous_update=False)
               for name, v in (("x₁", x[0]), ("x₂", x[1]))]
    # the target of a sigmoid output lies in 0..1
    sliders.append(W.FloatSlider(value=float(np.ravel(y)[0]), min=0.0, max=1.0, step=0.05,
                                 description="y", continuous_update=False))
    loss, _, _ = two_two_one_graph(net, x, y)
    loss.backward()
    texts = []
    with plt.ioff():
        ax = draw_graph(loss, texts=texts,
                        title="move x₁, x₂ or y: every value (green) and gradient dℒ/d(node) "
                              "(purple) follows")
    fig = ax.figure
    view = FigureView(fig)
    if not view.is_canvas:  # the PNG at its own size (readable text) in a scrolling box
        px = int(round(fig.get_figwidth() * fig.dpi))
        view.widget.layout = W.Layout(width=f"{px}px", max_width="none", flex="0 0 auto")
    picture = W.Box([view.widget], layout=W.Layout(width="100%", overflow="auto"))
    box = W.VBox([W.HBox(sliders), picture])

    def redraw(change=None):
        x_new = [sliders[0].value, sliders[1].value]
        loss, _, _ = two_two_one_graph(net, x_new, [sliders[2].value])
        loss.backward()
        for node, (value, grad) in zip(loss.topological_order(), texts):
            value.set_text(f"{node.data:.4f}")
            grad.set_text(f"∇ {node.grad:.4f}")
        box.loss = loss
        view.refresh()

    for s in sliders:
        s.observe(redraw, names="value")
    box.x1, box.x2, box.y = sliders
    box.figure, box.texts, box.loss = fig, texts, loss
    return box
