"""Notebook 03: gradients add at branches, the dashboard's gradient on every wire, the
write-it-yourself neuron backward pass and its named mistakes, the notation and epochs."""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from course_utils.activations import sigmoid
from course_utils.autograd import Value
from course_utils.dashboards import chain_rule as chain_dash
from course_utils.exercises import CORRECT, NOT_ATTEMPTED, WRONG, check_function
from course_utils.exercises import neuron_backward as ex
from course_utils.gradcheck import TOLERANCE, numerical_derivative, relative_error

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "03_chain_rule.ipynb"


# ------------------------------------------------------------ gradients add at branches
def test_f_equals_xy_plus_x_gradient_is_the_sum_over_both_paths():
    x0, y0 = 2.0, -3.0
    xv, yv = Value(x0), Value(y0)
    (xv * yv + xv).backward()
    numeric = float(numerical_derivative(lambda t: t * y0 + t, x0))
    assert xv.grad == pytest.approx(y0 + 1) == pytest.approx(numeric, abs=1e-6)
    assert yv.grad == pytest.approx(x0)
    assert abs(y0 - numeric) > 0.5  # one path alone is wrong


def test_an_input_feeding_two_units_gets_the_sum_of_w_k_delta_k():
    x0, w, y = 1.5, np.array([0.8, -1.2]), np.array([1.0, 0.0])
    a = sigmoid(w * x0)
    delta = (a - y) * a * (1 - a)
    numeric = float(numerical_derivative(lambda t: 0.5 * np.sum((y - sigmoid(w * t)) ** 2), x0))
    assert relative_error(np.sum(w * delta), numeric) < TOLERANCE
    assert all(relative_error(w[k] * delta[k], numeric) > 0.1 for k in range(2))  # each alone
    assert np.sign(w[0] * delta[0]) == np.sign(w[1] * delta[1])  # the notebook's case: both add
    xv = Value(x0)
    a1, a2 = (float(w[0]) * xv).sigmoid(), (float(w[1]) * xv).sigmoid()
    (0.5 * (y[0] - a1) ** 2 + 0.5 * (y[1] - a2) ** 2).backward()
    assert xv.grad == pytest.approx(np.sum(w * delta), rel=1e-12)


# ------------------------------------------------------------------------ the dashboard
def test_every_wire_shows_the_gradient_flowing_back_and_dz_dx_is_w():
    box = chain_dash.chain_rule_dashboard(w=1.0, b=-0.5, x=1.5, y=1.0)
    box.w_slider.value, box.x_slider.value, box.b_slider.value = -2.0, 2.0, 1.0
    for loss in ("mse", "bce"):
        box.loss_dropdown.value = loss
        z = -2.0 * 2.0 + 1.0
        a = float(sigmoid(z))
        dL_da = a - 1.0 if loss == "mse" else (a - 1.0) / (a * (1 - a))
        delta = (a - 1.0) * a * (1 - a) if loss == "mse" else a - 1.0
        want = {"a": dL_da, "z": delta, "w": delta * 2.0, "b": delta, "x": delta * -2.0}
        for node, value in want.items():
            assert box.gradient_texts[node].get_text().endswith(f"= {value:.3f}"), node
            assert box.gradient_texts[node].get_color() == chain_dash.COLORS["backward"]
        assert box.factor_texts["dz_dx"].get_text() == "∂z/∂x = w = -2.00"
        assert "∂ℒ/∂x = δw" in box.gradient_texts["x"].get_text()
        html = re.sub("<[^>]+>", "", box.product_label.value)
        assert f"∂ℒ/∂x = ∂ℒ/∂z · ∂z/∂x = δ · w = ({delta:.4f}) · (-2.00) = {delta * -2:.4f}" \
            in html
    assert box.node_texts["loss"].get_text().startswith("ℒ = ")
    plt.close(box.figure)


def test_each_wire_gradient_is_the_next_gradient_times_the_local_derivative():
    box = chain_dash.chain_rule_dashboard(w=0.7, b=0.3, x=-1.2, y=0.0)

    def number(text):
        return float(text.rsplit("=", 1)[1])

    g = {k: number(t.get_text()) for k, t in box.gradient_texts.items()}
    f = {k: number(t.get_text()) for k, t in box.factor_texts.items() if "=" in t.get_text()}
    assert g["z"] == pytest.approx(g["a"] * f["da_dz"], abs=2e-3)
    assert g["w"] == pytest.approx(g["z"] * f["dz_dw"], abs=2e-3)
    assert g["x"] == pytest.approx(g["z"] * f["dz_dx"], abs=2e-3)
    assert g["b"] == g["z"]
    plt.close(box.figure)


# --------------------------------------------------- write it yourself: neuron_backward
def check(fn):
    return check_function("neuron_backward", fn, ex.reference, ex.make_inputs,
                          numeric=ex.numeric, mistakes=ex.MISTAKES,
                          output_names=ex.OUTPUT_NAMES)


def test_stub_is_not_attempted_and_the_reference_agrees_with_finite_differences():
    assert check(lambda X, w, b, y: None).status == NOT_ATTEMPTED
    done = check(ex.reference)
    assert done.status == CORRECT and "finite differences" in done.message
    rng = np.random.default_rng(3)
    for _ in range(5):
        inputs = ex.make_inputs(rng)
        for got, want in zip(ex.reference(*inputs), ex.numeric(*inputs)):
            assert relative_error(got, want) < TOLERANCE


@pytest.mark.parametrize("words", list(ex.MISTAKES))
def test_each_named_mistake_is_named(words):
    feedback = check(ex.MISTAKES[words])
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_the_mistakes_are_all_different_and_all_wrong():
    rng = np.random.default_rng(1)
    inputs = ex.make_inputs(rng)
    results = [np.concatenate([np.ravel(r) for r in fn(*inputs)]) for fn in ex.MISTAKES.values()]
    right = np.concatenate([np.ravel(r) for r in ex.reference(*inputs)])
    for i, r in enumerate(results):
        assert r.shape != right.shape or not np.allclose(r, right)
        for s in results[i + 1:]:
            assert r.shape != s.shape or not np.allclose(r, s)


def test_the_notebook_solution_is_correct_and_its_wrong_answer_is_named():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (i,) = [k for k, c in enumerate(nb.cells) if "def neuron_backward" in c.source
            and "exercise" in c.metadata.get("tags", [])]
    for source, status in ((nb.cells[i + 1].source, CORRECT),
                           (nb.cells[i].metadata["course"]["wrong_answer"], WRONG)):
        space = {"np": np, "sigmoid": sigmoid, "check_function": check_function, "ex34": ex}
        exec(source.split("\ncheck_function(")[0], space)
        feedback = check(space["neuron_backward"])
        assert feedback.status == status, feedback.message
    assert "forgot f′(z)" in feedback.message


# ------------------------------------------------------------------- notation and epochs
def test_the_loss_of_one_sample_is_script_l_everywhere_in_03():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        assert r"\partial L" not in cell.source and "∂L" not in cell.source, cell.source[:60]
        for out in cell.get("outputs", []):
            assert "∂L" not in out.get("text", "") and " L = " not in out.get("text", "")


def test_epoch_is_defined_where_it_is_first_used():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = next(c for c in nb.cells if "epoch" in c.source.lower())
    assert first.cell_type == "markdown" and "one pass over" in first.source
