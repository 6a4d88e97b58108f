"""Notebook 04's figures and dashboard: the 2-2-1 network annotated with every number of a
forward and a backward pass, the dashboard that steps it, and XOR's decision boundaries."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..data import xor_points
from ..experiments.two_two_one import batch_trace, best_line, gradient_step, worked_example
from ..notation import bias_name, subscript, weight_name
from .drawing import decision_grid, draw_network, plot_decision_boundary, update_network
from .style import COLORS
from .view import FigureView, log_slider


def _fmt(v, digits=4):
    return f"{v:.{digits}f}".replace("-", "−")


def diagram_labels(net, tr, stage, digits=4):
    """(node_labels, edge_labels, bias_labels) for draw_network, from a one-sample Trace.

    stage 'forward': x on the inputs, z and a in the other nodes, the weights on the edges and
    the biases under the nodes. stage 'backward': delta = dJ/dz in the nodes, dJ/dw on the
    edges and dJ/db under the nodes.
    """
    if stage not in ("forward", "backward"):
        raise ValueError(f"stage must be 'forward' or 'backward'; got {stage!r}")
    L = len(net.layers)
    f = lambda v: _fmt(v, digits)  # noqa: E731
    nodes = [[f"x{subscript(k + 1)}\n{f(v)}" for k, v in enumerate(tr.A[0][0])]]
    edges, biases = [], []
    for l in range(1, L + 1):
        a_name = "ŷ" if l == L else "a"
        if stage == "forward":
            nodes.append([f"z {f(z)}\n{a_name} {f(a)}" for z, a in zip(tr.Z[l][0], tr.A[l][0])])
            W, b = net.layers[l - 1].W, net.layers[l - 1].b
            edges.append([[f"{weight_name(l, j + 1, k + 1)} {f(w)}" for k, w in enumerate(row)]
                          for j, row in enumerate(W)])
            biases.append([f"{bias_name(l, j + 1)} {f(v)}" for j, v in enumerate(b)])
        else:
            nodes.append([f"δ\n{f(d)}" for d in tr.dZ[l][0]])
            edges.append([[f(g) for g in row] for row in tr.dW[l]])
            biases.append([f"∂J/∂b {f(v)}" for v in tr.db[l]])
    return nodes, edges, biases


def _is_small(net):
    """Edge and bias labels fit only when no layer has more than 3 units."""
    return max(net.sizes) <= 3


def draw_annotated(ax, net, tr, stage, fontsize=10, node_radius=0.2):
    """Draw `net` with the numbers of one sample's forward or backward pass (see
    diagram_labels). Networks with more than 3 units in a layer get the node numbers only
    (edge labels would overlap). Returns the artists dict of plots.draw_network."""
    nodes, edges, biases = diagram_labels(net, tr, stage)
    small = _is_small(net)
    L = len(net.layers)
    names = ["input x"] + [f"layer {l}" for l in range(1, L)] + ["output ŷ"]
    color = COLORS["forward"] if stage == "forward" else COLORS["backward"]
    weights = [layer.W for layer in net.layers]
    return draw_network(ax, weights, node_labels=nodes, edge_labels=edges if small else None,
                        bias_labels=biases if small else None, layer_names=names, width=1.7,
                        node_radius=node_radius if small else 0.5 / max(net.sizes),
                        fontsize=fontsize if small else fontsize - 2, node_edgecolor=color,
                        label_positions=_label_positions(net))


def _label_positions(net):
    """Edge-label positions: for a 2-2-1 network the labels of the two crossing edges sit near
    the inputs, away from the crossing; other networks alternate."""
    if net.sizes == [2, 2, 1]:
        return [[[0.5, 0.27], [0.27, 0.5]], [[0.5, 0.5]]]
    return (0.35, 0.65)


_TITLES = {
    "forward": "forward pass: weights on edges, z and a in nodes",
    "backward": "backward pass: ∂J/∂w on edges, δ = ∂J/∂z in nodes",
    "forward nodes": "forward pass: z and a in nodes",
    "backward nodes": "backward pass: δ = ∂J/∂z in nodes",
}


def network_figure(net, x, y, figsize=(11, 4.6)):
    """Two panels for one training example: the forward pass and the backward pass.

    Made for small networks (the 2-2-1 of notebook 04; at most 6 units per layer; above 3
    units only the nodes are labelled). For larger networks use plots.draw_network.
    Returns (fig, artists) with artists = {'forward': ..., 'backward': ..., 'loss_text': ...};
    refresh them for new weights with update_network_figure.
    """
    if max(net.sizes) > 6:
        raise ValueError(f"network_figure labels every number, which fits at most 6 units per "
                         f"layer; got sizes {net.sizes}. Use plots.draw_network instead.")
    tr = batch_trace(net, x, y)
    with plt.ioff():
        fig, (ax_f, ax_b) = plt.subplots(1, 2, figsize=figsize)
    artists = {"forward": draw_annotated(ax_f, net, tr, "forward"),
               "backward": draw_annotated(ax_b, net, tr, "backward")}
    short = "" if _is_small(net) else " (edges: colour = sign, width = |w|)"
    ax_f.set_title(_TITLES["forward" if _is_small(net) else "forward nodes"] + short,
                   color=COLORS["forward"])
    ax_b.set_title(_TITLES["backward" if _is_small(net) else "backward nodes"],
                   color=COLORS["backward"])
    artists["loss_text"] = fig.text(0.5, 0.02, _loss_line(net, tr), ha="center", fontsize=13)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.08, wspace=0.04)
    return fig, artists


def _loss_line(net, tr):
    y, y_hat = tr.Y[0], tr.A[-1][0]
    if y.size == 1:
        y_txt, y_hat_txt, norm = _fmt(y[0], 2), _fmt(y_hat[0]), "(ŷ − y)²"
    else:
        y_txt = "[" + ", ".join(_fmt(v, 2) for v in y) + "]"
        y_hat_txt = "[" + ", ".join(_fmt(v) for v in y_hat) + "]"
        norm = "‖ŷ − y‖²"
    formula = f"½{norm}" if net.loss.name == "mse" else net.loss.name
    return (f"target y = {y_txt}    prediction ŷ = {y_hat_txt}    loss J = {formula} = "
            f"{_fmt(tr.cost, 6)}")


def update_network_figure(artists, net, x, y):
    """Rewrite every number and recolour every edge of a network_figure for net's weights."""
    tr = batch_trace(net, x, y)
    weights = [layer.W for layer in net.layers]
    small = _is_small(net)
    for stage in ("forward", "backward"):
        nodes, edges, biases = diagram_labels(net, tr, stage)
        update_network(artists[stage], weights, node_labels=nodes,
                       edge_labels=edges if small else None,
                       bias_labels=biases if small else None)
    artists["loss_text"].set_text(_loss_line(net, tr))
    return tr


