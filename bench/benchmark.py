"""How fast is the course's MLP? One run, one table: see bench/README.md.

    .venv/bin/python bench/benchmark.py            # the full table (a few minutes)
    .venv/bin/python bench/benchmark.py --quick    # a smoke run on tiny sizes (seconds)

Every time is the best of several rounds (a shared machine only ever adds time), and the
frameworks take turns inside each round, so their ratios come from the same conditions.
One epoch is the same work everywhere: shuffle, then for every mini-batch a forward pass,
the loss, the backward pass and a plain SGD step (no momentum, no weight decay).
"""

import argparse
import glob
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LR = 0.01


@dataclass
class Task:
    """One training problem, run the same way by every framework."""

    name: str
    sizes: list
    X: np.ndarray
    y: np.ndarray
    batch_size: int
    epochs: int
    dtype: type
    times: dict = field(default_factory=dict)  # framework -> best seconds per epoch

    @property
    def flops_per_epoch(self):
        """Exact matrix-product FLOPs of one epoch (2 per multiply-add).

        Per layer with m samples: forward Z = A W^T (2 m n_in n_out), dW = dZ^T A (the same),
        and dA = dZ W (the same again) for every layer but the first.
        """
        m = len(self.X)
        pairs = list(zip(self.sizes[:-1], self.sizes[1:]))
        return sum((2 if l == 0 else 3) * 2 * m * n_in * n_out
                   for l, (n_in, n_out) in enumerate(pairs))


# ------------------------------------------------------------------ one epoch, each framework
def course_epochs(task):
    """Time `task.epochs` epochs of course_utils.MLP; return seconds per epoch."""
    from course_utils.data import minibatches
    from course_utils.network import MLP
    from course_utils.optim import SGD

    net = MLP(task.sizes, activation="relu", loss="cross_entropy", init="he", seed=0,
              dtype=task.dtype)
    Y = net.targets(task.y, len(task.y))  # one-hot once, as train.fit does
    opt = SGD(LR)
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for _ in range(task.epochs):
        for X_batch, Y_batch in minibatches(task.X, Y, task.batch_size, rng):
            net.forward(X_batch)
            net.backward(Y_batch)
            opt.update(net.params(), net.grads())
    return (time.perf_counter() - start) / task.epochs


