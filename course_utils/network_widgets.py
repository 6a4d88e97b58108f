"""Figures, dashboards and helpers for notebooks 04 (the 2-2-1 network by hand) and 05 (matrix
form and mini-batches).

The equations, in the course's notation (W^(l) has shape (n_out, n_in); one sample):

    forward    z^(l) = W^(l) a^(l-1) + b^(l)          a^(l) = f(z^(l)),   a^(0) = x
    output     delta^(L) = dJ/dz^(L) = (a^(L) - y) * f'(z^(L))      (MSE with the 1/2)
    backward   delta^(l) = (W^(l+1))^T delta^(l+1) * f'(z^(l))
    gradients  dJ/dW^(l) = delta^(l) (a^(l-1))^T       dJ/db^(l) = delta^(l)

For a batch with one sample per row the same lines read Z = A_prev W^T + b, and the gradients
are means over the m rows (the 1/m sits in dJ/dZ^(L)).

What is here:
- the worked example of notebook 04 (`worked_example`) and `batch_trace`, which keeps every
  intermediate array of one forward and backward pass;
- the annotated network diagram (`network_figure`) and the 2-2-1 dashboard
  (`two_two_one_dashboard`);
- XOR: training with snapshots, the decision boundary at several epochs, and the best any
  straight line can do (`best_line_accuracy`);
- the shape table and shape explorer of notebook 05;
- backprop with plain Python loops over samples and neurons (`loop_gradients`) and in the
  textbook notation Err, Delta, g', W <- W + alpha a Delta (`textbook_update`).
"""

from dataclasses import dataclass, field

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from .data import xor_points
from .network import _SHORTCUTS, MLP, dense_forward
from .plots import COLORS, decision_grid, draw_network, plot_decision_boundary, update_network
from .train import fit
from .widgets import FigureView, log_slider

# --------------------------------------------------------------------------- worked example

#: Notebook 04's starting point: one training example and small, readable weights.
WORKED_EXAMPLE = {
    "x": [0.5, 1.0], "y": [1.0],
    "W1": [[0.2, -0.4], [0.6, 0.1]], "b1": [0.1, -0.1],
    "W2": [[0.5, -0.3]], "b2": [0.2],
    "lr": 0.5,
}


def two_two_one(W1, b1, W2, b2):
    """A 2-2-1 network with sigmoid hidden and output units and the MSE loss (with the 1/2),
    set to the given weights: W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,)."""
    net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_weights([W1, b1, W2, b2])
    return net


def worked_example():
    """(net, x, y, lr): notebook 04's 2-2-1 network, its training example and learning rate.

    x has shape (2,) and y shape (1,): one sample, not a batch. Every call returns a fresh
    network, so changing it does not change the example.
    """
    e = WORKED_EXAMPLE
    net = two_two_one(e["W1"], e["b1"], e["W2"], e["b2"])
    return net, np.array(e["x"], dtype=float), np.array(e["y"], dtype=float), e["lr"]


@dataclass
class Trace:
    """Every array of one forward and backward pass over a batch X (m, n_0).

    Lists are indexed by layer as in the notes: Z[l], A[l], dZ[l], dW[l], db[l] for
    l = 1..L, with A[0] = X (Z[0], dZ[0], dW[0], db[0] are None). dZ[l] = dJ/dZ^(l): for a
    single sample (m = 1) its row is delta^(l). cost is J, the mean loss over the batch.
    """

    X: np.ndarray
    Y: np.ndarray
    Z: list = field(default_factory=list)
    A: list = field(default_factory=list)
    dZ: list = field(default_factory=list)
    dW: list = field(default_factory=list)
    db: list = field(default_factory=list)
    cost: float = 0.0


