"""The benchmark's smoke mode runs end to end on tiny sizes (no timing is asserted)."""

import importlib.util
import io
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent.parent / "bench" / "benchmark.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_mode_prints_the_whole_table():
    bench = load_benchmark()
    out = io.StringIO()
    result = bench.run(quick=True, rounds=1, notebooks="", out=out)
    text = out.getvalue()
    for piece in ("digits 64-64-64-10", "784-256-128-10, float32", "784-256-128-10, float64",
                  "course_utils", "sklearn", "GFLOP/s", "BLAS", "threads", "Targets:"):
        assert piece in text, piece
    for task in result["tasks"]:
        assert np.isfinite(task.times["course_utils"]) and task.times["course_utils"] > 0
        assert np.isfinite(task.times["sklearn"]) and task.times["sklearn"] > 0
    assert set(result["matmul"]) == {np.float32, np.float64}


def test_flop_count_is_the_exact_matrix_products():
    bench = load_benchmark()
    task = bench.Task("t", [3, 4, 2], np.zeros((5, 3)), np.zeros(5, int), 5, 1, np.float64)
    # layer 1: forward and dW (2 products of 2*m*n_in*n_out); layer 2: also dA
    assert task.flops_per_epoch == 2 * 2 * 5 * 3 * 4 + 3 * 2 * 5 * 4 * 2


def test_every_framework_trains_the_same_network_shape():
    bench = load_benchmark()
    rng = np.random.default_rng(0)
    task = bench.Task("tiny", [6, 5, 3], rng.standard_normal((40, 6)), rng.integers(0, 3, 40),
                      8, 1, np.float32)
    for name, epoch in bench.FRAMEWORKS.items():
        seconds = epoch(task)
        assert seconds is None and name == "torch" or seconds > 0
