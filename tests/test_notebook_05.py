"""Notebook 05's claims: the batch backward step from the shapes, MLP.backward against the
equations, mini-batch SGD lowers the cost, backprop needs 1 forward + 1 backward where finite
differences need 2P cost evaluations, the two "write it yourself" checks name each mistake,
and the review items (textbook lines, notation, slides)."""

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils import data
from course_utils.activations import get_activation
from course_utils.dashboards import matrix_form as dash
from course_utils.exercises import CORRECT, NOT_ATTEMPTED, WRONG, check_function
from course_utils.exercises import batch_backward as bb
from course_utils.experiments import backprop_cost
from course_utils.experiments import matrix_form as ex
from course_utils.experiments.two_two_one import batch_trace
from course_utils.network import MLP

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "05_matrix_form_and_minibatches.ipynb"


@pytest.fixture(scope="module")
def cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def markdown(cells):
    return "\n".join(c.source for c in cells if c.cell_type == "markdown")


# ----------------------------------------------------------- the batch backward step (task 1)

@pytest.mark.parametrize("m, n_l, n_next", [(16, 32, 10), (5, 4, 2), (7, 3, 9)])
def test_only_D_W_gives_one_row_per_sample(m, n_l, n_next):
    shapes = dict(ex.backward_candidates(m, n_l, n_next))
    fitting = {name: shape for name, shape in shapes.items() if shape == (m, n_l)}
    assert fitting == {"D W": (m, n_l)}
    assert shapes["Wᵀ Dᵀ"] == (n_l, m)  # the column form: samples as columns
    with pytest.raises(ValueError, match="positive whole"):
        ex.backward_candidates(0, 2, 3)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "leaky_relu"])
def test_rows_of_the_batch_step_are_the_samples_column_steps(activation):
    rng = np.random.default_rng(3)
    net = MLP([3, 5, 4, 2], activation=activation, output_activation="sigmoid", loss="mse",
              seed=1)
    X, Y = rng.standard_normal((6, 3)), rng.random((6, 2))
    tr = batch_trace(net, X, Y)
    f = get_activation(activation)
    for l in (1, 2):
        W_next, D_next = net.layer(l + 1).W, 6 * tr.dZ[l + 1]
        D_batch = (D_next @ W_next) * f.f_prime(tr.Z[l])
        D_cols = np.array([W_next.T @ D_next[i] * f.f_prime(tr.Z[l][i]) for i in range(6)])
        np.testing.assert_allclose(D_batch, D_cols, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(tr.dZ[l], D_batch / 6, rtol=1e-12, atol=1e-15)


def test_the_markdown_writes_both_backward_steps(cells):
    text = markdown(cells)
    assert r"D^{(l)} = (D^{(l+1)}W^{(l+1)}) \odot f'(Z^{(l)})" in text
    assert (r"\boldsymbol\delta^{(l)} = (W^{(l+1)})^\top\boldsymbol\delta^{(l+1)} \odot "
            r"f'(\mathbf{z}^{(l)})") in text
    assert "elementwise" in text and "softmax" in text


# -------------------------------------------------------------- MLP.backward walked (task 2)

def test_every_code_line_of_the_walk_through_is_in_MLP_backward(cells):
    table = next(c.source for c in cells
                 if c.cell_type == "markdown" and "| line of `MLP.backward` |" in c.source)
    quoted = re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)
    source = inspect.getsource(MLP.backward)
    assert len(quoted) >= 8
    for line in quoted:
        assert line in source, f"the walk-through quotes a line MLP.backward no longer has: {line}"
    assert any("inspect.getsource(MLP.backward)" in c.source for c in cells
               if c.cell_type == "code")


# ------------------------------------------------------------------ mini-batch SGD (task 3)

def test_minibatch_sgd_lowers_the_cost_every_epoch_with_one_step_per_batch():
    X, y = data.make_toy("moons", n=200, seed=0)
    net = backprop_cost.CountingMLP([2, 8, 1], activation="tanh", loss="bce", seed=0)
    costs = ex.minibatch_sgd(net, X, y, epochs=5, batch_size=20, lr=0.5, seed=0)
    assert len(costs) == 6 and np.all(np.diff(costs) < 0)
    assert costs[-1] < 0.5 * costs[0]
    assert net.counts["forward"] == net.counts["backward"] == 5 * 10  # ceil(200 / 20) per epoch
    again = ex.minibatch_sgd(MLP([2, 8, 1], activation="tanh", loss="bce", seed=0), X, y,
                             epochs=5, batch_size=20, lr=0.5, seed=0)
    assert again == costs  # seeded: the same run
    with pytest.raises(ValueError, match="epochs"):
        ex.minibatch_sgd(net, X, y, epochs=0, batch_size=20, lr=0.5)


