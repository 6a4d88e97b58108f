"""What notebooks 08-10 say agrees with what the code does, and their exercises accept the
answers they should (first steps, dashboard suggestions, exercise tolerances and targets,
hints)."""

import ast
from dataclasses import replace
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils import optim
from course_utils.dashboards import optimizers as opt_dash
from course_utils.exercises import check_array, check_true
from course_utils.experiments import optimizers as surfaces
from course_utils.experiments.playground import PRESETS, PlaygroundModel

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def cells(name):
    return nbformat.read(NOTEBOOKS / name, as_version=4).cells


def markdown_starting(name, start):
    (text,) = [c.source for c in cells(name) if c.cell_type == "markdown"
               and c.source.startswith(start)]
    return text


def exercise_cell(name, contains):
    (cell,) = [c for c in cells(name) if "exercise" in c.metadata.get("tags", [])
               and contains in c.source]
    return cell


def run_cell(source, namespace, **answers):
    """Run a cell's source with some `name = None` lines replaced; return its last value."""
    for name, value in answers.items():
        line = next(ln for ln in source.splitlines() if ln.startswith(f"{name} = None"))
        source = source.replace(line, f"{name} = {value!r}")
    tree = ast.parse(source)
    last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<cell>", "exec"), namespace)
    return eval(compile(last, "<cell>", "eval"), namespace)


# ---------------------------------------------------------------- notebook 08
def test_08_first_steps_are_as_described():
    text = markdown_starting("08_optimizers.ipynb", "## The first steps")
    lr = 0.05
    start = np.array(surfaces.SURFACES["ravine"].start)
    hyper = surfaces.optimizer_hyper
    adam = surfaces.optimizer_path("ravine", "adam", lr=lr, steps=1, **hyper("adam"))
    rms = surfaces.optimizer_path("ravine", "rmsprop", lr=lr, steps=1, **hyper("rmsprop"))
    sgd = surfaces.optimizer_path("ravine", "sgd", lr=lr, steps=1)
    np.testing.assert_allclose(np.abs(adam[1] - start), lr, rtol=1e-6)  # exactly eta
    ratio = np.abs(rms[1] - start) / lr
    np.testing.assert_allclose(ratio, 1 / np.sqrt(1 - 0.9))  # eta / sqrt(1 - rho), both axes
    assert f"{ratio[0]:.1f}" == "3.2" and r"\approx 3.2\,\eta" in text
    np.testing.assert_allclose(sgd[1] - start, -lr * surfaces.SURFACES["ravine"].grad(start))


def test_08_dashboard_suggestions_hold_on_the_slider_grid():
    text = markdown_starting("08_optimizers.ipynb", "## Dashboard")
    box = opt_dash.optimizer_dashboard()
    assert {0.1, 0.2} <= set(box.lr_slider.options)
    assert box.beta1_slider.min == 0 and 0.9 in box.beta2_slider.options
    assert box.momentum_slider.min == 0
    # eta = 0.1: y flips sign every step (factor 1 - 15 eta = -0.5) and shrinks
    path = surfaces.optimizer_path("ravine", "sgd", lr=0.1, steps=100)
    assert len(path) == 101 and np.isfinite(path).all()
    y = path[:6, 1]
    assert np.all(np.sign(y[1:]) == -np.sign(y[:-1]))
    np.testing.assert_allclose(y[1:] / y[:-1], 1 - 15 * 0.1)
    assert r"1 - 15\eta = -0.5" in text
    # above 2/15 it diverges: 0.2 does, the slider value just below 2/15 does not
    assert f"{2 / 15:.2f}" == "0.13" and r"2/15 \approx 0.13" in text
    assert len(surfaces.optimizer_path("ravine", "sgd", lr=0.2, steps=100)) < 101
    # momentum with beta = 0 is SGD
    np.testing.assert_allclose(surfaces.optimizer_path("ravine", "momentum", lr=0.1, beta=0.0),
                               surfaces.optimizer_path("ravine", "sgd", lr=0.1))
    # Adam with beta1 = 0, beta2 = rho is RMSprop with s divided by 1 - rho^t
    p_adam, p_rms, s = np.array([1.0, -2.0]), np.array([1.0, -2.0]), np.zeros(2)
    adam = optim.Adam(lr=0.1, beta1=0.0, beta2=0.9, eps=0.0)
    for t in range(1, 6):
        g = np.array([0.3 * t, -1.0 / t])
        adam.update([p_adam], [g])
        s = 0.9 * s + 0.1 * g * g
        p_rms -= 0.1 * g / np.sqrt(s / (1 - 0.9 ** t))
    np.testing.assert_allclose(p_adam, p_rms)
    assert r"\beta_1 = 0$ and $\beta_2 = 0.9 = \rho$" in text


