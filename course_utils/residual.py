"""A residual MLP: the plain network of network.py plus skip connections.

A hidden layer whose input and output have the same width adds its input back:

    plain layer      z^(l) = W^(l) a^(l-1) + b^(l)      a^(l) = f(z^(l))
    residual layer   z^(l) = W^(l) a^(l-1) + b^(l)      a^(l) = a^(l-1) + f(z^(l))

The output layer is always plain (it feeds the softmax or sigmoid of the loss), and so is any
hidden layer that changes the width (there is nothing of the right shape to add).

Backward, the skip adds a second path for the gradient. With dA = dJ/da^(l):

    delta^(l)      = dA * f'(z^(l))                  (as in the plain network)
    dW^(l)         = delta^(l) (a^(l-1))^T           db^(l) = delta^(l)
    dJ/da^(l-1)    = (W^(l))^T delta^(l)  + dA       (the "+ dA" is the skip)

The "+ dA" carries the gradient down unchanged however small f'(z) is, which is why deep
residual networks do not suffer from vanishing gradients the way plain ones do.

ResidualMLP has the same API as network.MLP (forward, backward, params, grads, cost,
accuracy, get_weights, ...), so train.fit and the optimizers drive it unchanged.
"""

from typing import Any, Sequence

from .layers import dense_forward
from .network import MLP, Array, LayerCache


class ResidualMLP(MLP):
    """An MLP whose equal-width hidden layers are residual: a^(l) = a^(l-1) + f(z^(l)).

    Takes the same arguments as network.MLP, plus branch_scale: the initial weights of every
    residual layer are multiplied by it. Each residual layer adds its branch f(z) to what it
    receives, so with branch_scale = 1 the activations (and gradients) grow with depth; a
    smaller value (e.g. 1/sqrt(number of residual layers)) starts each block close to the
    identity. `residual` lists, for layers 1..L, whether each layer has a skip connection.

    Only two steps differ from MLP, and they are all this class writes: one layer's forward
    (add the input) and the gradient passed to the layer below (add the skip's share).

    >>> net = ResidualMLP([64, 32, 32, 32, 10], activation="relu", loss="cross_entropy")
    >>> net.residual
    [False, True, True, False]
    """

    def __init__(self, sizes: "str | Sequence[int]", *args: Any, branch_scale: float = 1.0,
                 **kwargs: Any) -> None:
        super().__init__(sizes, *args, **kwargs)
        last = len(self.layers) - 1
        self.residual = [l < last and layer.n_in == layer.n_out
                         for l, layer in enumerate(self.layers)]
        for layer, skip in zip(self.layers, self.residual):
            if skip:
                layer.W *= branch_scale

    def __repr__(self) -> str:
        return "Residual" + super().__repr__() + f" with skips on layers {self._skip_layers()}"

    def _skip_layers(self) -> list[int]:
        return [l + 1 for l, skip in enumerate(self.residual) if skip]

    def layer_forward(self, l: int, A_prev: Array) -> tuple[LayerCache, Array]:
        """z^(l) = W^(l) a^(l-1) + b^(l); a^(l) = a^(l-1) + f(z^(l)) if layer l has a skip.

        The cache keeps f(z), what the activation's backward rule needs (sigmoid reuses it).
        """
        layer = self.layers[l - 1]
        Z, dense = dense_forward(A_prev, layer.W, layer.b)
        F = layer.activation(Z)
        return (dense, Z, F), A_prev + F if self.residual[l - 1] else F

    def gradient_below(self, l: int, dA_through_W: Array, dA: Array | None) -> Array:
        """dJ/da^(l-1) = (W^(l))^T delta^(l), plus dJ/da^(l) itself when layer l has a skip
        (the output layer, whose dA is None, never has one)."""
        if self.residual[l - 1] and dA is not None:
            return dA_through_W + dA
        return dA_through_W
