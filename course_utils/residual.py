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

from .network import MLP, dense_backward, dense_forward


class ResidualMLP(MLP):
    """An MLP whose equal-width hidden layers are residual: a^(l) = a^(l-1) + f(z^(l)).

    Takes the same arguments as network.MLP, plus branch_scale: the initial weights of every
    residual layer are multiplied by it. Each residual layer adds its branch f(z) to what it
    receives, so with branch_scale = 1 the activations (and gradients) grow with depth; a
    smaller value (e.g. 1/sqrt(number of residual layers)) starts each block close to the
    identity. `residual` lists, for layers 1..L, whether each layer has a skip connection.

    >>> net = ResidualMLP([64, 32, 32, 32, 10], activation="relu", loss="cross_entropy")
    >>> net.residual
    [False, True, True, False]
    """

    def __init__(self, sizes, *args, branch_scale=1.0, **kwargs):
        super().__init__(sizes, *args, **kwargs)
        last = len(self.layers) - 1
        self.residual = [l < last and layer.n_in == layer.n_out
                         for l, layer in enumerate(self.layers)]
        for layer, skip in zip(self.layers, self.residual):
            if skip:
                layer.W *= branch_scale

    def __repr__(self):
        return "Residual" + super().__repr__() + f" with skips on layers {self._skip_layers()}"

    def _skip_layers(self):
        return [l + 1 for l, skip in enumerate(self.residual) if skip]

    def forward(self, X):
        """Run X (m, n_0) through every layer; return a^(L) (m, n_L) and keep the caches.

        Each cache holds (the dense layer's cache, z, f(z)); f(z) is what the activation's
        backward rule needs (sigmoid reuses it), and a^(l) = a^(l-1) + f(z) is rebuilt from it.
        """
        A = self._check_X(X)
        caches = []
        for layer, skip in zip(self.layers, self.residual):
            Z, dense_cache = dense_forward(A, layer.W, layer.b)
            F = layer.activation(Z)
            caches.append((dense_cache, Z, F))
            A = A + F if skip else F
        self._caches = caches
        return A

    def backward(self, Y):
        """Backpropagate from targets Y; return [(dW1, db1), ..., (dWL, dbL)] of the mean cost.

        Needs the caches of the forward pass just before it, on the same batch.
        """
        Y = self._batch_targets(Y)
        L = len(self.layers)
        grads = [None] * L
        # output layer (never residual): delta^(L) from the loss, then dJ/da^(L-1)
        delta = self.output_delta(Y)
        dA, self.layers[-1].dW, self.layers[-1].db = dense_backward(
            delta, self._caches[-1][0], need_dA_prev=L > 1)
        grads[-1] = (self.layers[-1].dW, self.layers[-1].db)
        for l in range(L - 1, 0, -1):  # hidden layers l = L-1, ..., 1; dA = dJ/da^(l)
            layer = self.layers[l - 1]
            dense_cache, Z, F = self._caches[l - 1]
            delta = layer.activation.backward(dA, Z, F)  # delta^(l) = dA * f'(z^(l))
            dA_through_W, layer.dW, layer.db = dense_backward(delta, dense_cache,
                                                              need_dA_prev=l > 1)
            grads[l - 1] = (layer.dW, layer.db)
            if l > 1:  # dJ/da^(l-1): through W^(l), plus the skip when layer l has one
                dA = dA_through_W + dA if self.residual[l - 1] else dA_through_W
        self._caches = None  # one backward per forward: stale caches cannot be reused
        return grads

    def _output(self, X):
        """(z^(L), a^(L)) for X, without keeping caches."""
        A = self._check_X(X)
        for layer, skip in zip(self.layers, self.residual):
            Z = dense_forward(A, layer.W, layer.b)[0]
            F = layer.activation(Z)
            A = A + F if skip else F
        return Z, A
