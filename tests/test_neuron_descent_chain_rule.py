"""Notebooks 01-03: their dashboards follow the controls; their helpers compute the right thing."""

import re
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils import data, train
from course_utils.activations import get_activation, sigmoid
from course_utils.dashboards import chain_rule as chain_dash
from course_utils.dashboards import descent as descent_dash
from course_utils.dashboards import neuron as neuron_dash
from course_utils.experiments import descent
from course_utils.neuron import Neuron


def number_in(html, after):
    """The first number printed after the text `after` in a label (tags removed)."""
    text = re.sub("<[^>]+>", "", html)
    return float(re.search(re.escape(after) + r"[^-\d]*(-?[\d.]+(?:e[+-]?\d+)?)", text).group(1))


# ----------------------------------------------------------------------------- dashboards
def test_neuron_dashboard_follows_w_b_and_activation():
    box = neuron_dash.neuron_dashboard()
    x, y = data.one_input_data()
    xs = box.line.get_xdata()
    before_line, before_cost = box.line.get_ydata().copy(), number_in(box.loss_label.value, ":")
    box.w_slider.value = 3.0
    box.b_slider.value = -2.0
    np.testing.assert_allclose(box.line.get_ydata(), sigmoid(3.0 * xs - 2.0))
    assert not np.allclose(box.line.get_ydata(), before_line)
    expected = Neuron(3.0, -2.0, "sigmoid", "mse").cost(x, y)
    assert number_in(box.loss_label.value, ":") == pytest.approx(expected, abs=1e-4)
    assert number_in(box.loss_label.value, ":") != pytest.approx(before_cost, abs=1e-4)
    assert box.boundary.get_xdata()[0] == pytest.approx(2.0 / 3.0)  # z = 0 at x = -b/w
    assert box.figure.axes[0].get_title() == "a = sigmoid(3.00·x − 2.00)"  # not "+ -2.00"
    box.activation.value = "tanh"
    np.testing.assert_allclose(box.line.get_ydata(), np.tanh(3.0 * xs - 2.0))
    expected = Neuron(3.0, -2.0, "tanh", "mse").cost(x, y)
    assert number_in(box.loss_label.value, ":") == pytest.approx(expected, abs=1e-4)


def test_plane_dashboard_moves_its_line_shading_and_cost():
    box = neuron_dash.neuron_plane_dashboard()
    X, y = data.two_blobs()
    image_before = np.array(box.image.get_array()).copy()
    box.w1_slider.value = -2.0
    box.w2_slider.value = 1.0
    box.b_slider.value = 0.5
    assert not np.allclose(box.image.get_array(), image_before)
    xs, ys = box.boundary.get_data()
    np.testing.assert_allclose(-2.0 * np.asarray(xs) + 1.0 * np.asarray(ys) + 0.5, 0, atol=1e-12)
    cost = Neuron([-2.0, 1.0], 0.5, "sigmoid", "mse").cost(X, y)
    assert number_in(box.loss_label.value, "cost J") == pytest.approx(cost, abs=1e-4)
    tip, foot = np.array(box.w_arrow.xy), np.array(box.w_arrow.xyann)
    np.testing.assert_allclose((tip - foot) / np.linalg.norm(tip - foot),
                               np.array([-2.0, 1.0]) / np.sqrt(5))
    box.activation.value = "tanh"
    assert box.image.get_clim() == (-1.0, 1.0)
    assert np.array(box.image.get_array()).min() < 0  # tanh outputs go below zero


def test_boundary_points_lie_on_the_line_and_handle_zero_weights():
    for w, b in [((1.0, 2.0), -1.0), ((3.0, 0.0), 1.0), ((0.0, -2.0), 0.5)]:
        x1, x2 = neuron_dash.boundary_points(w, b, -3, 3)
        np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0, atol=1e-12)
    assert np.isnan(neuron_dash.boundary_points((0.0, 0.0), 1.0, -3, 3)[0]).all()


