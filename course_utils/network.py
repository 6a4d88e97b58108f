"""A multilayer perceptron with backpropagation written out, layer by layer.

Notation (the same as the notebooks). Layers are numbered l = 1 .. L; a^(0) = x is the input.
For one sample:

    forward    z^(l) = W^(l) a^(l-1) + b^(l)        a^(l) = f_l(z^(l))
    output     delta^(L) = dℒ/dz^(L)                 (the loss knows it: Loss.delta; a^(L) - y
                                                      for identity + mse, sigmoid + bce and
                                                      softmax + cross-entropy)
    backward   delta^(l) = (W^(l+1))^T delta^(l+1) * f_l'(z^(l))
    gradients  dW^(l) = delta^(l) (a^(l-1))^T         db^(l) = delta^(l)

W^(l) has shape (n_out, n_in). A batch has one sample per row, so in code the same equations
read Z = A_prev @ W.T + b, dW = dZ.T @ A_prev, db = dZ summed over the rows, and dJ/dA_prev =
dZ @ W, where dZ^(l) = dJ/dZ^(l) (m, n_l): row i is sample i's delta^(l) divided by m. The cost
J is the mean of the per-sample losses, so the 1/m enters once, in dZ^(L), and every gradient
below it is already a mean. (For one sample, m = 1, dZ is delta as a row.)
"""

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from .data import one_hot
from .init import init_weights
from .layers import DenseCache, Layer, dense_backward, dense_forward
from .losses import Loss, accuracy, get_loss

Array = NDArray[np.floating]
__all__ = ["MLP", "Layer", "LayerCache", "dense_forward", "dense_backward", "parse_sizes"]


# One layer's part of the forward pass: (the dense cache (A_prev (m, n_in), W (n_out, n_in)),
# Z = z^(l) (m, n_l), f(Z) (m, n_l)); f(Z) is a^(l) in a plain network. Plain tuples: the
# forward pass makes one per layer and batch, so they are cheap.
LayerCache = tuple[DenseCache, Array, Array]


def parse_sizes(sizes: "str | int | Sequence[int]", min_count: int = 2,
                what: str = "layer sizes") -> list[int]:
    """Whole positive layer sizes from [2, 3, 1], (2, 3, 1), '2, 3, 1' or '2 3 1'.

    min_count: how many sizes at least (2 for a network: input and output; 0 for a list of
    hidden layers, which may be empty). Raises a ValueError that shows the form expected.
    """
    if isinstance(sizes, str):
        parts = sizes.replace(",", " ").split()
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise ValueError(f"{what} must be whole numbers separated by commas, like "
                             f"'2, 3, 1'; got {sizes!r}") from None
    elif isinstance(sizes, (int, np.integer)):
        values = [sizes]
    else:
        values = list(sizes)
    bad = [n for n in values
           if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, float, np.number))
           or n != n or int(n) != n or n < 1]
    if bad or len(values) < min_count:
        least = {0: "", 1: "at least one ", 2: "at least two "}.get(min_count,
                                                                  f"at least {min_count} ")
        raise ValueError(f"{what} must be {least}positive whole numbers (input first), like "
                         f"[2, 3, 1]; got {sizes!r}")
    return [int(n) for n in values]


