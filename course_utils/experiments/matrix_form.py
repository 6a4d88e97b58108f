"""Notebook 05's experiments: the shape of every array of a batch pass, which product gives the
batch backward step, mini-batch SGD, backprop with plain loops over samples and neurons, and
the same step in the common textbook notation. numpy only.
"""

from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..data import minibatches
from ..network import MLP, Array, parse_sizes
from ..notation import superscript
from .two_two_one import batch_trace


def shape_table(sizes: "str | Sequence[int]", m: int,
                seed: int = 0) -> list[tuple[str, str, tuple[int, ...]]]:
    """Every array of one forward and backward pass of MLP(sizes) on a batch of m samples, as
    rows (symbol, code expression, shape). The shapes are read off real arrays."""
    sizes = parse_sizes(sizes)
    if int(m) != m or m < 1:
        raise ValueError(f"the batch size m must be a positive whole number; got {m!r}")
    m = int(m)
    net = MLP(sizes, activation="sigmoid", output_activation="sigmoid", loss="mse", seed=seed)
    rng = np.random.default_rng(seed)
    tr = batch_trace(net, rng.standard_normal((m, sizes[0])), rng.random((m, sizes[-1])))
    rows = [("X = A⁽⁰⁾", "X", tr.X.shape)]
    L = len(net.layers)
    for l in range(1, L + 1):
        s = superscript(l)
        p = superscript(l - 1)
        rows += [(f"W⁽{s}⁾", f"net.layer({l}).W", net.layer(l).W.shape),
                 (f"b⁽{s}⁾", f"net.layer({l}).b", net.layer(l).b.shape),
                 (f"Z⁽{s}⁾ = A⁽{p}⁾W⁽{s}⁾ᵀ + b⁽{s}⁾", f"Z{l} = A{l - 1} @ W{l}.T + b{l}",
                  tr.Z[l].shape),
                 (f"A⁽{s}⁾ = f(Z⁽{s}⁾)", f"A{l} = f(Z{l})", tr.A[l].shape)]
    rows.append(("Y", "Y", tr.Y.shape))
    for l in range(L, 0, -1):
        s = superscript(l)
        p = superscript(l - 1)
        rows += [(f"dZ⁽{s}⁾ = ∂J/∂Z⁽{s}⁾ (rows: δ⁽{s}⁾ / m)", f"dZ{l}", tr.dZ[l].shape),
                 (f"∂J/∂W⁽{s}⁾ = dZ⁽{s}⁾ᵀ A⁽{p}⁾", f"dW{l} = dZ{l}.T @ A{l - 1}",
                  tr.dW[l].shape),
                 (f"∂J/∂b⁽{s}⁾ = Σ rows of dZ⁽{s}⁾", f"db{l} = dZ{l}.sum(axis=0)",
                  tr.db[l].shape)]
    return rows


def backward_candidates(m: int, n_l: int, n_next: int) -> list[tuple[str, tuple[int, ...] | None]]:
    """Dimension analysis of the batch backward step. Known: D^(l+1) (m, n_(l+1)), the rows
    the samples' delta^(l+1), and W^(l+1) (n_(l+1), n_l); wanted: an (m, n_l) array, one row per
    sample. Returns (product, its shape) for each way to multiply the two (transposed or not);
    the shape is None where the inner sizes do not match. Random arrays of those shapes are
    multiplied, so numpy itself decides what fits."""
    for n in (m, n_l, n_next):
        if int(n) != n or n < 1:
            raise ValueError(f"m, n_l and n_next must be positive whole numbers; got "
                             f"{(m, n_l, n_next)}")
    rng = np.random.default_rng(0)
    D, W = rng.random((int(m), int(n_next))), rng.random((int(n_next), int(n_l)))
    products = {"D W": (D, W), "D Wᵀ": (D, W.T), "W D": (W, D), "Wᵀ D": (W.T, D),
                "Dᵀ W": (D.T, W), "W Dᵀ": (W, D.T), "Dᵀ Wᵀ": (D.T, W.T), "Wᵀ Dᵀ": (W.T, D.T)}
    out: list[tuple[str, tuple[int, ...] | None]] = []
    for name, (left, right) in products.items():
        out.append((name, (left @ right).shape if left.shape[1] == right.shape[0] else None))
    return out