def test_08_adam_exercise_accepts_optim_adam_and_explains_the_wrong_answer():
    cell = exercise_cell("08_optimizers.ipynb", "adam_first_step")
    p = np.zeros(1)
    optim.Adam(lr=0.01).update([p], [np.array([0.003])])  # with its eps = 1e-8
    assert p[0] != -0.01  # eps moves it a little ...
    ns = {"np": np, "check_array": check_array}
    assert run_cell(cell.source, dict(ns), adam_first_step=float(p[0])).passed  # ... accepted
    assert run_cell(cell.source, dict(ns), adam_first_step=-0.01).passed
    wrong = run_cell(cell.metadata["course"]["wrong_answer"], dict(ns))
    assert not wrong.passed and "1 - beta^t" in wrong.message


# ---------------------------------------------------------------- notebook 09
def test_09_exercise_9_3_accepts_the_activations_that_pass_the_gradient_on():
    nb = cells("09_playground.ipynb")
    ns = {"replace": replace, "PRESETS": PRESETS, "PlaygroundModel": PlaygroundModel,
          "check_true": check_true}
    for cell in nb:
        if cell.cell_type == "code" and cell.source.startswith(("def report", "def unstalled_by")):
            exec(cell.source, ns)
    cell = exercise_cell("09_playground.ipynb", "activation_fix")
    results = {act: run_cell(cell.source, ns, activation_fix=act).passed
               for act in ("tanh", "relu", "leaky_relu", "sigmoid", "identity")}
    assert results == {"tanh": True, "relu": True, "leaky_relu": True, "sigmoid": False,
                       "identity": False}
    statement = markdown_starting("09_playground.ipynb", "**Exercise 9.3.**")
    assert "at least 80% test accuracy in 60 epochs" in statement


def test_09_xor_without_hidden_layer_never_leaves_ln2():
    model = PlaygroundModel(PRESETS["fails: XOR without a hidden layer"])
    model.train(40)
    assert min(model.train_cost) > np.log(2) - 1e-3  # never better than guessing
    np.testing.assert_allclose(model.train_cost, np.log(2), atol=5e-3)  # and stays there


@pytest.mark.parametrize("name, index", [("08_optimizers.ipynb", "8."),
                                         ("09_playground.ipynb", "9."),
                                         ("10_backprop_to_autograd.ipynb", "10.")])
def test_exercise_statements_are_not_on_the_summary_slide(name, index):
    nb = cells(name)
    statements = [c for c in nb if c.cell_type == "markdown"
                  and c.source.startswith(f"**Exercise {index}")]
    assert len(statements) >= 2
    assert all(c.metadata["slideshow"]["slide_type"] == "skip" for c in statements)
    (heading,) = [c for c in nb if c.cell_type == "markdown" and "## Exercises" in c.source]
    assert heading.source.strip() == "## Exercises"
    assert heading.metadata["slideshow"]["slide_type"] == "skip"


# ---------------------------------------------------------------- notebook 10
def test_10_exercise_10_1_hint_names_both_partial_derivatives():
    from course_utils.autograd import Value

    cell = exercise_cell("10_backprop_to_autograd.ipynb", "d_out_d_b")
    ns = {"check_array": check_array, "q": Value(3.0) / Value(2.0)}
    assert run_cell(cell.source, dict(ns), d_out_d_b=-0.75).passed
    for wrong in (-1.5, 0.5, 0.75):  # -a/b, 1/b (that is d/da), the sign
        feedback = run_cell(cell.source, dict(ns), d_out_d_b=wrong)
        assert not feedback.passed and "1/b is ∂out/∂a" in feedback.message, wrong
    assert "Hint" in run_cell(cell.metadata["course"]["wrong_answer"], dict(ns)).message


def test_10_the_three_gradients_differ_by_about_one_machine_epsilon():
    nb = cells("10_backprop_to_autograd.ipynb")
    (checked,) = [c for c in nb if c.cell_type == "code" and "largest relative" in c.source]
    printed = "".join(out.get("text", "") for out in checked.outputs)
    relative = float(printed.split("MLP: ")[1].split()[0])
    assert 0 < relative <= 2 * np.finfo(float).eps
    (prose,) = [c.source for c in nb if c.cell_type == "markdown"
                and c.source.startswith("The three agree")]
    assert "about one machine epsilon" in prose and "17th" not in prose
