"""Notebook 10's experiments: the course's networks built out of autograd Values. numpy only.

    mlp_graph(net, X, Y)            the cost J of any supported `network.MLP` on (X, Y)
    two_two_one_graph(net, x, y)    notebook 04's 2-2-1 network for one sample, with every
                                    node named as in the notes (x₁, w¹₂₁, z¹₁, a¹₁, ŷ, ℒ)

After `J.backward()` the ScalarMLP they return holds dJ/d(weight) in every weight Value, and
`scalar_net.grads()` lays them out like `MLP.grads()`, so the two can be compared. The engine
itself (Value, ScalarMLP) is autograd.py; the drawings are dashboards/autograd_graph.py.
"""

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..autograd import Number, ScalarMLP, Value
from ..network import MLP


def mlp_graph(net: MLP, X: ArrayLike, Y: ArrayLike) -> tuple[Value, ScalarMLP]:
    """Build the cost J of `net` on (X, Y) out of Values; return (J, scalar_net).

    After `J.backward()`, `scalar_net.grads()` is laid out like `net.grads()`.
    """
    scalar_net = ScalarMLP(net)
    return scalar_net.cost(X, Y), scalar_net


def two_two_one_graph(net: MLP, x: Sequence[Number],
                      y: ArrayLike) -> tuple[Value, ScalarMLP, dict[str, Value]]:
    """Notebook 04's 2-2-1 network for one sample (x1, x2) -> y, built out of named Values.

    `net` is a 2-2-1 `network.MLP` (sigmoid hidden and output units, mse loss) holding the
    weights. Returns (loss, scalar_net, nodes): the loss Value, the ScalarMLP and a dict of the
    named nodes (x₁, x₂, z¹₁, a¹₁, ..., ŷ, ℒ) for printing and drawing.
    """
    if net.sizes != [2, 2, 1]:
        raise ValueError(f"expected a 2-2-1 network; got sizes {net.sizes}")
    scalar_net = ScalarMLP(net)
    inputs = [Value(x[0], "x₁"), Value(x[1], "x₂")]
    (y_hat,) = scalar_net.forward(inputs, label_nodes=True)
    loss = scalar_net.loss_of([y_hat], [Value(float(np.ravel(y)[0]), "y")])
    loss.label = "ℒ"  # the loss of one sample (a script L: plain L counts the layers)
    nodes = {v.label: v for v in loss.topological_order() if v.label and not _is_constant(v)}
    return loss, scalar_net, nodes


def _is_constant(v: Value) -> bool:
    """A constant of the formulas (the 0.5 of the mse): a leaf that `autograd.as_value` made
    from a plain number, which it labels with that number."""
    return not v.op and v.label == f"{v.data:g}"