def test_descent_dashboard_lr_slider_redraws_the_path_and_cost():
    box = descent_dash.descent_dashboard(lr=0.01, n_steps=20)
    x, y = data.line_data()
    slow_w, slow_b = (np.asarray(d).copy() for d in box.path_line.get_data())
    slow_cost = number_in(box.loss_label.value, "J =")
    assert len(slow_w) == 21
    box.lr_slider.value = 0.5
    w, b = (np.asarray(d) for d in box.path_line.get_data())
    assert len(w) == 21 and not np.allclose(w, slow_w)
    # the path is exactly 20 gradient steps from the start, and the label shows the last cost
    path = descent.descend(Neuron(*descent.VALLEY_START, "identity", "mse"), x, y, 0.5, 20)
    np.testing.assert_allclose(w, path.ws)
    np.testing.assert_allclose(b, path.bs)
    assert number_in(box.loss_label.value, "J =") == pytest.approx(path.costs[-1], rel=1e-3)
    assert number_in(box.loss_label.value, "J =") < slow_cost
    assert box.message.value == ""


def test_descent_dashboard_buttons_step_run_and_reset():
    box = descent_dash.descent_dashboard(lr=0.1, n_steps=5)
    assert len(box.path_line.get_xdata()) == 6
    box.step_button.click()
    assert len(box.path_line.get_xdata()) == 7 and "step 6" in box.loss_label.value
    box.n_input.value = 10
    box.run_button.click()
    assert len(box.path_line.get_xdata()) == 17
    np.testing.assert_allclose(box.point.get_xdata(), box.path_line.get_xdata()[-1:])
    box.reset_button.click()
    assert len(box.path_line.get_xdata()) == 1 and "step 0" in box.loss_label.value


def test_descent_dashboard_reports_divergence_without_warnings():
    box = descent_dash.descent_dashboard(lr=0.1, n_steps=50)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        box.lr_slider.value = 2.0
        box.run_button.click()  # continuing a diverged run does nothing, and warns of nothing
    msg = re.sub("<[^>]+>", "", box.message.value)
    assert "diverged at step" in msg and "Try a smaller learning rate" in msg
    steps = int(re.search(r"step (\d+)", msg).group(1))
    assert steps < 50 and len(box.path_line.get_xdata()) == steps + 1
    box.lr_slider.value = 0.1
    assert box.message.value == ""


def test_chain_rule_dashboard_shows_each_factor():
    box = chain_dash.chain_rule_dashboard(w=1.0, b=-0.5, x=1.5, y=1.0)
    box.w_slider.value = -2.0
    box.x_slider.value = 2.0
    box.b_slider.value = 1.0
    z = -2.0 * 2.0 + 1.0
    a = float(sigmoid(z))
    assert box.factor_texts["dL_da"].get_text().endswith(f"{a - 1.0:.3f}")
    assert box.factor_texts["da_dz"].get_text().endswith(f"{a * (1 - a):.3f}")
    assert box.factor_texts["dz_dw"].get_text().endswith("2.00")
    assert box.node_texts["z"].get_text() == f"z = {z:.3f}"
    dw = (a - 1.0) * a * (1 - a) * 2.0
    assert number_in(box.product_label.value, f"({2.0:.2f}) =") == pytest.approx(dw, abs=1e-4)
    slope = np.diff(box.tangent.get_ydata()) / np.diff(box.tangent.get_xdata())
    np.testing.assert_allclose(slope, a * (1 - a))
    box.loss_dropdown.value = "bce"  # cross-entropy: dL/da = (a - y) / (a (1 - a))
    assert box.factor_texts["dL_da"].get_text().endswith(f"{(a - 1) / (a * (1 - a)):.3f}")
    dw_bce = (a - 1.0) * 2.0  # delta = a - y
    assert number_in(box.product_label.value, f"({2.0:.2f}) =") == pytest.approx(dw_bce, abs=1e-4)


