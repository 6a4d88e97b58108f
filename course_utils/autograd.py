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

Also here: `ScalarMLP`, a `network.MLP`'s weights copied into Values, with its forward pass
and cost written in Values, so that its gradients can be compared with `MLP`'s. The builders
of whole graphs (`mlp_graph`, and notebook 04's network as `two_two_one_graph`) are in
experiments/scalar_graphs.py. The engine never draws: the graph drawings and the explorer of
notebook 10 are in dashboards/autograd_graph.py.
"""

import math
from typing import Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .data import one_hot
from .network import MLP
from .notation import symbol

Number = int | float


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

    def __init__(self, data: Number, label: str = "", op: str = "",
                 parents: Iterable["Value"] = (), local_grads: Iterable[float] = ()) -> None:
        if isinstance(data, Value):
            raise TypeError("Value(data) expects a number; got a Value (use it directly)")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = op                    # "" for a leaf (an input, weight or constant)
        self.parents = tuple(parents)  # the Values this one was computed from
        self.local_grads = tuple(local_grads)  # d(self)/d(parent), one per parent

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # ------------------------------------------------------ arithmetic: forward | local grads
    def __add__(self, other: "Value | Number") -> "Value":
        other = as_value(other)
        return Value(self.data + other.data, op="+", parents=(self, other),
                     local_grads=(1.0, 1.0))

    def __sub__(self, other: "Value | Number") -> "Value":
        other = as_value(other)
        return Value(self.data - other.data, op="-", parents=(self, other),
                     local_grads=(1.0, -1.0))

    def __mul__(self, other: "Value | Number") -> "Value":
        other = as_value(other)
        return Value(self.data * other.data, op="×", parents=(self, other),
                     local_grads=(other.data, self.data))

    def __truediv__(self, other: "Value | Number") -> "Value":
        other = as_value(other)
        if other.data == 0:
            raise ZeroDivisionError("division of a Value by zero")
        return Value(self.data / other.data, op="÷", parents=(self, other),
                     local_grads=(1.0 / other.data, -self.data / other.data ** 2))

    def __pow__(self, n: Number) -> "Value":
        if not isinstance(n, (int, float)):
            raise TypeError(f"a Value can only be raised to a constant number; got {type(n)}")
        return Value(self.data ** n, op=f"^{n:g}", parents=(self,),
                     local_grads=(n * self.data ** (n - 1),))

    def __neg__(self) -> "Value":
        return Value(-self.data, op="neg", parents=(self,), local_grads=(-1.0,))

    # the same operations with a plain number on the left: 2 * v, 1 - v, 1 / v
    def __radd__(self, other: Number) -> "Value":
        return as_value(other) + self

    def __rsub__(self, other: Number) -> "Value":
        return as_value(other) - self

    def __rmul__(self, other: Number) -> "Value":
        return as_value(other) * self

    def __rtruediv__(self, other: Number) -> "Value":
        return as_value(other) / self

    # ------------------------------------------------------ functions: forward | local grads
    def exp(self) -> "Value":
        out = math.exp(self.data)
        return Value(out, op="exp", parents=(self,), local_grads=(out,))

    def log(self) -> "Value":
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data}")
        return Value(math.log(self.data), op="log", parents=(self,),
                     local_grads=(1.0 / self.data,))

    def tanh(self) -> "Value":
        out = math.tanh(self.data)
        return Value(out, op="tanh", parents=(self,), local_grads=(1.0 - out * out,))

    def sigmoid(self) -> "Value":
        # 1 / (1 + e^-z), written with e^-|z| so that exp never overflows (as activations.py)
        e = math.exp(-abs(self.data))
        out = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(out, op="σ", parents=(self,), local_grads=(out * (1.0 - out),))

    def relu(self) -> "Value":
        return Value(max(self.data, 0.0), op="relu", parents=(self,),
                     local_grads=(1.0 if self.data > 0 else 0.0,))

    def identity(self) -> "Value":
        return self

    # ------------------------------------------------------------------ the backward pass
    def topological_order(self) -> list["Value"]:
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

    def zero_grad(self) -> None:
        """Set .grad = 0 on every node of this graph: the leaves and the intermediate nodes."""
        for node in self.topological_order():
            node.grad = 0.0

    def backward(self) -> None:
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


def as_value(x: "Value | Number") -> Value:
    """x itself if it is a Value, else a constant leaf holding the number x."""
    if isinstance(x, Value):
        return x
    if isinstance(x, (int, float, np.integer, np.floating)):
        return Value(x, label=f"{float(x):g}")
    raise TypeError(f"expected a Value or a number; got {type(x).__name__}")


def total(values: Iterable["Value | Number"]) -> Value:
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


class ScalarMLP:
    """The weights of a `network.MLP` copied into Values, one Value per weight and bias.

    W[l][j][k] is w^(l+1)_{j+1,k+1} (unit j of layer l+1, input k); b[l][j] its bias.
    Supported: hidden and output activations identity, sigmoid, tanh, relu; losses mse,
    bce (sigmoid output) and cross_entropy (softmax output).
    """

    def __init__(self, net: MLP) -> None:
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
            self.W.append([[Value(w, symbol("w", l, j + 1, k + 1)) for k, w in enumerate(row)]
                           for j, row in enumerate(layer.W)])
            self.b.append([Value(b, symbol("b", l, j + 1)) for j, b in enumerate(layer.b)])

    def params(self) -> list[Value]:
        """Every weight and bias Value, in the order of MLP.params() flattened."""
        out = []
        for W, b in zip(self.W, self.b):
            out += [w for row in W for w in row] + list(b)
        return out

    def grads(self) -> list[NDArray[np.float64]]:
        """[dW1, db1, dW2, db2, ...] as numpy arrays, laid out like MLP.grads()."""
        out = []
        for W, b in zip(self.W, self.b):
            out.append(np.array([[w.grad for w in row] for row in W]))
            out.append(np.array([v.grad for v in b]))
        return out

    def forward(self, x: Sequence["Value | Number"], label_nodes: bool = False) -> list[Value]:
        """The output Values for one sample x (a sequence of n_0 numbers or Values).

        z_j = sum_k w_jk a_k + b_j, then a_j = f(z_j), layer after layer.
        """
        a = [as_value(v) for v in x]
        if label_nodes:
            for k, v in enumerate(a, start=1):
                v.label = v.label if v.label and not _is_number(v.label) else symbol("x", None, k)
        for l, (W, b, act) in enumerate(zip(self.W, self.b, self.activations), start=1):
            if len(W[0]) != len(a):
                raise ValueError(f"layer {l} expects {len(W[0])} inputs; got {len(a)}")
            z = [total([w * a_k for w, a_k in zip(row, a)]) + b_j for row, b_j in zip(W, b)]
            a = _softmax(z) if act == "softmax" else [getattr(z_j, act)() for z_j in z]
            if label_nodes:
                last = l == len(self.W)
                for j, (z_j, a_j) in enumerate(zip(z, a), start=1):
                    z_j.label = symbol("z", l, j)
                    if a_j is not z_j:
                        a_j.label = ("ŷ" if len(a) == 1 else symbol("ŷ", None, j)) if last \
                            else symbol("a", l, j)
        return a

    def loss_of(self, y_hat: Sequence[Value], y: Iterable["Value | Number"]) -> Value:
        """The loss of one sample: mse 1/2 sum (y_hat - y)^2, bce or cross-entropy."""
        if self.loss == "mse":
            return total([0.5 * (p - t) ** 2 for p, t in zip(y_hat, y)])
        if self.loss == "bce":
            return total([-(t * p.log() + (1 - t) * (1 - p).log()) for p, t in zip(y_hat, y)])
        return total([-(t * p.log()) for p, t in zip(y_hat, y) if t != 0])

    def cost(self, X: ArrayLike, Y: ArrayLike) -> Value:
        """J = (1/m) sum_i L(y_hat_i, y_i) as one Value; Y: rows of targets (one-hot for
        cross_entropy, or integer labels, which are turned into one-hot)."""
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y)
        n_out = len(self.b[-1])
        if Y.ndim == 1 and n_out > 1:
            Y = one_hot(Y, n_out)
        Y = Y.reshape(len(X), n_out).astype(float)
        losses = [self.loss_of(self.forward(x), y) for x, y in zip(X, Y)]
        return total(losses) * (1.0 / len(X))

    def set_from(self, net: MLP) -> None:
        """Copy the current weights of `net` into the Values (keeps the same Value objects)."""
        for W, b, layer in zip(self.W, self.b, net.layers):
            for row, w_row in zip(W, layer.W):
                for v, w in zip(row, w_row):
                    v.data = float(w)
            for v, bj in zip(b, layer.b):
                v.data = float(bj)

    def step(self, lr: float) -> None:
        """Gradient descent on every weight and bias: p <- p - lr * dJ/dp."""
        for p in self.params():
            p.data -= lr * p.grad


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _softmax(z: list[Value]) -> list[Value]:
    """a_k = e^(z_k - c) / sum_j e^(z_j - c), with the constant c = max z for stability."""
    c = max(v.data for v in z)
    e = [(v - c).exp() for v in z]
    s = total(e)
    return [e_k / s for e_k in e]