def _param_names(net):
    """[(name, array, index)] for every weight and bias of the net, in the notes' naming."""
    out = []
    for l, layer in enumerate(net.layers, start=1):
        for j in range(layer.n_out):
            for k in range(layer.n_in):
                out.append((weight_name(l, j + 1, k + 1), layer.W, (j, k)))
        for j in range(layer.n_out):
            out.append((bias_name(l, j + 1), layer.b, (j,)))
    return out


def _history_html(rows):
    head = ("<tr><th>step</th><th>η</th><th>J before</th><th>J after</th><th>ŷ after</th>"
            "</tr>")
    body = "".join(
        f"<tr><td>{r['step']}</td><td>{r['lr']:.3g}</td><td>{r['J_before']:.6f}</td>"
        f"<td>{r['J_after']:.6f}</td><td>{r['y_hat']:.4f}</td></tr>" for r in rows[-8:])
    note = "" if len(rows) <= 8 else f"<p>(last 8 of {len(rows)} steps)</p>"
    if not rows:
        body = "<tr><td colspan=5>no steps yet: press “one step”</td></tr>"
    cells = 'style="padding: 0 0.6em; text-align: right"'  # columns apart, numbers aligned
    table = f"<table>{head}{body}</table>".replace("<th>", f"<th {cells}>").replace(
        "<td>", f"<td {cells}>")
    return f"<b>steps taken</b>{table}{note}"


def _numbers_html(tr):
    d2 = tr.dZ[2][0]
    d1 = tr.dZ[1][0]
    return (f"<b>ŷ</b> = {tr.A[2][0, 0]:.4f} &nbsp; <b>J</b> = {tr.cost:.6f}<br>"
            f"<b>δ⁽²⁾</b> = (ŷ − y)·ŷ(1 − ŷ) = {_fmt(d2[0], 6)}<br>"
            f"<b>δ⁽¹⁾</b> = (W⁽²⁾)ᵀδ⁽²⁾ ⊙ a⁽¹⁾(1 − a⁽¹⁾) = [{_fmt(d1[0], 6)}, {_fmt(d1[1], 6)}]")


