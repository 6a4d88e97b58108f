"""A small reverse-mode automatic differentiation engine over scalars (notebook 10).

A `Value` holds one number and remembers how it was made: its parents and, for each parent,
the local derivative d(out)/d(parent). Every operation below computes both in the same place,
the forward rule and its local derivative side by side:

    out = a + b       d out/d a = 1              d out/d b = 1
    out = a - b       d out/d a = 1              d out/d b = -1
    out = a * b       d out/d a = b              d out/d b = a
    out = a / b       d out/d a = 1 / b          d out/d b = -a / b^2
    out = a ** n      d out/d a = n a^(n-1)      (n a constant number)
    out = -a          d out/d a = -1
    out = exp(a)      d out/d a = exp(a) = out
    out = log(a)      d out/d a = 1 / a
    out = tanh(a)     d out/d a = 1 - out^2
    out = sigmoid(a)  d out/d a = out (1 - out)
    out = relu(a)     d out/d a = 1 if a > 0 else 0

`J.backward()` then applies the chain rule once per node, from J back to the inputs, in
reverse topological order (a node is handled only after every node that uses it):

    parent.grad += local_derivative * node.grad

The `+=` is the multivariate chain rule: a value used in several places collects one term per
use. So that nothing piles up from an earlier call, `backward()` first sets `.grad = 0` on
every node of the graph, leaves (weights, inputs) and intermediate nodes alike (that is
`zero_grad()`), then sets dJ/dJ = 1. Calling it twice gives the same gradients, not twice them.
To differentiate a sum of costs, add them into one Value and call backward on that.

Also here: `draw_graph` draws a computation graph with matplotlib, and `mlp_graph` /
`two_two_one` build the course's networks out of Values so their gradients can be compared
with `network.MLP`'s.
"""

import math

import numpy as np


class Value:
    """A scalar in a computation graph: its number `data`, its gradient `grad` = dJ/d(this)
    after `J.backward()`, and how it was made (`op`, its parents and the local derivatives).

    >>> a, b = Value(2.0, "a"), Value(-3.0, "b")
    >>> J = a * b + a
    >>> J.backward()
    >>> a.grad, b.grad          # dJ/da = b + 1, dJ/db = a
    (-2.0, 2.0)
    """

    __slots__ = ("data", "grad", "label", "op", "parents", "local_grads")

    def __init__(self, data, label="", op="", parents=(), local_grads=()):
        if isinstance(data, Value):
            raise TypeError("Value(data) expects a number; got a Value (use it directly)")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = op                    # "" for a leaf (an input, weight or constant)
        self.parents = tuple(parents)  # the Values this one was computed from
        self.local_grads = tuple(local_grads)  # d(self)/d(parent), one per parent

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # ------------------------------------------------------ arithmetic: forward | local grads
    def __add__(self, other):
        other = as_value(other)
        return Value(self.data + other.data, op="+", parents=(self, other),
                     local_grads=(1.0, 1.0))

    def __sub__(self, other):
        other = as_value(other)
        return Value(self.data - other.data, op="-", parents=(self, other),
                     local_grads=(1.0, -1.0))

    def __mul__(self, other):
        other = as_value(other)
        return Value(self.data * other.data, op="×", parents=(self, other),
                     local_grads=(other.data, self.data))

    def __truediv__(self, other):
        other = as_value(other)
        if other.data == 0:
            raise ZeroDivisionError("division of a Value by zero")
        return Value(self.data / other.data, op="÷", parents=(self, other),
                     local_grads=(1.0 / other.data, -self.data / other.data ** 2))

    def __pow__(self, n):
        if not isinstance(n, (int, float)):
            raise TypeError(f"a Value can only be raised to a constant number; got {type(n)}")
        return Value(self.data ** n, op=f"^{n:g}", parents=(self,),
                     local_grads=(n * self.data ** (n - 1),))

    def __neg__(self):
        return Value(-self.data, op="neg", parents=(self,), local_grads=(-1.0,))

    # the same operations with a plain number on the left: 2 * v, 1 - v, 1 / v
    def __radd__(self, other):
        return as_value(other) + self

    def __rsub__(self, other):
        return as_value(other) - self

    def __rmul__(self, other):
        return as_value(other) * self

    def __rtruediv__(self, other):
        return as_value(other) / self

    # ------------------------------------------------------ functions: forward | local grads
    def exp(self):
        out = math.exp(self.data)
        return Value(out, op="exp", parents=(self,), local_grads=(out,))

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data}")
        return Value(math.log(self.data), op="log", parents=(self,),
                     local_grads=(1.0 / self.data,))

    def tanh(self):
        out = math.tanh(self.data)
        return Value(out, op="tanh", parents=(self,), local_grads=(1.0 - out * out,))

    def sigmoid(self):
        # 1 / (1 + e^-z), written with e^-|z| so that exp never overflows (as activations.py)
        e = math.exp(-abs(self.data))
        out = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(out, op="σ", parents=(self,), local_grads=(out * (1.0 - out),))

    def relu(self):
        return Value(max(self.data, 0.0), op="relu", parents=(self,),
                     local_grads=(1.0 if self.data > 0 else 0.0,))

    def identity(self):
        return self

    # ------------------------------------------------------------------ the backward pass
    def topological_order(self):
        """Every node of the graph that ends in this one, each after all of its parents.

        An iterative depth-first search (a long chain of + would overflow Python's recursion).
        """
        order, visited = [], set()
        stack = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
                continue
            if id(node) in visited:
                continue
            visited.add(id(node))
            stack.append((node, True))  # comes back here once its parents are in the order
            stack.extend((p, False) for p in node.parents if id(p) not in visited)
        return order

    def zero_grad(self):
        """Set .grad = 0 on every node of this graph: the leaves and the intermediate nodes."""
        for node in self.topological_order():
            node.grad = 0.0

    def backward(self):
        """Fill in .grad = d(self)/d(node) for every node of the graph ending in self.

        Starts from zero every time (see the module docstring), so repeated calls give the
        same gradients.
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # from the output back to the leaves
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad  # the chain rule, one edge at a time


def as_value(x):
    """x itself if it is a Value, else a constant leaf holding the number x."""
    if isinstance(x, Value):
        return x
    if isinstance(x, (int, float, np.integer, np.floating)):
        return Value(x, label=f"{float(x):g}")
    raise TypeError(f"expected a Value or a number; got {type(x).__name__}")


def total(values):
    """v_1 + v_2 + ... + v_n, added left to right (as a chain of + nodes)."""
    values = list(values)
    if not values:
        raise ValueError("total() needs at least one Value")
    out = as_value(values[0])
    for v in values[1:]:
        out = out + v
    return out


# --------------------------------------------------------------------- networks of Values
_ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _name(symbol, layer, *indices):
    """'w¹₂₁' for symbol w, layer 1, indices (2, 1): the notes' 1-based names."""
    sup = str(layer).translate(_SUP) if layer is not None else ""
    return symbol + sup + "".join(str(i).translate(_SUB) for i in indices)


