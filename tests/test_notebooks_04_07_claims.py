"""Notebooks 04-07: hidden reference answers, the exercise checks, the progress
bar of an early stop, widget sizes, and the numbers the prose now quotes."""

from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from course_utils import optim
from course_utils.activations import softmax
from course_utils.dashboards import gradients as grad_dash
from course_utils.dashboards import optimizers as opt_dash
from course_utils.dashboards import two_two_one as dash221
from course_utils.data import load_digits, one_hot, standardize, train_val_test_split
from course_utils.exercises import CORRECT, WRONG, answers, check_array, check_true
from course_utils.experiments import depth
from course_utils.experiments import two_two_one as by_hand
from course_utils.network import MLP
from course_utils.train import fit

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
OURS = ["04_two_two_one_by_hand.ipynb", "05_matrix_form_and_minibatches.ipynb",
        "06_deep_mlp_digits.ipynb", "07_vanishing_exploding_gradients.ipynb"]


def _cells(name):
    return nbformat.read(NOTEBOOKS / name, as_version=4).cells


def _markdown(name):
    return "\n".join(c.source for c in _cells(name) if c.cell_type == "markdown")


# ---------------------------------------------------------------- exercise checks (12, 14)

def test_a_square_transposed_answer_is_named_a_transpose():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    fb = check_array("dW", expected.T, expected, hint="row j is unit j")
    assert fb.status == WRONG and "transpose" in fb.message and "Hint: row j" in fb.message
    symmetric = np.array([[1.0, 2.0], [2.0, 1.0]])  # its own transpose: simply correct
    assert check_array("S", symmetric, symmetric).status == CORRECT
    assert "transpose" not in check_array("dW", -expected, expected).message  # a sign instead


def test_a_shape_answer_may_be_a_tuple_a_list_or_an_array():
    for answer in [(10, 128), [10, 128], np.array([10, 128])]:
        assert check_true("shape", answer, (10, 128)).status == CORRECT, answer
    assert check_true("shape", [128, 10], (10, 128)).status == WRONG
    assert check_true("shape", np.zeros((2, 2)), (10, 128)).status == WRONG  # no crash on 2-D


# ----------------------------------------------------------------- the answers module (1)

def test_answers_agree_with_the_course_code():
    net, x, y, _ = by_hand.worked_example()
    (W1, b1), (W2, b2) = [(layer.W, layer.b) for layer in net.layers]
    x_new, y_new = np.array([1.0, -1.0]), np.array([0.0])
    tr = by_hand.batch_trace(net, x_new, y_new)
    np.testing.assert_allclose(answers.exercise_4_1(W1, b1, W2, b2, x_new, y_new), tr.dZ[1][0],
                               rtol=1e-13)
    np.testing.assert_allclose(answers.exercise_4_2(tr.dZ[1][0], x_new), tr.dW[1], rtol=1e-13)
    assert answers.exercise_4_3(tr.dZ[2][0], 0.5) == pytest.approx(-0.5 * tr.db[2])

    rng = np.random.default_rng(0)
    A_prev, D = rng.random((8, 3)), rng.standard_normal((8, 2))
    np.testing.assert_allclose(answers.exercise_5_1(A_prev, D), D.T @ A_prev / 8, rtol=1e-13)
    assert answers.exercise_5_2([784, 128, 10]) == (10, 128)
    assert answers.exercise_5_3(0.8, 1.0) == pytest.approx(-(0.8 - 1.0) * 0.8 * 0.2)

    Z, labels = rng.standard_normal((3, 4)), np.array([1, 2, 0])
    np.testing.assert_allclose(answers.exercise_6_1(Z, labels),
                               (softmax(Z) - one_hot(labels, 4)) / 3, rtol=1e-13)
    assert answers.exercise_6_2(np.zeros((101, 2)), np.zeros(101), 50) == 3
    costs = [2.3, 1.1, 0.6, 0.45, 0.41, 0.43, 0.42, 0.44, 0.47, 0.50]
    assert answers.exercise_6_4(costs, patience=3) == 4
    assert answers.exercise_6_4([3.0, 2.0, 1.0], patience=3) == 2  # never stopped: the last

    assert answers.exercise_7_1(64, 32) == pytest.approx(np.sqrt(2 / 96))
    assert answers.exercise_7_2(32) == pytest.approx(0.25)
    assert answers.exercise_7_3(10) == pytest.approx(0.25 ** 10)
    np.testing.assert_allclose(answers.exercise_7_4([[3.0, 4.0], [12.0]], 1.3), [0.3, 0.4, 1.2])
    g = [np.array([3.0, 4.0])]
    answers.exercise_7_4(g, 1.0)
    np.testing.assert_array_equal(g[0], [3.0, 4.0])  # the learner's arrays stay as they were


