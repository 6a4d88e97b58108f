"""A multilayer perceptron with backpropagation written out, layer by layer.

Notation (the same as the notebooks). Layers are numbered l = 1 .. L; a^(0) = x is the input.

    forward    z^(l) = W^(l) a^(l-1) + b^(l)        a^(l) = f_l(z^(l))
    output     delta^(L) = dJ/dz^(L)                 (= a^(L) - y for sigmoid + bce and
                                                        softmax + cross-entropy)
    backward   delta^(l) = (W^(l+1))^T delta^(l+1) * f_l'(z^(l))
    gradients  dW^(l) = delta^(l) (a^(l-1))^T         db^(l) = delta^(l)

W^(l) has shape (n_out, n_in). A batch has one sample per row, so in code the same equations
read Z = A_prev @ W.T + b, dW = dZ.T @ A_prev, db = dZ summed over the rows, and dJ/dA_prev =
dZ @ W. The cost J is the mean of the per-sample losses, so the 1/m is applied once, to
delta^(L), and every gradient below it is already a mean.
"""

import numpy as np

from .activations import get_activation
from .init import init_weights
from .losses import get_loss, sigmoid_bce_with_logits, softmax_cross_entropy_with_logits

# The output activations whose pairing with a loss gives delta^(L) = a - y.
_SHORTCUTS = {("sigmoid", "bce"), ("softmax", "cross_entropy")}
_DEFAULT_OUTPUT = {"mse": "identity", "bce": "sigmoid", "cross_entropy": "softmax"}


def dense_forward(A_prev, W, b):
    """Z = A_prev @ W.T + b.

    A_prev: (m, n_in), one row per sample. W: (n_out, n_in). b: (n_out,).
    Returns Z: (m, n_out) and the cache the backward pass needs.
    """
    Z = A_prev @ W.T
    Z += b  # in place: one (m, n_out) array instead of two
    return Z, (A_prev, W)


def dense_backward(dZ, cache, need_dA_prev=True):
    """Given dJ/dZ (m, n_out), return dJ/dA_prev (m, n_in), dJ/dW (n_out, n_in), dJ/db (n_out,).

    The first layer does not need dJ/dA_prev (its input is the data), so it can skip that product.
    """
    A_prev, W = cache
    dA_prev = dZ @ W if need_dA_prev else None
    return dA_prev, dZ.T @ A_prev, dZ.sum(axis=0)


class Layer:
    """One dense layer: weights W (n_out, n_in), biases b (n_out,), an activation.

    After `MLP.backward` the layer also holds its gradients dW and db (replaced, never
    added to, on every call).
    """

    def __init__(self, W, b, activation):
        self.W = W
        self.b = b
        self.activation = get_activation(activation)
        self.dW = None
        self.db = None

    @property
    def n_in(self):
        return self.W.shape[1]

    @property
    def n_out(self):
        return self.W.shape[0]

    def __repr__(self):
        return f"Layer({self.n_in} -> {self.n_out}, {self.activation.name})"


