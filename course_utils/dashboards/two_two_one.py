"""Notebook 04's figures and dashboard: the 2-2-1 network annotated with every number of a
forward and a backward pass, the dashboard that steps it, and XOR's decision boundaries."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..data import xor_points
from ..experiments.two_two_one import batch_trace, best_line, gradient_step, worked_example
from ..gradcheck import TOLERANCE, network_gradient_errors
from ..notation import bias_name, subscript, weight_name
from .drawing import decision_grid, draw_network, plot_decision_boundary, update_network
from .style import COLORS
from .view import FigureView, log_slider


def _fmt(v, digits=4):
    return f"{v:.{digits}f}".replace("-", "−")


#: The stages of the step-by-step reveal, in the order backprop computes them.
REVEAL_STAGES = ("all", "forward", "δ⁽²⁾", "δ⁽¹⁾", "gradients", "update")


def diagram_labels(net, tr, stage, digits=4, reveal="all", lr=None):
    """(node_labels, edge_labels, bias_labels) for draw_network, from a one-sample Trace.

    stage 'forward': x on the inputs, z and a in the other nodes, the weights on the edges and
    the biases under the nodes. stage 'backward': delta = dℒ/dz in the nodes, dℒ/dw on the
    edges and dℒ/db under the nodes. reveal (one of REVEAL_STAGES) blanks what backprop has not
    computed yet at that stage ('?' in a node); at 'update' the forward panel shows the new
    weights p − lr ∂ℒ/∂p (lr needed).
    """
    if stage not in ("forward", "backward"):
        raise ValueError(f"stage must be 'forward' or 'backward'; got {stage!r}")
    if reveal not in REVEAL_STAGES:
        raise ValueError(f"reveal must be one of {REVEAL_STAGES}; got {reveal!r}")
    if reveal == "update" and lr is None:
        raise ValueError("reveal='update' shows the new weights: give the learning rate lr")
    L = len(net.layers)
    f = lambda v: _fmt(v, digits)  # noqa: E731
    nodes = [[f"x{subscript(k + 1)}\n{f(v)}" for k, v in enumerate(tr.A[0][0])]]
    edges, biases = [], []
    shown = REVEAL_STAGES.index(reveal)  # 0: everything
    for l in range(1, L + 1):
        a_name = "ŷ" if l == L else "a"
        if stage == "forward":
            nodes.append([f"z {f(z)}\n{a_name} {f(a)}" for z, a in zip(tr.Z[l][0], tr.A[l][0])])
            W, b = net.layers[l - 1].W, net.layers[l - 1].b
            if reveal == "update":  # the new values, where the names were (room for no more)
                edges.append([[f"← {f(w)}" for w in row] for row in W - lr * tr.dW[l]])
                biases.append([f"← {f(v)}" for v in b - lr * tr.db[l]])
                continue
            edges.append([[f"{weight_name(l, j + 1, k + 1)} {f(w)}" for k, w in enumerate(row)]
                          for j, row in enumerate(W)])
            biases.append([f"{bias_name(l, j + 1)} {f(v)}" for j, v in enumerate(b)])
        else:
            known = shown == 0 or shown >= 2 + (L - l)  # δ⁽ᴸ⁾ at stage 2, δ⁽ᴸ⁻¹⁾ at 3
            grads = shown == 0 or shown >= 4
            nodes.append([f"δ\n{f(d) if known else '?'}" for d in tr.dZ[l][0]])
            edges.append([[f(g) if grads else "" for g in row] for row in tr.dW[l]])
            biases.append([f"∂ℒ/∂b {f(v)}" if grads else "" for v in tr.db[l]])
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
    "backward": "backward pass: ∂ℒ/∂w on edges, δ = ∂ℒ/∂z in nodes",
    "forward nodes": "forward pass: z and a in nodes",
    "update": "update: the new weights p − η ∂ℒ/∂p on edges",
    "backward nodes": "backward pass: δ = ∂ℒ/∂z in nodes",
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
    return (f"target y = {y_txt}    prediction ŷ = {y_hat_txt}    loss ℒ = {formula} = "
            f"{_fmt(tr.cost, 6)}")


def update_network_figure(artists, net, x, y, reveal="all", lr=None):
    """Rewrite every number and recolour every edge of a network_figure for net's weights;
    reveal and lr as in diagram_labels (the step-by-step reveal). Returns the Trace."""
    tr = batch_trace(net, x, y)
    weights = [layer.W for layer in net.layers]
    small = _is_small(net)
    for stage in ("forward", "backward"):
        nodes, edges, biases = diagram_labels(net, tr, stage, reveal=reveal, lr=lr)
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
    head = ("<tr><th>step</th><th>η</th><th>ℒ before</th><th>ℒ after</th><th>ŷ after</th>"
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


def _numbers_html(tr, reveal="all"):
    """The numbers beside the diagram, up to the reveal stage (all of them for 'all')."""
    shown = REVEAL_STAGES.index(reveal) or len(REVEAL_STAGES)
    d2, d1 = tr.dZ[2][0], tr.dZ[1][0]
    lines = [f"<b>ŷ</b> = {tr.A[2][0, 0]:.4f} &nbsp; <b>ℒ</b> = {tr.cost:.6f}",
             f"<b>δ⁽²⁾</b> = (ŷ − y)·ŷ(1 − ŷ) = {_fmt(d2[0], 6)}",
             f"<b>δ⁽¹⁾</b> = (W⁽²⁾)ᵀδ⁽²⁾ ⊙ a⁽¹⁾(1 − a⁽¹⁾) = [{_fmt(d1[0], 6)}, {_fmt(d1[1], 6)}]",
             "<b>gradients</b>: ∂ℒ/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, ∂ℒ/∂b⁽ˡ⁾ = δ⁽ˡ⁾ (on the edges)",
             "<b>update</b>: p ← p − η ∂ℒ/∂p for all nine at once, every δ from the old "
             "weights (new values on the left; “next” takes the step)"]
    return "<br>".join(lines[:shown])


def _gradcheck_html(net, x, y):
    """The live finite-difference check of the current gradients (gradcheck)."""
    errors = network_gradient_errors(net, np.reshape(x, (1, -1)), np.reshape(y, (1, -1)))
    worst = max(max(e["dW"], e["db"]) for e in errors)
    mark = "✅" if worst < TOLERANCE else "❌"
    return (f"<b>gradient check</b>: max relative error of backprop against central "
            f"differences = {worst:.1e} {mark}")


# Room for a label like w¹₂₁ and a readout like −4.00 (a squeezed readout shows "−0").
SLIDER_STYLE = {"description_width": "3em"}

SLIDER_WIDTH = "320px"


def two_two_one_dashboard(net=None, x=None, y=None, lr=None):
    """Sliders for the six weights, three biases, the training example (x₁, x₂, y) and the
    learning rate of a 2-2-1 network; "one step" (p <- p - eta dℒ/dp for every parameter),
    "run N steps" with a loss curve, reset (back to the starting parameters and example); a
    step-by-step reveal (forward, δ⁽²⁾, δ⁽¹⁾, gradients, update); the annotated diagrams; the
    live gradient check; the steps table.

    Defaults: notebook 04's worked example. Attributes for tests and curious learners:
    .sliders (dict name -> FloatSlider, names like 'w¹₁₂' and 'b²₁'), .lr_slider,
    .step_button, .reset_button, .numbers (HTML), .history_table (HTML), .history (list of
    dicts), .net, .artists (see network_figure), .figure; and .x_sliders ({'x₁', 'x₂'}),
    .y_slider, .n_steps (IntText), .run_button, .loss_figure, .loss_line (cost ℒ after each
    step, step 0 = the start), .reveal (Dropdown of REVEAL_STAGES), .next_button (walks the
    stages; at 'update' it takes the step), .gradcheck (HTML), .example ({'x', 'y'}).
    """
    e_net, e_x, e_y, e_lr = worked_example()
    net = e_net if net is None else net
    if net.sizes != [2, 2, 1]:
        raise ValueError(f"the dashboard is made for a 2-2-1 network; got sizes {net.sizes}")
    example = {"x": (e_x if x is None else np.array(x, dtype=float)).copy(),
               "y": (e_y if y is None else np.array(y, dtype=float)).reshape(1).copy()}
    box = _Dashboard(net, example, e_lr if lr is None else lr).box
    return box


class _Dashboard:
    """The state and the callbacks of two_two_one_dashboard (its box is what it returns)."""

    def __init__(self, net, example, lr):
        self.net, self.example, self.start = net, example, net.get_weights()
        self.example_start = {k: v.copy() for k, v in example.items()}  # what reset restores
        self.params = _param_names(net)
        self.sliders = _parameter_sliders(self.params)
        self.x_sliders, self.y_slider = _example_sliders(example)
        self.lr_slider = log_slider(lr, -2, 1, "learning rate η")
        self.lr_slider.layout = W.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH)
        self.history, self.busy = [], False  # busy: the dashboard moves the sliders itself
        self.fig, self.artists = network_figure(net, example["x"], example["y"])
        self.view = FigureView(self.fig)
        self.loss_figure, self.loss_line = _loss_curve_figure()
        self.loss_view = FigureView(self.loss_figure)
        self.numbers, self.table, self.gradcheck = W.HTML(), W.HTML(), W.HTML()
        self._make_buttons()
        self._connect()
        self.box = self._layout()
        self.redraw(figure=False)  # the figure is drawn already

    def _make_buttons(self):
        self.step_button = W.Button(description="one step", button_style="primary",
                                    icon="forward")
        self.reset_button = W.Button(description="reset", icon="undo")
        self.n_steps = W.BoundedIntText(value=100, min=1, max=10_000, description="N",
                                        layout=W.Layout(width="130px"),
                                        style={"description_width": "1.5em"})
        self.run_button = W.Button(description="run N steps", icon="fast-forward")
        self.reveal = W.Dropdown(options=REVEAL_STAGES, value="all", description="show",
                                 layout=W.Layout(width="200px"),
                                 style={"description_width": "3em"})
        self.next_button = W.Button(description="next", icon="step-forward",
                                    tooltip="forward → δ⁽²⁾ → δ⁽¹⁾ → gradients → update")

    def _connect(self):
        for name, array, idx in self.params:
            self.sliders[name].observe(lambda c, a=array, i=idx: self.on_value(c, a, i),
                                       names="value")
        for k, slider in enumerate(self.x_sliders.values()):
            slider.observe(lambda c, i=k: self.on_value(c, self.example["x"], i), names="value")
        self.y_slider.observe(lambda c: self.on_value(c, self.example["y"], 0), names="value")
        self.lr_slider.observe(lambda c: self.on_lr(), names="value")
        self.reveal.observe(lambda c: None if self.busy else self.redraw(), names="value")
        self.step_button.on_click(lambda _: self.run(1))
        self.run_button.on_click(lambda _: self.run(self.n_steps.value))
        self.reset_button.on_click(self.reset)
        self.next_button.on_click(self.next_stage)

    def redraw(self, figure=True):
        """Numbers, diagram and gradient check for the current weights and example."""
        x, y, reveal = self.example["x"], self.example["y"], self.reveal.value
        tr = update_network_figure(self.artists, self.net, x, y, reveal, self.lr_slider.value)
        self.fig.axes[0].set_title(_TITLES["update" if reveal == "update" else "forward"])
        self.numbers.value = _numbers_html(tr, reveal)
        self.gradcheck.value = _gradcheck_html(self.net, x, y)
        self.table.value = _history_html(self.history)
        if figure:
            self.view.refresh()

    def on_value(self, change, array, idx):
        if self.busy:
            return
        array[idx] = change["new"]
        self.redraw()

    def on_lr(self):
        if self.reveal.value == "update":  # the only stage that shows what η changes
            self.redraw()

    def run(self, n):
        """n gradient-descent steps on the example; the sliders, diagram and curve follow."""
        for _ in range(int(n)):
            self.history.append(gradient_step(self.net, self.example["x"], self.example["y"],
                                              self.lr_slider.value, len(self.history) + 1))
        self.show_weights()
        self.redraw()
        self.draw_curve()

    def next_stage(self, _=None):
        """forward → δ⁽²⁾ → δ⁽¹⁾ → gradients → update; from 'update' take the step and show
        the forward pass of the new weights."""
        stage = self.reveal.value
        if stage == "update":
            self.busy = True  # one redraw, after the step
            self.reveal.value = "forward"
            self.busy = False
            self.run(1)
            return
        self.reveal.value = REVEAL_STAGES[REVEAL_STAGES.index(stage) % 5 + 1]

    def reset(self, _=None):
        """Back to the start: the nine parameters, the example (x₁, x₂, y) and their
        sliders; the steps and the loss curve are cleared."""
        self.net.set_weights(self.start)
        for key, start in self.example_start.items():
            self.example[key][:] = start  # in place: box.example is the same dict
        self.history.clear()
        self.show_weights()
        self.redraw()
        self.draw_curve()

    def show_weights(self):
        self.busy = True
        try:
            _move_sliders(self.sliders, self.params)
            for slider, v in zip(self.x_sliders.values(), self.example["x"]):
                slider.value = float(v)
            self.y_slider.value = float(self.example["y"][0])
        finally:
            self.busy = False

    def draw_curve(self):
        """The loss curve in place: ℒ before the first step at step 0, then after each step."""
        steps = [0] + [r["step"] for r in self.history]
        costs = ([self.history[0]["J_before"]] if self.history else []) + [
            r["J_after"] for r in self.history]
        self.loss_line.set_data(steps[:len(costs)], costs)
        ax = self.loss_line.axes
        ax.set_xlim(0, max(1, len(self.history)))
        top = max(costs) if costs else 1.0
        ax.set_ylim(0, 1.05 * top)
        self.loss_view.refresh()

    def _layout(self):
        controls = _controls_layout(self.sliders, self.lr_slider, self.step_button,
                                    self.reset_button, self.numbers, self.table)
        col1, col2, col3 = controls.children
        col1.children += (W.HTML("<b>training example</b>"),) + tuple(
            self.x_sliders.values()) + (self.y_slider,)
        col2.children += (W.HBox([self.n_steps, self.run_button]),
                          W.HBox([self.reveal, self.next_button]))
        col3.children = (self.numbers, self.gradcheck, self.loss_view.widget, self.table)
        box = W.VBox([self.view.widget, controls])
        for name in ("sliders", "lr_slider", "step_button", "reset_button", "history", "net",
                     "artists", "x_sliders", "y_slider", "n_steps", "run_button",
                     "loss_figure", "loss_line", "reveal", "next_button", "gradcheck",
                     "numbers", "example"):
            setattr(box, name, getattr(self, name))
        box.history_table, box.figure = self.table, self.fig
        return box


def _example_sliders(example):
    """Sliders for the training example: x₁ and x₂ from −2 to 2, the target y from 0 to 1."""
    def slider(value, low, high, name):
        return W.FloatSlider(value=float(value), min=low, max=high, step=0.05,
                             description=name, readout_format=".2f", style=SLIDER_STYLE,
                             layout=W.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH))
    xs = {f"x{subscript(k + 1)}": slider(v, -2.0, 2.0, f"x{subscript(k + 1)}")
          for k, v in enumerate(example["x"])}
    return xs, slider(example["y"][0], 0.0, 1.0, "y")


def _loss_curve_figure():
    """A small figure for the loss curve: (fig, line), the line empty until steps are taken."""
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(4.4, 2.8))
    (line,) = ax.plot([], [], color=COLORS["train"], marker=".", lw=2)
    ax.set_xlabel("step", fontsize=12)
    ax.set_ylabel("loss ℒ", fontsize=12)
    ax.set_title("loss after each step", fontsize=12)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    fig.tight_layout()
    return fig, line


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


def plateau_figure(runs, labels):
    """Cost against epoch (log scale) for XOR runs of experiments.two_two_one.xor_long_run,
    with the levels 1/8 (ŷ = ½ everywhere) and 1/16 (two points at ½) dashed."""
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(10, 4.4))
    for run, label, color in zip(runs, labels, (COLORS["train"], COLORS["val"])):
        costs = run["costs"]
        ax.plot(np.arange(len(costs)), costs, color=color, lw=2.4, label=label)
    for level, text in ((1 / 8, "1/8: ŷ = ½ on all four points"), (1 / 16, "1/16")):
        ax.axhline(level, color=COLORS["neutral"], ls="--", lw=1.2)
        ax.text(len(runs[0]["costs"]) - 1, level, text, ha="right", va="bottom", fontsize=11,
                color=COLORS["neutral"])
    ax.set_yscale("log")
    ax.set_xlabel("epoch", fontsize=13)
    ax.set_ylabel("cost J (log scale)", fontsize=13)
    ax.set_title("a plateau that ends, and a run that creeps towards 1/16", fontsize=14)
    ax.legend(fontsize=12, loc="lower left")
    fig.tight_layout()
    return fig