def test_early_stopping_answer_replays_fit():
    """exercise_6_4 and train.fit restore the same epoch for the same validation costs."""
    costs = [2.3, 1.1, 0.6, 0.45, 0.41, 0.43, 0.42, 0.44, 0.47, 0.50]
    net = MLP([1, 1], activation="sigmoid", loss="mse", seed=0)
    recorded = iter(np.repeat(costs, 2))  # fit records a training and a validation cost
    net.cost = lambda X, Y: next(recorded)  # each epoch's costs come from the list
    X = np.zeros((4, 1))
    history = fit(net, X, np.zeros((4, 1)), X, np.zeros((4, 1)), epochs=len(costs) - 1,
                  lr=0.1, patience=3)
    assert history.best_epoch == answers.exercise_6_4(costs, patience=3)


def test_no_exercise_cell_shows_its_answer():
    """The check call of every exercise takes its expected value from course_utils.exercises
    (answers, or the reference function of a "write it yourself" check_function), or from the
    notebook's own computation; never a literal answer."""
    for name in OURS:
        for i, cell in enumerate(_cells(name)):
            if "exercise" not in cell.metadata.get("tags", []):
                continue
            call = cell.source[cell.source.rindex("\ncheck_"):]
            assert ("answers.exercise_" in call or "net.accuracy" in call
                    or call.startswith("\ncheck_function(")), f"{name} cell {i}"
            for given in ["np.outer(", "-lr *", "(10, 128)", "(y_out - a_out)", "/ 3)",
                          "np.sqrt(", "0.25", ", 4,", "[0.3, 0.4, 1.2]"]:
                assert given not in call, f"{name} cell {i} shows {given!r} in its check"


# ------------------------------------------------------------------ progress bar (8)

class _Recorder:
    bars = []