# Room for a label like w¹₂₁ and a readout like −4.00 (a squeezed readout shows "−0").
SLIDER_STYLE = {"description_width": "3em"}

SLIDER_WIDTH = "320px"


def two_two_one_dashboard(net=None, x=None, y=None, lr=None):
    """Sliders for the six weights, three biases and the learning rate of a 2-2-1 network,
    a "one step" button (W <- W - eta dJ/dW for every parameter), a reset button, the
    annotated forward and backward diagrams, and a table of the steps taken.

    Defaults: notebook 04's worked example. Attributes for tests and curious learners:
    .sliders (dict name -> FloatSlider, names like 'w¹₁₂' and 'b²₁'), .lr_slider,
    .step_button, .reset_button, .numbers (HTML), .history_table (HTML), .history (list of
    dicts), .net, .artists (see network_figure), .figure.
    """
    e_net, e_x, e_y, e_lr = worked_example()
    net = e_net if net is None else net
    if net.sizes != [2, 2, 1]:
        raise ValueError(f"the dashboard is made for a 2-2-1 network; got sizes {net.sizes}")
    x = e_x if x is None else np.asarray(x, dtype=float)
    y = e_y if y is None else np.asarray(y, dtype=float)
    start = net.get_weights()
    params = _param_names(net)
    sliders = _parameter_sliders(params)
    lr_slider = log_slider(e_lr if lr is None else lr, -2, 1, "learning rate η")
    lr_slider.layout = W.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH)
    step_button = W.Button(description="one step", button_style="primary", icon="forward")
    reset_button = W.Button(description="reset", icon="undo")
    numbers, table = W.HTML(), W.HTML()
    fig, artists = network_figure(net, x, y)
    view = FigureView(fig)
    history = []
    busy = {"on": False}  # True while the step button moves the sliders itself

    def redraw():
        tr = update_network_figure(artists, net, x, y)
        numbers.value = _numbers_html(tr)
        table.value = _history_html(history)
        view.refresh()

    def on_slider(change, array, idx):
        if busy["on"]:
            return
        array[idx] = change["new"]
        redraw()

    for name, array, idx in params:
        sliders[name].observe(lambda c, a=array, i=idx: on_slider(c, a, i), names="value")

    def show_weights():
        busy["on"] = True
        try:
            _move_sliders(sliders, params)
        finally:
            busy["on"] = False

    def one_step(_=None):
        history.append(gradient_step(net, x, y, lr_slider.value, len(history) + 1))
        show_weights()
        redraw()

    def reset(_=None):
        net.set_weights(start)
        history.clear()
        show_weights()
        redraw()

    step_button.on_click(one_step)
    reset_button.on_click(reset)
    box = W.VBox([view.widget, _controls_layout(sliders, lr_slider, step_button, reset_button,
                                                numbers, table)])
    box.sliders, box.lr_slider, box.step_button, box.reset_button = (
        sliders, lr_slider, step_button, reset_button)
    box.numbers, box.history_table, box.history = numbers, table, history
    box.net, box.artists, box.figure = net, artists, fig
    numbers.value = _numbers_html(batch_trace(net, x, y))  # the figure is drawn already
    table.value = _history_html(history)
    return box


def _parameter_sliders(params):
    """One slider per weight and bias of _param_names' list, from -4 to 4, named as in the
    notes (w¹₁₂, b²₁) and starting at the parameter's value: {name: FloatSlider}."""
    return {name: W.FloatSlider(value=float(array[idx]), min=-4.0, max=4.0, step=0.05,
                                description=name, readout_format=".2f", continuous_update=True,
                                style=SLIDER_STYLE,
                                layout=W.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH))
            for name, array, idx in params}


def _move_sliders(sliders, params):
    """Set each parameter's slider to its value, widening the slider's range if needed (a
    slider would clamp a value outside it)."""
    for name, array, idx in params:
        slider, v = sliders[name], float(array[idx])
        slider.max, slider.min = max(slider.max, v), min(slider.min, v)
        slider.value = v