# -------------------------------------------------------------------------------- helpers
def test_cost_surface_matches_the_neuron():
    x, y = data.line_data(n=7)
    ws, bs = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 1.5])
    J = descent.cost_surface(x, y, ws, bs, activation="sigmoid", loss="mse")
    assert J.shape == (2, 3)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            assert J[i, j] == pytest.approx(Neuron(w, b, "sigmoid", "mse").cost(x, y))


def test_descend_converges_to_least_squares_below_the_critical_rate():
    x, y = data.line_data()
    eta_max = descent.critical_learning_rate(x)
    path = descent.descend(Neuron(0.0, 0.0, "identity", "mse"), x, y, 0.9 * eta_max, 2000)
    assert not path.diverged and path.steps == 2000
    np.testing.assert_allclose([path.ws[-1], path.bs[-1]], np.polyfit(x, y, 1), rtol=1e-6)
    assert np.all(np.diff(path.costs) <= 1e-15)  # below eta_max every step lowers J
    bad = descent.descend(Neuron(0.0, 0.0, "identity", "mse"), x, y, 1.1 * eta_max, 2000)
    assert bad.diverged and bad.steps < 2000
    assert bad.message == train.divergence_message("step", bad.steps, bad.costs[-1])
    assert train.has_diverged(bad.costs[-1], bad.costs[0])  # the one rule of train.py
    assert not train.has_diverged(bad.costs[-2], bad.costs[0])  # ...first met at the last step


def test_descend_on_w_alone_keeps_b_and_checks_its_input():
    x, y = data.line_data()
    path = descent.descend(Neuron(0.0, 0.7, "identity", "mse"), x, y, 0.1, 5, train_bias=False)
    assert np.all(path.bs == 0.7) and path.costs[-1] < path.costs[0]
    with pytest.raises(ValueError, match="learning rate must be > 0"):
        descent.descend(Neuron(0.0), x, y, 0.0, 5)
    with pytest.raises(ValueError, match="n_steps"):
        descent.descend(Neuron(0.0), x, y, 0.1, 2.5)


def test_cross_entropy_learns_faster_from_a_saturated_start():
    X, y = data.two_blobs()
    results = descent.compare_losses(X, y, w0=[-2.5, -2.5], b0=0.0, lr=0.5, epochs=60)
    mse_acc, ce_acc = results["mse"][1], results["bce"][1]
    assert mse_acc[0] == ce_acc[0] < 0.1  # the same, confidently wrong start
    assert ce_acc[10] > 0.9 and mse_acc[10] < 0.5
    path_mse, path_ce = results["mse"][0], results["bce"][0]
    assert path_ce.costs[10] / path_ce.costs[0] < path_mse.costs[10] / path_mse.costs[0]


def test_figures_draw_what_they_say():
    fig = neuron_dash.plot_activations(names=("tanh", "relu"))
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    z = lines["f(z)"].get_xdata()
    np.testing.assert_allclose(lines["f′(z)"].get_ydata(), get_activation("tanh").f_prime(z))
    fig = descent_dash.plot_losses()
    right = {line.get_label(): line for line in fig.axes[1].get_lines()}
    p = right["BCE, y = 1: −log ŷ"].get_xdata()
    np.testing.assert_allclose(right["BCE, y = 1: −log ŷ"].get_ydata(), -np.log(p))
    x, y = data.line_data()
    fig, paths = descent_dash.plot_descent_1d(x, y, {"a": 0.1, "b": 100.0}, w0=0.0, n_steps=10)
    assert len(fig.axes) == 2 and not paths["a"].diverged and paths["b"].diverged
    assert np.all(paths["a"].bs == 0.0)


# ------------------------------------------------------------------- notebook prose quotes
NB02 = Path(__file__).parent.parent / "notebooks" / "02_loss_and_gradient_descent.ipynb"


def test_notebook_02_prose_quotes_the_computed_worked_example():
    path = NB02
    nb = nbformat.read(path, as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    assert "ŷ = w·x + b = 17, target y = 20" in printed
    assert re.search(r"loss ℒ = .* = 4\.5\n", printed)
    assert "loss of 4.5" in prose  # the one number the prose quotes, checked against the output