class ScalarMLP:
    """The weights of a `network.MLP` copied into Values, one Value per weight and bias.

    W[l][j][k] is w^(l+1)_{j+1,k+1} (unit j of layer l+1, input k); b[l][j] its bias.
    Supported: hidden and output activations identity, sigmoid, tanh, relu; losses mse,
    bce (sigmoid output) and cross_entropy (softmax output).
    """

    def __init__(self, net):
        self.activations = [layer.activation.name for layer in net.layers]
        self.loss = net.loss.name
        for i, act in enumerate(self.activations):
            allowed = _ACTIVATIONS + ("softmax",) if i == len(self.activations) - 1 else \
                _ACTIVATIONS
            if act not in allowed:
                raise ValueError(f"layer {i + 1}: activation {act!r} is not supported; "
                                 f"expected one of {allowed}")
        if self.activations[-1] == "softmax" and self.loss != "cross_entropy":
            raise ValueError("a softmax output is supported only with the cross_entropy loss")
        self.W, self.b = [], []
        for l, layer in enumerate(net.layers, start=1):
            self.W.append([[Value(w, _name("w", l, j + 1, k + 1)) for k, w in enumerate(row)]
                           for j, row in enumerate(layer.W)])
            self.b.append([Value(b, _name("b", l, j + 1)) for j, b in enumerate(layer.b)])

    def params(self):
        """Every weight and bias Value, in the order of MLP.params() flattened."""
        out = []
        for W, b in zip(self.W, self.b):
            out += [w for row in W for w in row] + list(b)
        return out

    def grads(self):
        """[dW1, db1, dW2, db2, ...] as numpy arrays, laid out like MLP.grads()."""
        out = []
        for W, b in zip(self.W, self.b):
            out.append(np.array([[w.grad for w in row] for row in W]))
            out.append(np.array([v.grad for v in b]))
        return out

    def forward(self, x, label_nodes=False):
        """The output Values for one sample x (a sequence of n_0 numbers or Values).

        z_j = sum_k w_jk a_k + b_j, then a_j = f(z_j), layer after layer.
        """
        a = [as_value(v) for v in x]
        if label_nodes:
            for k, v in enumerate(a, start=1):
                v.label = v.label if v.label and not _is_number(v.label) else _name("x", None, k)
        for l, (W, b, act) in enumerate(zip(self.W, self.b, self.activations), start=1):
            if len(W[0]) != len(a):
                raise ValueError(f"layer {l} expects {len(W[0])} inputs; got {len(a)}")
            z = [total([w * a_k for w, a_k in zip(row, a)]) + b_j for row, b_j in zip(W, b)]
            a = _softmax(z) if act == "softmax" else [getattr(z_j, act)() for z_j in z]
            if label_nodes:
                last = l == len(self.W)
                for j, (z_j, a_j) in enumerate(zip(z, a), start=1):
                    z_j.label = _name("z", l, j)
                    if a_j is not z_j:
                        a_j.label = ("ŷ" if len(a) == 1 else _name("ŷ", None, j)) if last \
                            else _name("a", l, j)
        return a

    def loss_of(self, y_hat, y):
        """The loss of one sample: mse 1/2 sum (y_hat - y)^2, bce or cross-entropy."""
        if self.loss == "mse":
            return total([0.5 * (p - t) ** 2 for p, t in zip(y_hat, y)])
        if self.loss == "bce":
            return total([-(t * p.log() + (1 - t) * (1 - p).log()) for p, t in zip(y_hat, y)])
        return total([-(t * p.log()) for p, t in zip(y_hat, y) if t != 0])

    def cost(self, X, Y):
        """J = (1/m) sum_i L(y_hat_i, y_i) as one Value; Y: rows of targets (one-hot for
        cross_entropy, or integer labels, which are turned into one-hot)."""
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y)
        n_out = len(self.b[-1])
        if Y.ndim == 1 and n_out > 1:
            Y = np.eye(n_out)[Y]
        Y = Y.reshape(len(X), n_out).astype(float)
        losses = [self.loss_of(self.forward(x), y) for x, y in zip(X, Y)]
        return total(losses) * (1.0 / len(X))

    def set_from(self, net):
        """Copy the current weights of `net` into the Values (keeps the same Value objects)."""
        for W, b, layer in zip(self.W, self.b, net.layers):
            for row, w_row in zip(W, layer.W):
                for v, w in zip(row, w_row):
                    v.data = float(w)
            for v, bj in zip(b, layer.b):
                v.data = float(bj)

    def step(self, lr):
        """Gradient descent on every weight and bias: p <- p - lr * dJ/dp."""
        for p in self.params():
            p.data -= lr * p.grad


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _softmax(z):
    """a_k = e^(z_k - c) / sum_j e^(z_j - c), with the constant c = max z for stability."""
    c = max(v.data for v in z)
    e = [(v - c).exp() for v in z]
    s = total(e)
    return [e_k / s for e_k in e]


