"""Data sets made in code (no downloads), splits and mini-batches. Everything random takes a seed.

X always has one sample per row, shape (m, n_features); y holds integer class labels, shape (m,).
"""

import numpy as np


def _n(n):
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive whole number; got {n!r}")
    return int(n)


def xor_points():
    """The four XOR points and their labels: (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0])


def xor(n=200, noise=0.1, seed=0):
    """n points around the four XOR corners (in [-1, 1]^2), label 1 where x1 * x2 < 0."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=float) * 0.5
    X = corners[np.arange(n) % 4] + noise * rng.standard_normal((n, 2))
    y = (corners[np.arange(n) % 4].prod(axis=1) < 0).astype(int)
    return X, y


def circles(n=200, noise=0.1, factor=0.5, seed=0):
    """Two concentric rings: outer ring (radius 1) is class 0, inner (radius `factor`) class 1."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    y = np.arange(n) % 2
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(y == 1, factor, 1.0)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    return X + noise * rng.standard_normal((n, 2)), y


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles, class 0 on top, class 1 below and shifted."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    y = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.standard_normal((n, 2)), y


def spirals(n=200, noise=0.1, n_arms=2, seed=0):
    """n_arms interleaved spiral arms, one class per arm."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    y = np.arange(n) % n_arms
    t = rng.uniform(0.25, 1, n) * 3 * np.pi  # how far along its arm each point sits
    angle = t + 2 * np.pi * y / n_arms
    X = np.c_[t * np.cos(angle), t * np.sin(angle)] / (3 * np.pi)
    return X + noise * rng.standard_normal((n, 2)), y


TOY_SETS = {"xor": xor, "circles": circles, "moons": moons, "spirals": spirals}


def make_toy(name, n=200, noise=0.1, seed=0):
    """One of the toy 2-D sets by name: 'xor', 'circles', 'moons', 'spirals'."""
    if name not in TOY_SETS:
        raise ValueError(f"unknown data set {name!r}; expected one of: {', '.join(TOY_SETS)}")
    return TOY_SETS[name](n=n, noise=noise, seed=seed)


def load_digits():
    """The handwritten digits that ship with scikit-learn: X (1797, 64) pixel values 0..16,
    y (1797,) labels 0..9, and images (1797, 8, 8). No download needed."""
    from sklearn.datasets import load_digits as _sk_load_digits

    d = _sk_load_digits()
    return d.data.astype(np.float64), d.target.astype(int), d.images


def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    """Shuffle with `seed` and split into (X_train, y_train, X_val, y_val, X_test, y_test)."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    if not (0 <= val < 1 and 0 <= test < 1 and val + test < 1):
        raise ValueError(f"val and test must be fractions with val + test < 1; got {val}, {test}")
    order = np.random.default_rng(seed).permutation(len(X))
    n_test, n_val = round(test * len(X)), round(val * len(X))
    te, va, tr = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[tr], y[tr], X[va], y[va], X[te], y[te]


def standardize(X_train, *others):
    """Scale every feature to mean 0, std 1 using the training set's statistics only.

    Features that are constant in the training set are left unscaled (std taken as 1).
    Returns the scaled training set followed by each of `others`, scaled the same way.
    """
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return tuple((X - mean) / std for X in (X_train, *others))


def one_hot(y, n_classes):
    """Integer labels (m,) -> one-hot rows (m, n_classes); labels must lie in 0..n_classes-1."""
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of integers; got {y.dtype}, shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}; got {y.min()}..{y.max()}")
    out = np.zeros((y.size, n_classes))
    out[np.arange(y.size), y] = 1
    return out


def minibatches(X, Y, batch_size, rng=None):
    """Yield (X_batch, Y_batch) covering every sample once; shuffled when rng is given.

    rng: a numpy Generator (or a seed). The last batch may be smaller.
    """
    if len(X) != len(Y):
        raise ValueError(f"X has {len(X)} rows but Y has {len(Y)}")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number; got {batch_size!r}")
    batch_size = int(batch_size)
    if rng is None:
        order = np.arange(len(X))
    else:
        order = np.random.default_rng(rng).permutation(len(X))
    # Gather each batch when it is needed: a shuffled copy of the whole set at once would
    # allocate (and page in) another full-size array every epoch, slower on large data.
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], Y[idx]