def _controls_layout(sliders, lr_slider, step_button, reset_button, numbers, table):
    """Three columns under the figure: layer 1's sliders (four weights, two biases); layer 2's
    (two weights, one bias), the learning rate and the buttons; the numbers and the table."""
    names = list(sliders)
    column = W.Layout(min_width="330px", padding="0 8px 0 0")
    col1 = W.VBox([W.HTML("<b>layer 1</b>")] + [sliders[n] for n in names[:6]], layout=column)
    col2 = W.VBox([W.HTML("<b>layer 2</b>")] + [sliders[n] for n in names[6:]]
                  + [lr_slider, W.HBox([step_button, reset_button])], layout=column)
    # in a narrow window a column moves to the next line instead of squeezing its sliders
    return W.HBox([col1, col2, W.VBox([numbers, table])], layout=W.Layout(flex_flow="row wrap"))


def xor_evolution_figure(net, snapshots, title="2-2-1 network on XOR"):
    """One decision-boundary panel per snapshot epoch: the shading is the output ŷ (orange 0,
    white ½, sky blue 1), the black line is ŷ = 0.5."""
    X, y = xor_points()
    epochs = sorted(snapshots)
    with plt.ioff():
        fig, axes = plt.subplots(1, len(epochs), figsize=(max(3.6 * len(epochs), 6.5), 4.2),
                                 squeeze=False)
    keep = net.get_weights()
    for ax, epoch in zip(axes[0], epochs):
        net.set_weights(snapshots[epoch])
        acc = net.accuracy(X, y)
        plot_decision_boundary(ax, lambda P: net.predict(P)[:, 0], X, y, resolution=120)
        for k in (0, 1):  # bigger markers: there are only four points
            ax.scatter(*X[y == k].T, s=140, color=COLORS[f"class{k}"], edgecolor="k", lw=1,
                       zorder=3)
        xx, yy, p = _grid_output(net)
        if p.min() < 0.5 < p.max() and p.max() - p.min() > 0.01:
            ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=1.5)
        ax.set_title(f"epoch {epoch}: accuracy {acc:.2f}", fontsize=12)
        ax.set_aspect("equal")
    net.set_weights(keep)
    axes[0][0].legend(loc="upper center", fontsize=9, framealpha=0.9, markerscale=1.5)
    fig.suptitle(f"{title}\nshading: output ŷ (orange 0 · white ½ · blue 1); line: ŷ = 0.5",
                 fontsize=13)
    fig.tight_layout()
    return fig


def _grid_output(net, resolution=120):
    """(xx, yy, ŷ on the grid) around the XOR points."""
    xx, yy, grid = decision_grid(xor_points()[0], resolution)
    return xx, yy, net.predict(grid)[:, 0].reshape(xx.shape)


def no_hidden_figure(flat_net):
    """Two panels on XOR: the trained single neuron's output, and the best any straight line
    can do (found by best_line)."""
    X, y = xor_points()
    acc, n, c, side = best_line(X, y)
    with plt.ioff():
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.6))
    p_range = flat_net.predict(X)[:, 0]
    plot_decision_boundary(ax1, lambda P: flat_net.predict(P)[:, 0], X, y, resolution=120)
    ax1.set_title(f"single neuron: ŷ from {p_range.min():.3f} to {p_range.max():.3f}\n"
                  f"accuracy {flat_net.accuracy(X, y):.2f}", fontsize=12)
    plot_decision_boundary(ax2, lambda P: ((P @ n > c) == side).astype(float), X, y,
                           resolution=240)
    t = np.linspace(-3, 3, 2)
    point = n * c  # a point on the line n . x = c
    ax2.plot(point[0] - t * n[1], point[1] + t * n[0], color="k", lw=1.5)
    ax2.set_title(f"best straight line: accuracy {acc:.2f}", fontsize=12)
    for ax in (ax1, ax2):
        for k in (0, 1):
            ax.scatter(*X[y == k].T, s=140, color=COLORS[f"class{k}"], edgecolor="k", lw=1,
                       zorder=3)
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_aspect("equal")
    ax1.legend(loc="upper center", fontsize=9, framealpha=0.9, markerscale=1.5)
    fig.suptitle("without a hidden layer the boundary is one straight line", fontsize=13)
    fig.tight_layout()
    return fig