def mlp_graph(net, X, Y):
    """Build the cost J of `net` on (X, Y) out of Values; return (J, scalar_net).

    After `J.backward()`, `scalar_net.grads()` is laid out like `net.grads()`.
    """
    scalar_net = ScalarMLP(net)
    return scalar_net.cost(X, Y), scalar_net


def two_two_one(net, x, y):
    """Notebook 04's 2-2-1 network for one sample (x1, x2) -> y, built out of named Values.

    `net` is a 2-2-1 `network.MLP` (sigmoid hidden and output units, mse loss) holding the
    weights. Returns (L, scalar_net, nodes): the loss Value, the ScalarMLP and a dict of the
    named nodes (x₁, x₂, z¹₁, a¹₁, ..., ŷ, L) for printing and drawing.
    """
    if net.sizes != [2, 2, 1]:
        raise ValueError(f"expected a 2-2-1 network; got sizes {net.sizes}")
    scalar_net = ScalarMLP(net)
    inputs = [Value(x[0], "x₁"), Value(x[1], "x₂")]
    (y_hat,) = scalar_net.forward(inputs, label_nodes=True)
    L = scalar_net.loss_of([y_hat], [Value(float(np.ravel(y)[0]), "y")])
    L.label = "L"
    nodes = {v.label: v for v in L.topological_order() if v.label and not _is_number(v.label)}
    return L, scalar_net, nodes


# ------------------------------------------------------------------------- the drawing
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
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    from .plots import COLORS

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
    loss Value). ipywidgets is imported here only, so the engine itself never needs it.
    """
    import ipywidgets as W
    import matplotlib.pyplot as plt

    from .widgets import FigureView

    sliders = [W.FloatSlider(value=float(v), min=-2.0, max=2.0, step=0.1, description=name,
                             continuous_update=False)
               for name, v in (("x₁", x[0]), ("x₂", x[1]))]
    # the target of a sigmoid output lies in 0..1
    sliders.append(W.FloatSlider(value=float(np.ravel(y)[0]), min=0.0, max=1.0, step=0.05,
                                 description="y", continuous_update=False))
    L, _, _ = two_two_one(net, x, y)
    L.backward()
    texts = []
    with plt.ioff():
        ax = draw_graph(L, texts=texts,
                        title="move x₁, x₂ or y: every value (green) and gradient dL/d(node) "
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
        loss, _, _ = two_two_one(net, x_new, [sliders[2].value])
        loss.backward()
        for node, (value, grad) in zip(loss.topological_order(), texts):
            value.set_text(f"{node.data:.4f}")
            grad.set_text(f"∇ {node.grad:.4f}")
        box.loss = loss
        view.refresh()

    for s in sliders:
        s.observe(redraw, names="value")
    box.x1, box.x2, box.y = sliders
    box.figure, box.texts, box.loss = fig, texts, L
    return box