@pytest.fixture
def notebook_bars(monkeypatch):
    """fit's progress bar as the notebook's widget bar, every instance kept."""
    import tqdm.auto
    import tqdm.notebook

    class Bar(tqdm.notebook.tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _Recorder.bars.append(self)

    _Recorder.bars = []
    monkeypatch.setattr(tqdm.auto, "tqdm", Bar)
    return _Recorder.bars


def _digits():
    X, y, _ = load_digits()
    X_train, y_train, X_val, y_val, _, _ = train_val_test_split(X, y, seed=0)
    X_train, X_val = standardize(X_train, X_val)
    return X_train[:300], y_train[:300], X_val, y_val


def test_an_early_stop_ends_its_bar_complete_and_a_divergence_leaves_it_red(notebook_bars):
    X, y, X_val, y_val = _digits()
    net = MLP([64, 16, 10], activation="relu", loss="cross_entropy", init="he", seed=0)
    history = fit(net, X, y, X_val, y_val, epochs=200, lr=0.5, patience=1, progress=True)
    assert history.stop_reason.startswith("early stop")
    bar = notebook_bars[-1]
    assert bar.n == bar.total == history.epochs
    assert bar.container.children[1].bar_style != "danger"

    net = MLP([64, 16, 10], activation="relu", loss="cross_entropy", init="he", seed=0)
    fit(net, X, y, X_val, y_val, epochs=5, lr=0.1, progress=True,
        callback=lambda epoch, h: epoch == 2)
    bar = notebook_bars[-1]
    assert bar.n == bar.total == 2 and bar.container.children[1].bar_style != "danger"

    net = MLP([64, 16, 10], activation="relu", loss="cross_entropy", init="naive",
              init_scale=3.0, seed=0)
    history = fit(net, X, y, epochs=5, lr=1e3, progress=True)
    assert history.diverged
    bar = notebook_bars[-1]  # a failed run: the bar stays short and turns red
    assert bar.n < bar.total and bar.container.children[1].bar_style == "danger"


# ------------------------------------------------------------------ widgets and figures

def test_two_two_one_sliders_have_room_for_their_readouts():
    box = dash221.two_two_one_dashboard()
    for slider in list(box.sliders.values()) + [box.lr_slider]:
        assert slider.layout.min_width == slider.layout.width == dash221.SLIDER_WIDTH
    assert box.sliders["w¹₂₁"].style.description_width == "3em"
    assert box.children[1].layout.flex_flow == "row wrap"  # columns wrap, never squeeze
    box.step_button.click()
    table = box.history_table.value
    assert table.count("padding") == table.count("<th") + table.count("<td") == 10
    assert "δ⁽²⁾</b> = (ŷ − y)·ŷ(1 − ŷ) = −" in box.numbers.value  # a minus, as in the diagram
    plt.close(box.figure)


def test_largest_learning_rate_of_the_dashboard_is_the_one_the_prose_names():
    box = dash221.two_two_one_dashboard()
    assert max(box.lr_slider.options) == 10
    assert "Set η to 10, the slider's largest value" in _markdown(OURS[0])
    box.lr_slider.value = 10.0
    losses = []
    for _ in range(5):
        box.step_button.click()
        losses.append(box.history[-1]["J_after"])
    assert box.history[0]["J_before"] > losses[0] and np.all(np.diff(losses) < 0)
    plt.close(box.figure)


def test_wide_figures_fit_a_notebook_and_node_numbers_fit_their_circles():
    net, x, y, _ = by_hand.worked_example()
    fig, art = dash221.network_figure(net, x, y)
    assert fig.get_size_inches()[0] <= 11.5
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for stage in ("forward", "backward"):
        for circles, texts in zip(art[stage]["nodes"], art[stage]["node_texts"]):
            for circle, text in zip(circles, texts):
                c, t = circle.get_window_extent(renderer), text.get_window_extent(renderer)
                assert t.width < 0.95 * c.width, f"{text.get_text()!r} sticks out of its node"
    plt.close(fig)
    rng = np.random.default_rng(0)
    X, labels = rng.standard_normal((32, 64)), rng.integers(0, 10, 32)
    fig, _ = grad_dash.norms_by_depth_figure(X, labels, depths=(2, 3))
    assert fig.get_size_inches()[0] <= 11.5
    fig = grad_dash.histograms_figure(X, labels, depth=4, layers=(1, 3))
    assert fig.get_size_inches()[0] <= 11.5
    fig, _ = opt_dash.trajectories_figure(steps=5)
    assert fig.get_size_inches()[0] <= 11.5
    fig.canvas.draw()  # each title (name, then formula) stays within its own panel
    for ax in fig.axes:
        title, panel = ax.title.get_window_extent(), ax.get_window_extent()
        assert "\n" in ax.get_title() and title.x1 - title.x0 < 1.1 * (panel.x1 - panel.x0)


def test_optimizer_dashboard_labels_fit_and_the_table_is_padded():
    box = opt_dash.optimizer_dashboard(steps=10)
    for slider in (box.momentum_slider, box.beta1_slider, box.beta2_slider, box.rho_slider,
                   box.steps_slider, box.lr_slider):
        assert slider.style.description_width == "7.5em", slider.description
    assert box.table.value.count("padding") == box.table.value.count("<td") + \
        box.table.value.count("<th")
    plt.close(box.figure)


def test_validation_accuracy_axis_starts_at_zero():
    h = type("H", (), {"val_cost": [2.3, 0.5], "val_acc": [0.1, 0.9]})()
    fig = opt_dash.validation_curves_figure({"sgd": h})
    assert fig.axes[1].get_ylim()[0] == 0
    plt.close(fig)


# ------------------------------------------------------------------ prose vs numbers (3-6)

def test_exploding_prose_matches_the_measured_norms():
    X, y, _, _ = _digits()
    X_batch, y_batch = X[:256], y[:256]
    big = depth.deep_net(10, "relu", "large", init_scale=0.5)
    he = depth.deep_net(10, "relu", "he")
    ratio = depth.layer_gradient_norms(big, X_batch, y_batch) / depth.layer_gradient_norms(
        he, X_batch, y_batch)
    assert np.all((ratio > 300) & (ratio < 3000))  # "about a thousand times"
    # both products grow: activations upward, errors downward
    tr = by_hand.batch_trace(big, X_batch, y_batch)
    acts = [np.linalg.norm(tr.A[l]) for l in range(1, 10)]
    errors = [np.linalg.norm(tr.dZ[l]) for l in range(1, 11)]
    assert np.all(np.diff(acts) > 0) and np.all(np.diff(errors) < 0)
    text = " ".join(_markdown(OURS[3]).split())
    assert "both products grow" in text and "about a thousand times larger" in text
    norm = (r"\sqrt{\sum_l \big(\|\partial J/\partial W^{(l)}\|^2 + "
            r"\|\partial J/\partial \mathbf b^{(l)}\|^2\big)}")
    assert norm in text  # the sum covers both terms


def test_clipped_run_improves_every_epoch_but_stays_far_behind_he():
    X, y, _ = load_digits()
    X_train, y_train, X_val, y_val, _, _ = train_val_test_split(X, y, seed=0)
    X_train, X_val = standardize(X_train, X_val)
    clipped = fit(depth.deep_net(10, "relu", "large", init_scale=0.5), X_train, y_train, X_val,
                  y_val, epochs=8, lr=0.01, clip_norm=1.0, seed=0)
    he = fit(depth.deep_net(10, "relu", "he"), X_train, y_train, X_val, y_val, epochs=8, lr=0.01,
             seed=0)
    assert not clipped.diverged and np.all(np.diff(clipped.val_cost) < 0)
    assert clipped.val_cost[-1] > 10 * he.val_cost[-1] and clipped.val_acc[-1] < he.val_acc[-1]
    text = " ".join(_markdown(OURS[3]).split())
    assert "its cost falls each epoch" in text
    assert "still far behind the He-initialised network" in text


def test_notebook_05_uses_D_for_the_batch_of_deltas():
    text = _markdown(OURS[1])
    assert r"\frac1m(D^{(l)})^\top A^{(l-1)}" in text and r"\frac1m D^\top A" in text
    assert r"(\Delta^{(l)})^\top" not in text and r"\Delta^\top A" not in text
    assert "sign flipped because $\\Delta = -\\delta$" in text
    assert "both signs flipped" not in text


def test_clip_by_norm_used_by_the_answer_is_the_optimizer_one():
    grads = [np.array([3.0, 4.0]), np.array([12.0])]
    expected = answers.exercise_7_4(grads, 1.3)
    optim.clip_by_norm(grads, 1.3)
    np.testing.assert_allclose(np.concatenate(grads), expected)