# -------------------------------------------------------- the cost of every gradient (task 4)

def test_the_gradient_check_evaluates_the_cost_2P_times_and_backprop_passes_once():
    rng = np.random.default_rng(0)
    net = backprop_cost.CountingMLP([4, 5, 3, 3], activation="tanh", loss="cross_entropy",
                                    seed=2)
    counts = backprop_cost.count_gradient_check(net, rng.standard_normal((8, 4)),
                                                rng.integers(0, 3, 8))
    P = sum(p.size for p in net.params())
    assert backprop_cost.n_params(net.sizes) == P == 55
    assert counts == {"forward": 1, "backward": 1, "cost": 2 * P}


def test_counts_are_exact_and_the_work_ratio_grows_with_P():
    ratios = []
    for sizes in backprop_cost.SIZES:
        P = backprop_cost.n_params(sizes)
        ops = backprop_cost.multiply_adds(sizes, m=32)
        assert ops["finite_differences"] == 2 * P * ops["forward"]
        assert ops["forward"] <= ops["backward"] <= 2 * ops["forward"]
        ratios.append(ops["finite_differences"] / (ops["forward"] + ops["backward"]))
    assert np.all(np.diff(ratios) > 0)
    small = backprop_cost.measure(backprop_cost.SIZES[0], repeat=5, fd_repeat=1)
    assert small.backprop_counts == {"forward": 1, "backward": 1, "cost": 0}
    assert small.finite_difference_counts == {"forward": 0, "backward": 0, "cost": 2 * small.P}


def test_finite_differences_fall_further_behind_as_P_grows():
    """Times, but only the smallest against the largest network, with a wide margin: the
    work ratio grows about 350-fold between them; the test asks for 10-fold."""
    small = backprop_cost.measure(backprop_cost.SIZES[0], repeat=10, fd_repeat=3)
    large = backprop_cost.measure(backprop_cost.SIZES[-1], repeat=10, fd_repeat=1)
    assert large.P > 300 * small.P
    assert large.finite_difference_counts["cost"] == 2 * large.P
    assert large.time_ratio > 10 * small.time_ratio
    assert large.multiply_add_ratio > 300 * small.multiply_add_ratio
    with pytest.raises(ValueError, match="positive whole"):
        backprop_cost.measure([2, 2, 1], m=0)


def test_the_time_ratio_is_2P_times_one_evaluation_over_backprop_all_timed_alike():
    """The identity the prose states (exact), and a loose bound on what it says backprop costs
    (near one cost evaluation; the notebook prints it, no timing is asserted)."""
    r = backprop_cost.measure(backprop_cost.SIZES[2], repeat=20, fd_repeat=2)
    np.testing.assert_allclose(
        r.time_ratio, 2 * r.P * r.finite_difference_evaluation_in_cost_evaluations
        / r.backprop_in_cost_evaluations, rtol=1e-12)
    np.testing.assert_allclose(r.finite_difference_evaluation_seconds * 2 * r.P,
                               r.finite_difference_seconds, rtol=1e-12)
    assert r.backprop_in_cost_evaluations > 0  # its size is the benchmark's, not a test's
    for sizes in backprop_cost.SIZES + [[4, 8, 8, 8, 2]]:  # "two to three" forward passes
        ops = backprop_cost.multiply_adds(sizes, m=32)
        assert 2 < (ops["forward"] + ops["backward"]) / ops["forward"] < 3


def test_the_cost_prose_says_what_is_measured(cells):
    text = " ".join(markdown(cells).split())
    assert "a few cost evaluations" not in text and "roughly along" not in text
    assert "near the time of one cost evaluation" in text
    assert "a ratio above $2P$ means exactly that" in text
    printing = next(c.source for c in cells if "backprop_cost.measure_all()" in c.source)
    for printed in ("finite_difference_evaluation_seconds", "cost_seconds",
                    "backprop_in_cost_evaluations",
                    "finite_difference_evaluation_in_cost_evaluations", "multiply_add_ratio"):
        assert printed in printing


def test_the_gradient_cost_figure_has_two_labelled_log_log_panels():
    results = [backprop_cost.measure(s, repeat=2, fd_repeat=1) for s in ([2, 2, 1], [4, 8, 2])]
    fig = dash.gradient_cost_figure(results)
    ax_t, ax_r = fig.axes
    for ax in (ax_t, ax_r):
        assert ax.get_xscale() == ax.get_yscale() == "log"
        assert ax.get_xlabel() == "parameters P" and ax.get_ylabel()
    labels = [line.get_label() for line in ax_t.get_lines()]
    assert any("finite differences" in s for s in labels) and any("backprop" in s for s in labels)
    np.testing.assert_allclose(ax_r.get_lines()[0].get_ydata(), [r.time_ratio for r in results])


