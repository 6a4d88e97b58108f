"""Data: sets made in code (no downloads), the digits, MNIST's IDX files, splits, mini-batches.

X always has one sample per row, shape (m, n_features); y holds integer class labels, shape (m,).
Everything random takes a seed. This module imports nothing else of the course's.

    01-03  one_input_data, two_blobs, line_data       04  xor_points
    06-09  load_digits, load_mnist_idx (read_idx), train_val_test_split, standardize,
           one_hot, minibatches; the toy 2-D sets xor, circles, moons, spirals (make_toy)
"""

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

Array = NDArray[np.floating]
Labels = NDArray[np.int_]


def _n(n: int) -> int:
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive whole number; got {n!r}")
    return int(n)


# ------------------------------------------------------------- small sets of notebooks 01-03
def one_input_data(n: int = 16, seed: int = 0) -> tuple[Array, Array]:
    """A one-input classification set: x in [-4, 4], label y = 1 mostly where x > 1.

    Returns x (n,) and y (n,) as floats 0.0 / 1.0, so they can go straight into a loss.
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-4, 4, _n(n)))
    y = (x + 0.8 * rng.standard_normal(x.size) > 1).astype(float)
    return x, y


def two_blobs(n: int = 60, spread: float = 0.7, seed: int = 0) -> tuple[Array, Labels]:
    """Two Gaussian clouds in the plane: class 0 around (-1, -1), class 1 around (1, 1).

    Returns X (n, 2) and integer labels y (n,), half of each class. Almost linearly separable,
    so a single neuron (a line) can split them.
    """
    rng = np.random.default_rng(seed)
    y = np.arange(_n(n)) % 2
    centres = np.where(y[:, None] == 1, 1.0, -1.0) * np.ones((y.size, 2))
    return centres + spread * rng.standard_normal((y.size, 2)), y


def line_data(n: int = 20, slope: float = 1.5, intercept: float = 0.5, noise: float = 0.3,
              seed: int = 0) -> tuple[Array, Array]:
    """Points near the line y = slope * x + intercept, with x uniform in [0, 2].

    The fit of a linear neuron (identity activation, MSE) to them is a bowl-shaped cost over
    (w, b), elongated because x is not centred: the classic picture of gradient descent.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, _n(n))
    return x, slope * x + intercept + noise * rng.standard_normal(x.size)


# ------------------------------------------------------------------------- toy 2-D sets
def xor_points() -> tuple[Array, Labels]:
    """The four XOR points and their labels: (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0])


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Labels]:
    """n points around the four XOR corners (in [-1, 1]^2), label 1 where x1 * x2 < 0."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=float) * 0.5
    X = corners[np.arange(n) % 4] + noise * rng.standard_normal((n, 2))
    y = (corners[np.arange(n) % 4].prod(axis=1) < 0).astype(int)
    return X, y


def circles(n: int = 200, noise: float = 0.1, factor: float = 0.5,
            seed: int = 0) -> tuple[Array, Labels]:
    """Two concentric rings: outer ring (radius 1) is class 0, inner (radius `factor`) class 1."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    y = np.arange(n) % 2
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(y == 1, factor, 1.0)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    return X + noise * rng.standard_normal((n, 2)), y


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[Array, Labels]:
    """Two interleaving half circles, class 0 on top, class 1 below and shifted."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    y = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.standard_normal((n, 2)), y


def spirals(n: int = 200, noise: float = 0.1, n_arms: int = 2,
            seed: int = 0) -> tuple[Array, Labels]:
    """n_arms interleaved spiral arms, one class per arm."""
    rng = np.random.default_rng(seed)
    n = _n(n)
    y = np.arange(n) % n_arms
    t = rng.uniform(0.25, 1, n) * 3 * np.pi  # how far along its arm each point sits
    angle = t + 2 * np.pi * y / n_arms
    X = np.c_[t * np.cos(angle), t * np.sin(angle)] / (3 * np.pi)
    return X + noise * rng.standard_normal((n, 2)), y


TOY_SETS: dict[str, Callable[..., tuple[Array, Labels]]] = {
    "xor": xor, "circles": circles, "moons": moons, "spirals": spirals}


def make_toy(name: str, n: int = 200, noise: float = 0.1,
             seed: int = 0) -> tuple[Array, Labels]:
    """One of the toy 2-D sets by name: 'xor', 'circles', 'moons', 'spirals'."""
    if name not in TOY_SETS:
        raise ValueError(f"unknown data set {name!r}; expected one of: {', '.join(TOY_SETS)}")
    return TOY_SETS[name](n=n, noise=noise, seed=seed)