class MLP:
    """A fully connected network trained by backpropagation.

    sizes: [n_0, n_1, ..., n_L], the input size first. activation: the hidden layers'
    activation name, or a list with one name per layer (L names). output_activation: the last
    layer's; by default the loss's own pairing (identity for mse, sigmoid for bce, softmax for
    cross_entropy). loss: 'mse' (with the 1/2), 'bce' or 'cross_entropy'. init: 'xavier',
    'he' or 'naive'. The same seed always gives the same weights.

    >>> net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    >>> net.layer(1).W.shape   # layer 1 maps the 2 inputs to 2 hidden units
    (2, 2)
    """

    def __init__(self, sizes: "str | Sequence[int]", activation: "str | Sequence[str]" = "sigmoid",
                 output_activation: str | None = None, loss: "str | Loss" = "mse",
                 init: str = "xavier", seed: int = 0, dtype: DTypeLike = np.float64,
                 init_scale: float | None = None) -> None:
        sizes = parse_sizes(sizes)
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
            names = [activation] * (n_layers - 1) + [output_activation or self.loss.output]
        rng = np.random.default_rng(seed)
        self.layers: list[Layer] = []
        for n_in, n_out, name in zip(sizes[:-1], sizes[1:], names):
            W = init_weights(init, n_out, n_in, rng, self.dtype, init_scale)
            self.layers.append(Layer(W, np.zeros(n_out, dtype=self.dtype), name))
        self.caches: list[LayerCache] | None = None  # the last forward pass, for backward

    # ----------------------------------------------------------------- structure
    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    def layer(self, l: int) -> Layer:
        """Layer l, numbered as in the notes: 1 is the first hidden layer, L the output."""
        if not 1 <= l <= len(self.layers):
            raise IndexError(f"layers are numbered 1..{len(self.layers)}; got {l}")
        return self.layers[l - 1]

    def __repr__(self) -> str:
        acts = ", ".join(layer.activation.name for layer in self.layers)
        return f"MLP(sizes={self.sizes}, activations=[{acts}], loss={self.loss.name!r})"

    def params(self) -> list[Array]:
        """[W1, b1, W2, b2, ...]: the arrays an optimizer updates in place."""
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    def grads(self) -> list[Array]:
        """[dW1, db1, dW2, db2, ...] from the last backward pass."""
        if self.layers[0].dW is None:
            raise RuntimeError("no gradients yet: call backward(Y) after forward(X)")
        return [g for layer in self.layers for g in (layer.dW, layer.db)]  # type: ignore[misc]

    def get_weights(self) -> list[Array]:
        """A copy of every W and b, to restore later with set_weights."""
        return [p.copy() for p in self.params()]

    def set_weights(self, weights: Sequence[ArrayLike]) -> None:
        """Set every W and b from a list like the one get_weights returns."""
        params = self.params()
        if len(weights) != len(params):
            raise ValueError(f"expected {len(params)} arrays [W1, b1, ...]; got {len(weights)}")
        for p, w in zip(params, weights):
            w = np.asarray(w, dtype=self.dtype)
            if w.shape != p.shape:
                raise ValueError(f"expected an array of shape {p.shape}; got {w.shape}")
            p[...] = w
        self.caches = None

    # ------------------------------------------------------------------ checks
    def check_X(self, X: ArrayLike) -> Array:
        """X as an (m, n_0) array of the network's dtype, or a ValueError saying what is wrong."""
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

    def targets(self, Y: ArrayLike, m: int) -> Array:
        """Y as an (m, n_L) array of the network's dtype; integer class labels become one-hot."""
        Y = np.asarray(Y)
        n_out = self.layers[-1].n_out
        if Y.ndim == 1 and n_out > 1:
            if not np.issubdtype(Y.dtype, np.integer):
                raise ValueError(
                    f"1-D targets for {n_out} outputs must be integer class labels; got {Y.dtype}"
                )
            Y = one_hot(Y, n_out, self.dtype)
        elif Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        Y = Y.astype(self.dtype, copy=False)
        if Y.shape != (m, n_out):
            raise ValueError(f"Y must have shape ({m}, {n_out}) to match X; got {Y.shape}")
        if not np.isfinite(Y).all():
            raise ValueError("Y contains NaN or infinite values")
        return Y

    # ------------------------------------------------------------- forward/back
    def layer_forward(self, l: int, A_prev: Array) -> tuple[LayerCache, Array]:
        """Layer l on its input: z^(l) = W^(l) a^(l-1) + b^(l), a^(l) = f(z^(l)).

        Returns the layer's cache and a^(l). (ResidualMLP changes this one step only.)
        """
        layer = self.layers[l - 1]
        Z, dense = dense_forward(A_prev, layer.W, layer.b)
        A = layer.activation(Z)
        return (dense, Z, A), A

    def _run(self, X: ArrayLike, keep: bool) -> tuple[Array, list[LayerCache]]:
        """The one forward loop: a^(L) and the caches (every layer's, or only the last's)."""
        A = self.check_X(X)
        caches = []
        for l in range(1, len(self.layers) + 1):
            cache, A = self.layer_forward(l, A)
            if keep or l == len(self.layers):
                caches.append(cache)
        return A, caches

    def forward(self, X: ArrayLike) -> Array:
        """Run X (m, n_0) through every layer; return a^(L) (m, n_L) and keep the caches."""
        A, self.caches = self._run(X, keep=True)
        return A

    def output_delta(self, Y: Array) -> Array:
        """dZ^(L) = dJ/dZ^(L) (m, n_L) for the batch of the last forward pass: each row is
        that sample's delta^(L) (Loss.delta) divided by m, the 1/m of the mean cost J."""
        assert self.caches is not None, "call forward(X) first"
        _, Z, A = self.caches[-1]
        return self.loss.delta(self.layers[-1].activation, Z, A, Y) / A.shape[0]

    def _batch_targets(self, Y: ArrayLike) -> Array:
        """Y checked against the batch of the last forward pass (which backward needs)."""
        if self.caches is None:
            raise RuntimeError("call forward(X) before backward(Y) (after any weight change)")
        _, Z1, _ = self.caches[0]
        m = Z1.shape[0]  # the rows of the batch
        return self.targets(Y, m)

    def gradient_below(self, l: int, dA_through_W: Array, dA: Array | None) -> Array:
        """dJ/da^(l-1) from layer l: (W^(l))^T delta^(l) in a plain network (ResidualMLP adds
        its skip). dA_through_W is that product, dZ^(l) W^(l) in batch form; dA = dJ/da^(l)
        (None for the output layer)."""
        return dA_through_W

    def backward(self, Y: ArrayLike) -> list[tuple[Array, Array]]:
        """Backpropagate from targets Y; return [(dW1, db1), ..., (dWL, dbL)] of the mean cost.

        Needs the caches of the forward pass just before it, on the same batch. In batch form
        (rows are samples; dZ^(l) = dJ/dZ^(l), each row a sample's delta^(l) / m):

            dZ^(L) = (1/m) [delta^(L) of each row]             (from the loss: output_delta)
            dZ^(l) = dJ/dA^(l) * f'(Z^(l)),   dJ/dA^(l) = dZ^(l+1) W^(l+1)     (m, n_l)
            dW^(l) = dZ^(l)^T A^(l-1)  (n_l, n_{l-1}),   db^(l) = sum of the rows of dZ^(l)
        """
        T = self._batch_targets(Y)
        caches = self.caches
        assert caches is not None
        L = len(self.layers)
        dZ = self.output_delta(T)  # dZ^(L)
        dA = None  # dJ/dA^(l): set by layer l + 1 for every hidden layer l
        for l in range(L, 0, -1):  # l = L, L-1, ..., 1
            layer, (dense_cache, Z, A) = self.layers[l - 1], caches[l - 1]
            if dA is not None:  # a hidden layer: dZ^(l) = dJ/dA^(l) * f'(Z^(l))
                dZ = layer.activation.backward(dA, Z, A)
            layer.dZ = dZ
            dA_prev, layer.dW, layer.db = dense_backward(dZ, dense_cache, need_dA_prev=l > 1)
            if dA_prev is not None:  # dJ/dA^(l-1), for the layer below
                dA = self.gradient_below(l, dA_prev, dA)
        self.caches = None  # one backward per forward: stale caches cannot be reused
        return [(layer.dW, layer.db) for layer in self.layers]  # type: ignore[misc]

    def gradients(self, X: ArrayLike, Y: ArrayLike) -> list[tuple[Array, Array]]:
        """forward(X) then backward(Y): the gradients of the mean cost on (X, Y)."""
        self.forward(X)
        return self.backward(Y)

    def step(self, lr: float) -> None:
        """Plain gradient descent: W <- W - lr * dW and b <- b - lr * db, for every layer."""
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0; got {lr}")
        for p, g in zip(self.params(), self.grads()):
            p -= lr * g
        self.caches = None

    # ------------------------------------------------------------- evaluation
    def predict(self, X: ArrayLike) -> Array:
        """a^(L) for X, without keeping caches."""
        return self._run(X, keep=False)[0]

    def cost(self, X: ArrayLike, Y: ArrayLike) -> float:
        """J = mean over the samples of the per-sample loss.

        For the loss's own output pairing (sigmoid + bce, softmax + cross-entropy) the loss
        is computed from z^(L) (the logits), which stays exact where a^(L) rounds to 0 or 1.
        """
        A, [(_, Z, _)] = self._run(X, keep=False)
        T = self.targets(Y, A.shape[0])
        losses = self.loss.sample_losses(self.layers[-1].activation, Z, A, T)
        return float(np.mean(losses))

    def classify(self, X: ArrayLike) -> NDArray[np.int_]:
        """Class labels: argmax of the outputs, or output > 0.5 for a single output unit."""
        A = self.predict(X)
        if A.shape[1] == 1:
            return (A[:, 0] > 0.5).astype(int)
        return A.argmax(axis=1)

    def accuracy(self, X: ArrayLike, y: ArrayLike) -> float:
        """Fraction of samples classified correctly (y: labels, or one-hot rows)."""
        return accuracy(self.classify(X), y)