def minibatch_sgd(net: MLP, X: Array, Y: ArrayLike, epochs: int, batch_size: int, lr: float,
                  seed: int = 0) -> list[float]:
    """Mini-batch SGD: each epoch visits every sample once, in shuffled mini-batches of
    m = batch_size rows (N = len(X) samples: ceil(N / m) steps per epoch), and takes one
    gradient step per mini-batch. Returns the cost J on the whole set (X, Y) before training
    and after each epoch (epochs + 1 numbers)."""
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be a positive whole number; got {epochs!r}")
    Y = net.targets(Y, len(X))
    rng = np.random.default_rng(seed)
    costs = [net.cost(X, Y)]
    for _ in range(int(epochs)):
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):  # one epoch
            net.forward(X_batch)   # A^(l) of this mini-batch, kept for backward
            net.backward(Y_batch)  # dJ_batch/dW^(l), dJ_batch/db^(l) for every layer
            net.step(lr)           # W <- W - lr dJ_batch/dW (and b): one SGD step
        costs.append(net.cost(X, Y))
    return costs


def loop_gradients(net: MLP, X: ArrayLike, Y: ArrayLike) -> list[tuple[Array, Array]]:
    """Backprop with plain Python loops: one sample at a time, one neuron at a time.

    For each sample:  z_j = b_j + sum_k W_jk a_k,  a_j = f(z_j)        (every layer)
                      delta_j = dℒ/da_j * f'(z_j)  at the output (a_j - y_j for the shortcuts)
                      delta_k = f'(z_k) * sum_j W_jk delta_j           (one layer down)
                      dW_jk += delta_j a_k / m,    db_j += delta_j / m
    Returns [(dW1, db1), ..., (dWL, dbL)], the same as net.gradients(X, Y) but slowly.
    Elementwise activations only (softmax only together with cross-entropy).
    """
    X = net.check_X(X)
    m = X.shape[0]
    Y = net.targets(Y, m)
    layers = net.layers
    out = layers[-1]
    shortcut = net.loss.collapses_with(out.activation)
    if any(layer.activation.name == "softmax" for layer in layers) and not shortcut:
        raise ValueError("loop_gradients handles softmax only as the output of cross-entropy")
    dW = [np.zeros_like(layer.W) for layer in layers]
    db = [np.zeros_like(layer.b) for layer in layers]
    for s in range(m):
        a = [[float(v) for v in X[s]]]  # a[l][j]: activation of unit j in layer l
        z: list[Any] = [None]  # z[l][j]; z[0] is a placeholder: the input has no z
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
        # the output delta by the loss's own rule (a_j - y_j for its output pairing)
        delta = [float(d) for d in net.loss.delta(out.activation, np.array([z[-1]]),
                                                   np.array([a[-1]]), np.array([y]))[0]]
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


def textbook_update(net: MLP, x: ArrayLike, y: ArrayLike, alpha: float) -> list[Array]:
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
    a: list[Array] = [x]
    ins: list[Any] = [None]  # ins[0] is a placeholder: the input has no in_i
    for l in range(len(Wt)):  # forward: in_i = W_{0,i} + sum_j W_{j,i} a_j
        in_l = W0[l] + np.array([sum(Wt[l][j, i] * a[-1][j] for j in range(len(a[-1])))
                                 for i in range(Wt[l].shape[1])])
        ins.append(in_l)
        a.append(g[l](in_l))
    Err = y - a[-1]
    Delta: list[Any] = [None] * len(Wt)
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