def batch_trace(net, X, Y):
    """Forward and backward pass in batch form, keeping every intermediate array.

        Z^(l) = A^(l-1) W^T + b            A^(l) = f(Z^(l))
        dZ^(L) = (1/m) dL/dA^(L) * f'(Z^(L))     (= (1/m)(A - Y) for sigmoid + bce)
        dW^(l) = dZ^(l)^T A^(l-1)          db^(l) = sum of the rows of dZ^(l)
        dZ^(l-1) = (dZ^(l) W^(l)) * f'(Z^(l-1))

    X: (m, n_0), or one sample (n_0,). Y: targets as net.targets accepts them. Gives the
    same gradients as net.gradients(X, Y); this version keeps Z, A and dZ for display.
    """
    X = np.asarray(X, dtype=net.dtype)
    if X.ndim == 1:
        X = X.reshape(1, -1)
    X = net._check_X(X)
    m = X.shape[0]
    Y = np.asarray(Y)
    if Y.ndim == 1 and m == 1 and Y.size == net.layers[-1].n_out:  # one sample's targets
        Y = Y.reshape(1, -1)
    Y = net.targets(Y, m)
    L = len(net.layers)
    tr = Trace(X=X, Y=Y, Z=[None] * (L + 1), A=[X] + [None] * L, dZ=[None] * (L + 1),
               dW=[None] * (L + 1), db=[None] * (L + 1))
    for l, layer in enumerate(net.layers, start=1):
        tr.Z[l] = dense_forward(tr.A[l - 1], layer.W, layer.b)[0]
        tr.A[l] = layer.activation(tr.Z[l])
    out = net.layers[-1]
    if (out.activation.name, net.loss.name) in _SHORTCUTS:
        tr.dZ[L] = (tr.A[L] - Y) / m
    else:
        tr.dZ[L] = out.activation.backward(net.loss.grad(tr.A[L], Y), tr.Z[L], tr.A[L]) / m
    for l in range(L, 0, -1):
        tr.dW[l] = tr.dZ[l].T @ tr.A[l - 1]
        tr.db[l] = tr.dZ[l].sum(axis=0)
        if l > 1:
            below = net.layers[l - 2].activation
            tr.dZ[l - 1] = below.backward(tr.dZ[l] @ net.layers[l - 1].W, tr.Z[l - 1],
                                          tr.A[l - 1])
    tr.cost = net.cost(X, Y)
    return tr


# --------------------------------------------------------------------------- the diagram

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def weight_name(l, j, k):
    """The unicode name of W^(l)_jk (unit j of layer l, input k), e.g. w¹₂₁; 1-based j, k."""
    return f"w{str(l).translate(_SUP)}{str(j).translate(_SUB)}{str(k).translate(_SUB)}"


def bias_name(l, j):
    """The unicode name of b^(l)_j, e.g. b²₁; 1-based j."""
    return f"b{str(l).translate(_SUP)}{str(j).translate(_SUB)}"


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
    nodes = [[f"x{str(k + 1).translate(_SUB)}\n{f(v)}" for k, v in enumerate(tr.A[0][0])]]
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


# --------------------------------------------------------------------------- the dashboard

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
    sliders = {}
    for name, array, idx in params:
        sliders[name] = W.FloatSlider(value=float(array[idx]), min=-4.0, max=4.0, step=0.05,
                                      description=name, readout_format=".2f",
                                      continuous_update=True, style=SLIDER_STYLE,
                                      layout=W.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH))
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
            for name, array, idx in params:
                slider, v = sliders[name], float(array[idx])
                slider.max, slider.min = max(slider.max, v), min(slider.min, v)  # no clamping
                slider.value = v
        finally:
            busy["on"] = False

    def one_step(_=None):
        X, Y = x.reshape(1, -1), y.reshape(1, -1)
        J_before = net.cost(X, Y)
        net.gradients(X, Y)
        net.step(lr_slider.value)
        history.append({"step": len(history) + 1, "lr": lr_slider.value, "J_before": J_before,
                        "J_after": net.cost(X, Y), "y_hat": float(net.predict(X)[0, 0])})
        show_weights()
        redraw()

    def reset(_=None):
        net.set_weights(start)
        history.clear()
        show_weights()
        redraw()

    step_button.on_click(one_step)
    reset_button.on_click(reset)
    names = list(sliders)
    column = W.Layout(min_width="330px", padding="0 8px 0 0")
    col1 = W.VBox([W.HTML("<b>layer 1</b>")] + [sliders[n] for n in names[:6]], layout=column)
    col2 = W.VBox([W.HTML("<b>layer 2</b>")] + [sliders[n] for n in names[6:]]
                  + [lr_slider, W.HBox([step_button, reset_button])], layout=column)
    # in a narrow window a column moves to the next line instead of squeezing its sliders
    controls = W.HBox([col1, col2, W.VBox([numbers, table])],
                      layout=W.Layout(flex_flow="row wrap"))
    box = W.VBox([view.widget, controls])
    box.sliders, box.lr_slider, box.step_button, box.reset_button = (
        sliders, lr_slider, step_button, reset_button)
    box.numbers, box.history_table, box.history = numbers, table, history
    box.net, box.artists, box.figure = net, artists, fig
    numbers.value = _numbers_html(batch_trace(net, x, y))  # the figure is drawn already
    table.value = _history_html(history)
    return box