# ---------------------------------------------------------------------- real handwriting
def load_digits() -> tuple[Array, Labels, Array]:
    """The handwritten digits that ship with scikit-learn: X (1797, 64) pixel values 0..16,
    y (1797,) labels 0..9, and images (1797, 8, 8). No download needed."""
    from sklearn.datasets import load_digits as _sk_load_digits

    d = _sk_load_digits()
    return d.data.astype(np.float64), d.target.astype(int), d.images


# ---------------------------------------------------------------- MNIST, as IDX files
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
               "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def read_idx(path: "str | Path") -> NDArray:
    """Read one IDX file (plain or .gz) into a numpy array.

    The format: two zero bytes, one byte naming the type (0x08 = unsigned byte, ...), one
    byte with the number of dimensions d, then d big-endian 32-bit sizes, then the data.
    """
    path = Path(path)
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as f:
            raw = f.read()
    else:
        raw = path.read_bytes()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_DTYPES:
        raise ValueError(f"{path} is not an IDX file (its first bytes should be 0, 0, a type "
                         "code and the number of dimensions)")
    dtype, ndim = np.dtype(IDX_DTYPES[raw[2]]), raw[3]
    shape = tuple(int(s) for s in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    offset = 4 + 4 * ndim
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - offset != expected:
        raise ValueError(f"{path}: header says shape {shape} ({expected} bytes of data) but the "
                         f"file holds {len(raw) - offset} bytes after the header")
    return np.frombuffer(raw, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def _find(directory: Path, name: str) -> Path | None:
    for candidate in (directory / name, directory / (name + ".gz")):
        if candidate.exists():
            return candidate
    return None


def load_mnist_idx(directory: "str | Path" = "data/mnist",
                   kind: str = "train") -> tuple[NDArray[np.uint8], Labels]:
    """MNIST from the four standard IDX files in `directory` (plain or gzipped).

    kind: 'train' (60,000 images) or 'test' (10,000). Returns images (m, 28, 28) as uint8
    and labels (m,) as int. Raises FileNotFoundError naming the missing files; nothing is
    downloaded.
    """
    if kind not in MNIST_FILES:
        raise ValueError(f"kind must be 'train' or 'test'; got {kind!r}")
    directory = Path(directory)
    found = [_find(directory, name) for name in MNIST_FILES[kind]]
    missing = [name for name, path in zip(MNIST_FILES[kind], found) if path is None]
    if missing:
        raise FileNotFoundError(
            f"The MNIST files are absent: no {' or '.join(missing)} (optionally .gz) in "
            f"'{directory}'. Put the standard IDX files there to use the full data set; "
            "everything else in this notebook works without them.")
    assert found[0] is not None and found[1] is not None  # (none is missing)
    images, labels = read_idx(found[0]), read_idx(found[1])
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(f"expected images (m, 28, 28) and m labels; got {images.shape} and "
                         f"{labels.shape}")
    return images, labels.astype(int)


# ------------------------------------------------------------------ splits and batches
def train_val_test_split(X: ArrayLike, y: ArrayLike, val: float = 0.15, test: float = 0.15,
                         seed: int = 0) -> tuple[NDArray, ...]:
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


def standardize(X_train: Array, *others: Array) -> tuple[Array, ...]:
    """Scale every feature to mean 0, std 1 using the training set's statistics only.

    Features that are constant in the training set are left unscaled (std taken as 1).
    Returns the scaled training set followed by each of `others`, scaled the same way.
    """
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return tuple((X - mean) / std for X in (X_train, *others))


def one_hot(y: ArrayLike, n_classes: int, dtype: DTypeLike = np.float64) -> Array:
    """Integer labels (m,) -> one-hot rows (m, n_classes): row i is 1 in column y_i, else 0.

    The one place the course makes one-hot targets (the networks and the engine call it).
    """
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of integers; got {y.dtype}, shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"class labels must lie in 0..{n_classes - 1}; got {y.min()}..{y.max()}")
    out = np.zeros((y.size, n_classes), dtype=dtype)
    out[np.arange(y.size), y] = 1
    return out


def minibatches(X: NDArray, Y: NDArray, batch_size: int,
                rng: "np.random.Generator | int | None" = None
                ) -> Iterator[tuple[NDArray, NDArray]]:
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