def sklearn_epochs(task):
    """Time MLPClassifier(solver='sgd') with the same network, batch size and epochs."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=tuple(task.sizes[1:-1]), activation="relu",
                        solver="sgd", learning_rate_init=LR, momentum=0.0,
                        nesterovs_momentum=False, alpha=0.0, batch_size=task.batch_size,
                        max_iter=task.epochs, shuffle=True, tol=0.0,
                        n_iter_no_change=task.epochs + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        clf.fit(task.X, task.y)
    return (time.perf_counter() - start) / task.epochs


def torch_epochs(task):
    """Time the same network in PyTorch on the CPU (plain SGD); None if torch is missing."""
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    tdtype = torch.float32 if task.dtype == np.float32 else torch.float64
    layers = []
    for n_in, n_out in zip(task.sizes[:-1], task.sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1]).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    X = torch.from_numpy(np.ascontiguousarray(task.X, dtype=task.dtype))
    y = torch.from_numpy(task.y.astype(np.int64))
    gen = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    for _ in range(task.epochs):
        order = torch.randperm(len(X), generator=gen)
        for i in range(0, len(X), task.batch_size):
            idx = order[i:i + task.batch_size]
            opt.zero_grad()
            loss_fn(model(X[idx]), y[idx]).backward()
            opt.step()
    return (time.perf_counter() - start) / task.epochs


FRAMEWORKS = {"course_utils": course_epochs, "sklearn": sklearn_epochs, "torch": torch_epochs}


def matmul_seconds(A, B, repeats=3):
    """Best time of A @ B over a few repeats (A, B: large square matrices)."""
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        A @ B
        best = min(best, time.perf_counter() - start)
    return best


def notebook_times(pattern):
    """Execute every notebook matching pattern (in notebooks/) with nbclient; seconds each."""
    import nbformat
    from nbclient import NotebookClient

    times = {}
    for path in sorted(glob.glob(str(ROOT / "notebooks" / pattern))):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute()
        times[Path(path).name] = time.perf_counter() - start
    return times


# ------------------------------------------------------------------------------ the tasks
def make_tasks(quick):
    """The digits (64-64-64-10) and synthetic MNIST-sized data (784-256-128-10, f32 and f64)."""
    from course_utils.data import load_digits, standardize

    X, y, _ = load_digits()
    (X,) = standardize(X)
    m = 1_000 if quick else 60_000
    rng = np.random.default_rng(0)
    X_big = rng.standard_normal((m, 784))
    teacher = rng.standard_normal((784, 10))  # labels a linear teacher gives: learnable
    y_big = (X_big @ teacher).argmax(axis=1)
    epochs_digits, epochs_big = (1, 1) if quick else (10, 1)
    tasks = [Task("digits 64-64-64-10, float64", [64, 64, 64, 10], X, y, 32, epochs_digits,
                  np.float64)]
    for dtype, name in ((np.float32, "float32"), (np.float64, "float64")):
        tasks.append(Task(f"synthetic {m}x784, 784-256-128-10, {name}", [784, 256, 128, 10],
                          X_big.astype(dtype), y_big, 128, epochs_big, dtype))
    return tasks


def blas_info():
    """The BLAS library(ies) numpy and friends use, and their thread counts."""
    from threadpoolctl import threadpool_info

    return [f"{i['internal_api']} {i.get('version') or ''} ({i['user_api']}, "
            f"{i['num_threads']} threads, {Path(i['filepath']).name})"
            for i in threadpool_info()]


def _ms(seconds):
    return "-" if seconds is None else f"{1e3 * seconds:9.1f}"


def _ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}"


def run(quick=False, rounds=None, notebooks="[0-9][0-9]_*.ipynb", threads=None,
        out=sys.stdout):
    """Measure everything and print the table; return the measurements as a dict.

    threads: limit numpy/scikit-learn's BLAS and PyTorch to this many threads (default: the
    libraries' own setting, normally one per core).
    """
    if threads:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(threads):
            return _run(quick, rounds, notebooks, threads, out)
    return _run(quick, rounds, notebooks, threads, out)


def _run(quick, rounds, notebooks, threads, out):
    rounds = rounds or (1 if quick else 5)
    tasks = make_tasks(quick)
    have_torch = _torch_available(threads)
    frameworks = [f for f in FRAMEWORKS if f != "torch" or have_torch]
    for task in tasks:
        task.times = {f: np.inf for f in frameworks}
    n_mm = 256 if quick else 2048
    rng = np.random.default_rng(0)
    squares = {dt: (rng.standard_normal((n_mm, n_mm)).astype(dt),
                    rng.standard_normal((n_mm, n_mm)).astype(dt))
               for dt in (np.float32, np.float64)}
    mm_time = {dt: np.inf for dt in squares}
    for A, B in squares.values():
        A @ B  # warm up the BLAS threads
    for _ in range(rounds):  # everything takes turns inside each round, the matmul included
        for task in tasks:
            for f in frameworks:
                task.times[f] = min(task.times[f], FRAMEWORKS[f](task))
            mm_time[task.dtype] = min(mm_time[task.dtype], matmul_seconds(*squares[task.dtype]))
    mm = {dt: 2 * n_mm ** 3 / t / 1e9 for dt, t in mm_time.items()}
    nb_times = notebook_times(notebooks) if notebooks else {}

    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"course_utils benchmark ({'quick smoke run' if quick else 'full run'}; best of "
      f"{rounds} round{'s' * (rounds > 1)}; {os.cpu_count()} CPUs)")
    p(f"numpy {np.__version__}; BLAS and thread pools (threadpoolctl): " + "; ".join(blas_info()))
    if have_torch:
        import torch

        p(f"PyTorch {torch.__version__} (CPU, {torch.get_num_threads()} threads)")
    else:
        p("PyTorch not installed: its column is left out")
    p("")
    p("Training, one epoch: mini-batch SGD, ReLU, softmax + cross-entropy "
      f"(lr {LR}, no momentum). Times in ms per epoch (samples/s in brackets).")
    head = f"{'task':<46}{'batch':>6}{'course_utils':>22}{'sklearn':>22}"
    head += f"{'torch':>22}" if have_torch else ""
    head += f"{'course/sk':>11}" + (f"{'course/torch':>14}" if have_torch else "")
    p(head)
    p("-" * len(head))
    for task in tasks:
        row = f"{task.name:<46}{task.batch_size:>6}"
        for f in frameworks:
            t = task.times[f]
            row += f"{_ms(t)} ({len(task.X) / t:>9,.0f}/s)"
        row += f"{_ratio(task.times['course_utils'], task.times['sklearn']):>11}"
        if have_torch:
            row += f"{_ratio(task.times['course_utils'], task.times['torch']):>14}"
        p(row)
    p("")
    p(f"Achieved GFLOP/s of one epoch (exact matrix-product FLOPs) against a {n_mm}x{n_mm} "
      "matrix product in the same dtype:")
    for task in tasks[1:]:
        ceiling = mm[task.dtype]
        line = f"  {task.name:<44}"
        for f in frameworks:
            g = task.flops_per_epoch / task.times[f] / 1e9
            line += f"  {f} {g:6.1f} ({100 * g / ceiling:3.0f}%)"
        p(line + f"   matmul {ceiling:6.1f} GFLOP/s")
    p("")
    total = sum(nb_times.values())
    if nb_times:
        p("Notebooks, executed one after another with nbclient (fresh kernel each):")
        for name, t in nb_times.items():
            p(f"  {name:<44}{t:7.1f} s")
        p(f"  {'whole series (' + str(len(nb_times)) + ' notebooks)':<44}{total:7.1f} s")
        p("")
    digits, big32 = tasks[0], tasks[1]
    p("Targets:")
    _target(p, "digits: course_utils / sklearn epoch time <= 0.40",
            digits.times["course_utils"] / digits.times["sklearn"], 0.40)
    if have_torch:
        _target(p, "MNIST-size float32: course_utils / torch epoch time <= 0.90",
                big32.times["course_utils"] / big32.times["torch"], 0.90)
    share = big32.flops_per_epoch / big32.times["course_utils"] / 1e9 / mm[np.float32]
    _target(p, "MNIST-size float32: share of matmul GFLOP/s >= 0.50", share, 0.50, above=True)
    if nb_times:
        _target(p, "whole series < 90 s", total, 90.0)
    return {"tasks": tasks, "matmul": mm, "notebooks": nb_times}


def _target(p, text, value, limit, above=False):
    ok = value >= limit if above else value <= limit
    p(f"  {text:<62}{value:8.3f}  {'met' if ok else 'MISSED'}")


def _torch_available(threads=None):
    try:
        import torch

        torch.set_num_threads(threads or os.cpu_count() or 1)
        return True
    except ImportError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: tiny data, one round (numbers mean nothing)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds per measurement (best is kept); default 5, quick 1")
    parser.add_argument("--notebooks", default="[0-9][0-9]_*.ipynb",
                        help="which notebooks to time (a glob in notebooks/); '' for none")
    parser.add_argument("--threads", type=int, default=None,
                        help="limit BLAS and PyTorch to this many threads (default: all cores)")
    args = parser.parse_args(argv)
    run(quick=args.quick, rounds=args.rounds, notebooks=args.notebooks, threads=args.threads)


if __name__ == "__main__":
    main()