# --------------------------------------------------------------------------- XOR

def train_xor(hidden=2, lr=5.0, epochs=1000, seed=0, snapshot_epochs=(0, 100, 300, 1000)):
    """Train a sigmoid network with MSE on the four XOR points by full-batch gradient descent.

    hidden: the number of hidden units, or 0 for no hidden layer (a single sigmoid neuron).
    Returns (net, history, snapshots), snapshots being {epoch: weights} for snapshot_epochs.
    """
    X, y = xor_points()
    sizes = [2, hidden, 1] if hidden else [2, 1]
    net = MLP(sizes, activation="sigmoid", output_activation="sigmoid", loss="mse",
              init="xavier", seed=seed)
    snapshots = {0: net.get_weights()} if 0 in snapshot_epochs else {}

    def keep(epoch, history):
        if epoch in snapshot_epochs:
            snapshots[epoch] = net.get_weights()

    history = fit(net, X, y.astype(float), epochs=epochs, batch_size=4, lr=lr, seed=seed,
                  callback=keep)
    return net, history, snapshots


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


def best_line(X, y, n_angles=720, n_offsets=401):
    """The best straight-line classifier for (X, y) among lines of n_angles directions and
    n_offsets positions: returns (accuracy, normal n, offset c, side), predicting class 1
    where (n . x > c) == side. Among equally good lines it returns the one whose nearest point
    is farthest away."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    angles = np.linspace(0, np.pi, n_angles, endpoint=False)
    normals = np.c_[np.cos(angles), np.sin(angles)]  # (n_angles, 2)
    proj = X @ normals.T  # (m, n_angles)
    offsets = np.linspace(proj.min() - 0.1, proj.max() + 0.1, n_offsets)
    above = proj[None, :, :] > offsets[:, None, None]  # (n_offsets, m, n_angles)
    acc = (above == (y[None, :, None] == 1)).mean(axis=1)  # class 1 above the line
    acc = np.stack([1 - acc, acc])  # side 0: class 1 below the line; side 1: above
    margin = np.abs(proj[None, :, :] - offsets[:, None, None]).min(axis=1)  # nearest point
    best = acc == acc.max()  # among the best lines, take the one farthest from every point
    side, i_off, i_ang = np.unravel_index(np.argmax(np.where(best, margin[None], -1.0)),
                                          acc.shape)
    return float(acc[side, i_off, i_ang]), normals[i_ang], float(offsets[i_off]), bool(side)


def best_line_accuracy(X, y, n_angles=720, n_offsets=401):
    """The best accuracy any straight line w . x + b = 0 reaches on (X, y) (see best_line)."""
    return best_line(X, y, n_angles, n_offsets)[0]


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


# --------------------------------------------------------------------------- shapes (nb 05)

def shape_table(sizes, m, seed=0):
    """Every array of one forward and backward pass of MLP(sizes) on a batch of m samples, as
    rows (symbol, code expression, shape). The shapes are read off real arrays."""
    sizes = _parse_sizes(sizes)
    if int(m) != m or m < 1:
        raise ValueError(f"the batch size m must be a positive whole number; got {m!r}")
    m = int(m)
    net = MLP(sizes, activation="sigmoid", output_activation="sigmoid", loss="mse", seed=seed)
    rng = np.random.default_rng(seed)
    tr = batch_trace(net, rng.standard_normal((m, sizes[0])), rng.random((m, sizes[-1])))
    rows = [("X = A⁽⁰⁾", "X", tr.X.shape)]
    L = len(net.layers)
    for l in range(1, L + 1):
        s = str(l).translate(_SUP)
        p = str(l - 1).translate(_SUP)
        rows += [(f"W⁽{s}⁾", f"net.layer({l}).W", net.layer(l).W.shape),
                 (f"b⁽{s}⁾", f"net.layer({l}).b", net.layer(l).b.shape),
                 (f"Z⁽{s}⁾ = A⁽{p}⁾W⁽{s}⁾ᵀ + b⁽{s}⁾", f"Z{l} = A{l - 1} @ W{l}.T + b{l}",
                  tr.Z[l].shape),
                 (f"A⁽{s}⁾ = f(Z⁽{s}⁾)", f"A{l} = f(Z{l})", tr.A[l].shape)]
    rows.append(("Y", "Y", tr.Y.shape))
    for l in range(L, 0, -1):
        s = str(l).translate(_SUP)
        p = str(l - 1).translate(_SUP)
        rows += [(f"dZ⁽{s}⁾ = ∂J/∂Z⁽{s}⁾ (rows: δ⁽{s}⁾ / m)", f"dZ{l}", tr.dZ[l].shape),
                 (f"∂J/∂W⁽{s}⁾ = dZ⁽{s}⁾ᵀ A⁽{p}⁾", f"dW{l} = dZ{l}.T @ A{l - 1}",
                  tr.dW[l].shape),
                 (f"∂J/∂b⁽{s}⁾ = Σ rows of dZ⁽{s}⁾", f"db{l} = dZ{l}.sum(axis=0)",
                  tr.db[l].shape)]
    return rows


def _parse_sizes(sizes):
    if isinstance(sizes, str):
        try:
            sizes = [int(s) for s in sizes.replace(",", " ").split()]
        except ValueError:
            raise ValueError(f"layer sizes must be whole numbers separated by commas, like "
                             f"'2, 3, 1'; got {sizes!r}") from None
    sizes = list(sizes)
    if len(sizes) < 2 or any(int(n) != n or n < 1 for n in sizes):
        raise ValueError(f"give at least two positive layer sizes (input first), like [2, 3, 1];"
                         f" got {sizes}")
    return [int(n) for n in sizes]


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


# --------------------------------------------------------------------------- loops (nb 05)

def loop_gradients(net, X, Y):
    """Backprop with plain Python loops: one sample at a time, one neuron at a time.

    For each sample:  z_j = b_j + sum_k W_jk a_k,  a_j = f(z_j)        (every layer)
                      delta_j = dL/da_j * f'(z_j)  at the output (a_j - y_j for the shortcuts)
                      delta_k = f'(z_k) * sum_j W_jk delta_j           (one layer down)
                      dW_jk += delta_j a_k / m,    db_j += delta_j / m
    Returns [(dW1, db1), ..., (dWL, dbL)], the same as net.gradients(X, Y) but slowly.
    Elementwise activations only (softmax only together with cross-entropy).
    """
    X = net._check_X(X)
    m = X.shape[0]
    Y = net.targets(Y, m)
    layers = net.layers
    out = layers[-1]
    shortcut = (out.activation.name, net.loss.name) in _SHORTCUTS
    if any(layer.activation.name == "softmax" for layer in layers) and not shortcut:
        raise ValueError("loop_gradients handles softmax only as the output of cross-entropy")
    dW = [np.zeros_like(layer.W) for layer in layers]
    db = [np.zeros_like(layer.b) for layer in layers]
    for s in range(m):
        a = [[float(v) for v in X[s]]]  # a[l][j]: activation of unit j in layer l
        z = [None]
        for layer in layers:  # forward, neuron by neuron
            z_l = []
            for j in range(layer.n_out):
                total = float(layer.b[j])
                for k in range(layer.n_in):
                    total += float(layer.W[j, k]) * a[-1][k]
                z_l.append(total)
            z.append(z_l)
            a.append([float(v) for v in layer.activation(np.array(z_l))])
        y = [float(v) for v in Y[s]]
        if shortcut:
            delta = [a[-1][j] - y[j] for j in range(out.n_out)]
        else:
            delta = [float(net.loss.grad(a[-1][j], y[j]) * out.activation.f_prime(z[-1][j]))
                     for j in range(out.n_out)]
        for l in range(len(layers), 0, -1):  # backward, layer by layer, neuron by neuron
            layer = layers[l - 1]
            for j in range(layer.n_out):
                db[l - 1][j] += delta[j] / m
                for k in range(layer.n_in):
                    dW[l - 1][j, k] += delta[j] * a[l - 1][k] / m
            if l > 1:
                below = layers[l - 2].activation
                new_delta = []
                for k in range(layer.n_in):
                    total = 0.0
                    for j in range(layer.n_out):
                        total += float(layer.W[j, k]) * delta[j]
                    new_delta.append(total * float(below.f_prime(z[l - 1][k])))
                delta = new_delta
    return list(zip(dW, db))


# --------------------------------------------------------------------------- textbook notation

def textbook_update(net, x, y, alpha):
    """One back-propagation step on one example, written in the common textbook notation.

        in_i = sum_j W_{j,i} a_j            a_i = g(in_i)       (a_0 = 1: the bias input)
        Err_i = y_i - a_i                   Delta_i = Err_i g'(in_i)          (output units)
        Delta_j = g'(in_j) sum_i W_{j,i} Delta_i                              (hidden units)
        W_{j,i} <- W_{j,i} + alpha a_j Delta_i

    W_{j,i} is the weight on the link FROM unit j TO unit i, so it is this course's
    W^(l)[i, j] (transposed indices); Delta = -delta (Err = y - a has the other sign);
    g = f, in = z, alpha = eta. The bias is W_{0,i} with a_0 = 1. Squared error only.
    Returns the new [W1, b1, W2, b2, ...] as new arrays; net is not changed.
    """
    if net.loss.name != "mse":
        raise ValueError("the textbook update is written for the squared error (loss='mse')")
    if any(layer.activation.name == "softmax" for layer in net.layers):
        raise ValueError("the textbook update needs elementwise activations g")
    if not alpha > 0:
        raise ValueError(f"the learning rate alpha must be > 0; got {alpha}")
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    Wt = [layer.W.T.copy() for layer in net.layers]  # Wt[l][j, i]: from unit j to unit i
    W0 = [layer.b.copy() for layer in net.layers]  # W0[l][i] = W_{0,i}, the bias weight
    g = [layer.activation for layer in net.layers]
    a, ins = [x], [None]
    for l in range(len(Wt)):  # forward: in_i = W_{0,i} + sum_j W_{j,i} a_j
        in_l = W0[l] + np.array([sum(Wt[l][j, i] * a[-1][j] for j in range(len(a[-1])))
                                 for i in range(Wt[l].shape[1])])
        ins.append(in_l)
        a.append(g[l](in_l))
    Err = y - a[-1]
    Delta = [None] * len(Wt)
    Delta[-1] = Err * g[-1].f_prime(ins[-1])
    for l in range(len(Wt) - 1, 0, -1):  # Delta_j = g'(in_j) sum_i W_{j,i} Delta_i
        Delta[l - 1] = g[l - 1].f_prime(ins[l]) * np.array(
            [sum(Wt[l][j, i] * Delta[l][i] for i in range(Wt[l].shape[1]))
             for j in range(Wt[l].shape[0])])
    new = []
    for l in range(len(Wt)):  # W_{j,i} <- W_{j,i} + alpha a_j Delta_i  (every l at once)
        Wt_new = Wt[l] + alpha * np.outer(a[l], Delta[l])
        new += [Wt_new.T, W0[l] + alpha * 1.0 * Delta[l]]
    return new