class MLP:
    """A fully connected network trained by backpropagation.

    sizes: [n_0, n_1, ..., n_L], the input size first. activation: the hidden layers'
    activation name, or a list with one name per layer (L names). output_activation: the last
    layer's; by default identity for mse, sigmoid for bce and softmax for cross_entropy.
    loss: 'mse' (with the 1/2), 'bce' or 'cross_entropy'. init: 'xavier', 'he' or 'naive'.
    The same seed always gives the same weights.

    >>> net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    >>> net.layer(1).W.shape   # layer 1 maps the 2 inputs to 2 hidden units
    (2, 2)
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, loss="mse",
                 init="xavier", seed=0, dtype=np.float64, init_scale=None):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two positive layer sizes; got {sizes}")
        self.loss = get_loss(loss)
        self.dtype = np.dtype(dtype)
        n_layers = len(sizes) - 1
        if isinstance(activation, (list, tuple)):
            if len(activation) != n_layers:
                raise ValueError(
                    f"got {len(activation)} activations for {n_layers} layers; give one per "
                    "layer or a single name for the hidden layers"
                )
            names = list(activation)
        else:
            out = output_activation or _DEFAULT_OUTPUT[self.loss.name]
            names = [activation] * (n_layers - 1) + [out]
        rng = np.random.default_rng(seed)
        self.layers = []
        for n_in, n_out, name in zip(sizes[:-1], sizes[1:], names):
            W = init_weights(init, n_out, n_in, rng, self.dtype, init_scale)
            self.layers.append(Layer(W, np.zeros(n_out, dtype=self.dtype), name))
        self._caches = None

    # ----------------------------------------------------------------- structure
    @property
    def sizes(self):
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    def layer(self, l):
        """Layer l, numbered as in the notes: 1 is the first hidden layer, L the output."""
        if not 1 <= l <= len(self.layers):
            raise IndexError(f"layers are numbered 1..{len(self.layers)}; got {l}")
        return self.layers[l - 1]

    def __repr__(self):
        acts = ", ".join(layer.activation.name for layer in self.layers)
        return f"MLP(sizes={self.sizes}, activations=[{acts}], loss={self.loss.name!r})"

    def params(self):
        """[W1, b1, W2, b2, ...]: the arrays an optimizer updates in place."""
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    def grads(self):
        """[dW1, db1, dW2, db2, ...] from the last backward pass."""
        if self.layers[0].dW is None:
            raise RuntimeError("no gradients yet: call backward(Y) after forward(X)")
        return [g for layer in self.layers for g in (layer.dW, layer.db)]

    def get_weights(self):
        """A copy of every W and b, to restore later with set_weights."""
        return [p.copy() for p in self.params()]

    def set_weights(self, weights):
        """Set every W and b from a list like the one get_weights returns."""
        params = self.params()
        if len(weights) != len(params):
            raise ValueError(f"expected {len(params)} arrays [W1, b1, ...]; got {len(weights)}")
        for p, w in zip(params, weights):
            w = np.asarray(w, dtype=self.dtype)
            if w.shape != p.shape:
                raise ValueError(f"expected an array of shape {p.shape}; got {w.shape}")
            p[...] = w
        self._caches = None

    # ------------------------------------------------------------------ checks
    def _check_X(self, X):
        X = np.asarray(X)
        if X.dtype.kind not in "iufc":  # integer, unsigned, float or complex numbers
            raise TypeError(f"X must hold numbers; got dtype {X.dtype}")
        if X.dtype != self.dtype:
            X = X.astype(self.dtype)
        n_in = self.layers[0].n_in
        if X.ndim != 2 or X.shape[1] != n_in:
            hint = " (for one sample use X.reshape(1, -1))" if X.ndim == 1 else ""
            raise ValueError(
                f"X must have shape (m, {n_in}): one row per sample, {n_in} features; "
                f"got shape {X.shape}{hint}"
            )
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or infinite values; clean the data first")
        return X

    def targets(self, Y, m):
        """Y as an (m, n_L) array of the network's dtype; integer class labels become one-hot."""
        Y = np.asarray(Y)
        n_out = self.layers[-1].n_out
        if Y.ndim == 1 and n_out > 1:
            if not np.issubdtype(Y.dtype, np.integer):
                raise ValueError(
                    f"1-D targets for {n_out} outputs must be integer class labels; got {Y.dtype}"
                )
            if Y.size and (Y.min() < 0 or Y.max() >= n_out):
                raise ValueError(
                    f"class labels must lie in 0..{n_out - 1}; got {Y.min()}..{Y.max()}"
                )
            one_hot = np.zeros((Y.size, n_out), dtype=self.dtype)
            one_hot[np.arange(Y.size), Y] = 1
            Y = one_hot
        elif Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        Y = Y.astype(self.dtype, copy=False)
        if Y.shape != (m, n_out):
            raise ValueError(f"Y must have shape ({m}, {n_out}) to match X; got {Y.shape}")
        if not np.isfinite(Y).all():
            raise ValueError("Y contains NaN or infinite values")
        return Y

    # ------------------------------------------------------------- forward/back
    def forward(self, X):
        """Run X (m, n_0) through every layer; return a^(L) (m, n_L) and keep the caches."""
        A = self._check_X(X)
        caches = []
        for layer in self.layers:
            Z, dense_cache = dense_forward(A, layer.W, layer.b)
            A = layer.activation(Z)
            caches.append((dense_cache, Z, A))
        self._caches = caches
        return A

    def output_delta(self, Y):
        """delta^(L) = dJ/dz^(L) for the batch of the last forward pass (with the 1/m of J)."""
        _, Z, A = self._caches[-1]
        m = A.shape[0]
        act, loss = self.layers[-1].activation, self.loss
        if (act.name, loss.name) in _SHORTCUTS:
            delta = A - Y  # the chain rule collapses for these pairs
        else:
            delta = act.backward(loss.grad(A, Y), Z, A)
        return delta / m

    def _batch_targets(self, Y):
        """Y checked against the batch of the last forward pass (which backward needs)."""
        if self._caches is None:
            raise RuntimeError("call forward(X) before backward(Y) (after any weight change)")
        m = self._caches[0][0][0].shape[0]  # the rows of the first layer's input
        return self.targets(Y, m)

    def backward(self, Y):
        """Backpropagate from targets Y; return [(dW1, db1), ..., (dWL, dbL)] of the mean cost.

        Needs the caches of the forward pass just before it, on the same batch.
        """
        Y = self._batch_targets(Y)
        delta = self.output_delta(Y)  # delta^(L)
        grads = [None] * len(self.layers)
        for l in range(len(self.layers), 0, -1):  # l = L, L-1, ..., 1
            layer = self.layers[l - 1]
            dense_cache, _, _ = self._caches[l - 1]
            dA_prev, layer.dW, layer.db = dense_backward(delta, dense_cache, need_dA_prev=l > 1)
            grads[l - 1] = (layer.dW, layer.db)
            if l > 1:  # delta^(l-1) = (W^(l))^T delta^(l) * f'(z^(l-1))
                _, Z_prev, A_prev = self._caches[l - 2]
                delta = self.layers[l - 2].activation.backward(dA_prev, Z_prev, A_prev)
        self._caches = None  # one backward per forward: stale caches cannot be reused
        return grads

    def gradients(self, X, Y):
        """forward(X) then backward(Y): the gradients of the mean cost on (X, Y)."""
        self.forward(X)
        return self.backward(Y)

    def step(self, lr):
        """Plain gradient descent: W <- W - lr * dW and b <- b - lr * db, for every layer."""
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0; got {lr}")
        for p, g in zip(self.params(), self.grads()):
            p -= lr * g
        self._caches = None

    # ------------------------------------------------------------- evaluation
    def _output(self, X):
        """(z^(L), a^(L)) for X, without keeping caches."""
        A = self._check_X(X)
        for layer in self.layers:
            Z = dense_forward(A, layer.W, layer.b)[0]
            A = layer.activation(Z)
        return Z, A

    def predict(self, X):
        """a^(L) for X, without keeping caches."""
        return self._output(X)[1]

    def cost(self, X, Y):
        """J = mean over the samples of the per-sample loss.

        For sigmoid + bce and softmax + cross-entropy the loss is computed from z^(L) (the
        logits), which stays exact where a^(L) rounds to 0 or 1.
        """
        Z, A = self._output(X)
        Y = self.targets(Y, A.shape[0])
        pair = (self.layers[-1].activation.name, self.loss.name)
        if pair == ("softmax", "cross_entropy"):
            return float(np.mean(softmax_cross_entropy_with_logits(Z, Y)[0]))
        if pair == ("sigmoid", "bce"):
            return float(np.mean(sigmoid_bce_with_logits(Z, Y)))
        return self.loss.cost(A, Y)

    def classify(self, X):
        """Class labels: argmax of the outputs, or output > 0.5 for a single output unit."""
        A = self.predict(X)
        if A.shape[1] == 1:
            return (A[:, 0] > 0.5).astype(int)
        return A.argmax(axis=1)

    def accuracy(self, X, y):
        """Fraction of samples classified correctly (y: labels, or one-hot rows)."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            y = y.argmax(axis=1)
        return float(np.mean(self.classify(X) == y.reshape(-1)))