# ------------------------------------------------------------------- the exercises (task 5)

def check_dense(fn):
    return check_function("dense_backward", fn, bb.dense_backward, bb.dense_backward_inputs,
                          numeric=bb.dense_backward_numeric, mistakes=bb.DENSE_MISTAKES,
                          output_names=bb.DENSE_OUTPUTS)


def check_network(fn):
    return check_function("backward_batch", fn, bb.backward_batch, bb.backward_batch_inputs,
                          numeric=bb.backward_batch_numeric, mistakes=bb.BACKWARD_MISTAKES,
                          output_names=bb.backward_outputs())


def test_the_references_pass_and_stubs_are_not_attempted():
    assert check_dense(bb.dense_backward).status == CORRECT
    assert check_network(bb.backward_batch).status == CORRECT
    assert "finite differences" in check_network(bb.backward_batch).message
    assert check_dense(lambda dZ, A, W: None).status == NOT_ATTEMPTED
    assert check_network(lambda Ws, bs, X, Y: None).status == NOT_ATTEMPTED


@pytest.mark.parametrize("words", list(bb.DENSE_MISTAKES))
def test_each_dense_backward_mistake_is_named(words):
    feedback = check_dense(bb.DENSE_MISTAKES[words])
    assert feedback.status == WRONG and words in feedback.message, feedback.message


@pytest.mark.parametrize("words", list(bb.BACKWARD_MISTAKES))
def test_each_backward_batch_mistake_is_named(words):
    feedback = check_network(bb.BACKWARD_MISTAKES[words])
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_the_named_mistakes_are_the_ones_the_brief_lists():
    dense = " ".join(bb.DENSE_MISTAKES)
    for word in ("transposed dW", "wrong axis", "extra factor 1/m", "wrong sign"):
        assert word in dense
    network = " ".join(bb.BACKWARD_MISTAKES)
    for word in ("missing 1/m", "Wᵀ where W belongs", "forgot f′", "used A instead of Z"):
        assert word in network


# -------------------------------------------------------------- review items, notation (6, 7)

def test_the_textbook_section_quotes_the_study_notes_lines(cells):
    text = markdown(cells)
    assert r"W_{i,j} \leftarrow W_{i,j} + \alpha \times a_j \times \Delta_i" in text
    assert r"W_{k,j} \leftarrow W_{k,j} + \alpha \times a_k \times \Delta_j" in text
    assert r"\Delta_j = g'(in_j)\sum_i W_{j,i}\Delta_i" in text
    assert "AIMA's editions write the indices differently" in " ".join(text.split())
    notes = (ROOT.parent / "shared" / "study-notes" / "003_58eb365684b87a45.txt")
    if notes.exists():  # the notes' own lines, as they stand there
        raw = notes.read_text()
        assert r"W_{i,j} \leftarrow W_{i,j}" in raw and r"W_{k,j} \leftarrow W_{k,j}" in raw


def test_batch_size_is_m_and_the_training_set_N(cells):
    text = markdown(cells)
    assert r"\lceil N/m \rceil" in text and "$m = N$ is full-batch" in text
    for clash in ("$B$", "$n$ samples", r"\lceil n/B", "$B = 1$", "$B = n$"):
        assert clash not in text, clash
    assert "⌈N/m⌉" in next(c.source for c in cells if "ex.minibatch_sgd(net_sgd" in c.source)


def test_the_batch_output_error_is_written_per_row(cells):
    table = next(c.source for c in cells if "| | one sample (columns) | a batch" in c.source)
    assert r"\partial A^{(L)}" not in table
    assert r"\dfrac{\partial \mathcal{L}_i}{\partial \mathbf{a}_i^{(L)}}" in table
    assert "dJ/da^(l)" not in inspect.getsource(MLP.backward)


def test_the_loss_of_one_sample_is_script_L(cells):
    text = markdown(cells)
    assert r"\mathcal{L}" in text
    for loss_L in (r"\partial L", r"\sum_i L_i", "dL/d"):
        assert loss_L not in text, loss_L
    prints = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "dL/da" not in prints and "dℒ/da" in prints


def test_slides_imports_alone_and_exercises_skipped(cells):
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# 05")
    assert cells[1].cell_type == "code" and "import" in cells[1].source
    assert cells[1].metadata["slideshow"]["slide_type"] == "skip"  # as in notebooks 01, 02
    assert cells[2].metadata["slideshow"]["slide_type"] == "slide"
    summary = next(c for c in cells if c.source.startswith("## Summary"))
    assert "**Exercise" not in summary.source
    for cell in cells:
        if cell.cell_type == "markdown" and "**Exercise" in cell.source:
            assert cell.metadata["slideshow"]["slide_type"] == "skip", cell.source[:40]
