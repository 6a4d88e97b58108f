"""Notebooks 01 and 02: the claims their prose makes, asserted on the experiments and the
dashboards themselves, and the prose's numbers checked against the printed ones."""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from course_utils import data
from course_utils.activations import get_activation
from course_utils.dashboards import descent as descent_dash
from course_utils.dashboards import neuron as neuron_dash
from course_utils.experiments import descent
from course_utils.experiments import neuron as experiments
from course_utils.neuron import Neuron

NOTEBOOKS = Path(__file__).parent.parent / "notebooks"


def notebook(name):
    """(prose, printed output, code) of a notebook; markdown line breaks become spaces."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    prose = " ".join("\n".join(c.source for c in nb.cells if c.cell_type == "markdown").split())
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return prose, printed, source


# ------------------------------------------------------------------- 01: the step neuron
def test_step_activation_and_its_zero_derivative():
    z = np.array([-2.0, -1e-9, 0.0, 1e-9, 3.0])
    np.testing.assert_array_equal(experiments.step(z), [0, 0, 0, 1, 1])
    np.testing.assert_array_equal(experiments.step_prime(z), np.zeros(5))
    assert experiments.step(np.float32(1.0)).dtype == np.float32
    assert get_activation(experiments.STEP) is experiments.STEP
    assert Neuron(2.0, -1.0, activation=experiments.STEP).forward(1.5)[1] == 1.0


def test_gradient_descent_cannot_move_a_step_neuron_but_moves_a_sigmoid():
    x, y = data.one_input_data()
    runs = experiments.step_vs_sigmoid(x, y, w0=0.5, b0=1.0, lr=2.0, n_steps=100)
    step, sigmoid = runs["step"], runs["sigmoid"]
    assert float(step.start_gradient[0]) == 0.0 and step.start_gradient[1] == 0.0
    assert not step.moved
    assert np.all(step.path.ws == 0.5) and np.all(step.path.bs == 1.0)
    assert np.all(step.path.costs == step.path.costs[0]) and step.path.costs[0] > 0  # wrong, stuck
    assert abs(float(sigmoid.start_gradient[0])) > 0.01 and sigmoid.moved
    assert np.all(np.diff(sigmoid.path.costs) < 0)  # every step lowers the cost
    assert sigmoid.path.costs[-1] < 0.5 * sigmoid.path.costs[0]


def test_only_sigmoid_and_step_flatten_at_0_and_1_and_the_sigmoid_fits_best():
    x, y = data.one_input_data()
    grid = np.linspace(-5, 5, 101)
    assert experiments.output_range(experiments.STEP) == (0.0, 1.0)
    assert experiments.output_range("sigmoid") == (0.0, 1.0)
    assert experiments.output_range("tanh") == (-1.0, 1.0)
    assert experiments.output_range("relu") == (0.0, np.inf)
    assert experiments.output_range("leaky_relu") == (-np.inf, np.inf)
    assert experiments.output_range("identity") == (-np.inf, np.inf)
    best = {name: experiments.best_cost_on_grid(x, y, name, grid, grid)[0]
            for name in ("sigmoid", "tanh", "relu", "leaky_relu", "identity")}
    assert all(best["sigmoid"] * 5 < cost for name, cost in best.items() if name != "sigmoid")
    assert experiments.best_cost_on_grid(x, y, experiments.STEP, grid, grid)[0] == 0.0


def test_line_distance_is_unsigned_and_the_side_follows_the_sign_of_b():
    w = np.array([1.0, 0.5])
    for b in (-1.0, 2.0):
        distance, nearest = experiments.line_distance(w, b)
        assert w @ nearest + b == pytest.approx(0.0, abs=1e-12)  # on the line
        t = np.linspace(-10, 10, 200001)  # points of the line: nearest + t * (w rotated)
        points = nearest + t[:, None] * np.array([-w[1], w[0]])
        assert distance == pytest.approx(np.hypot(*points.T).min(), rel=1e-9)
        assert distance == pytest.approx(abs(b) / np.linalg.norm(w))
        assert np.sign(w @ nearest) == -np.sign(b)  # b < 0: the line is on the side w points to
    with pytest.raises(ValueError, match="w must not be zero"):
        experiments.line_distance([0.0, 0.0], 1.0)


def test_step_figure_draws_a_flat_step_cost_and_a_falling_sigmoid_cost():
    x, y = data.one_input_data()
    runs = experiments.step_vs_sigmoid(x, y, w0=0.5, b0=1.0, lr=2.0, n_steps=100)
    fig = neuron_dash.plot_step_vs_sigmoid(x, y, runs, b0=1.0)
    left, right = fig.axes
    assert left.get_xlabel() and left.get_ylabel() and right.get_xlabel() and right.get_ylabel()
    lines = {line.get_label(): line for line in right.get_lines()}
    np.testing.assert_allclose(lines["step neuron"].get_ydata(), runs["step"].path.costs)
    np.testing.assert_allclose(lines["sigmoid neuron"].get_ydata(), runs["sigmoid"].path.costs)
    plt.close(fig)


def test_notebook_01_prose_matches_its_printed_numbers():
    prose, printed, source = notebook("01_single_neuron.ipynb")
    assert "w0=0.5, b0=1.0, lr=2.0, n_steps=100" in source
    assert "100 steps of gradient descent with $\\eta = 2$" in prose
    step_line = re.search(r"step: at the start ∂J/∂w = (\S+), ∂J/∂b = (\S+)", printed)
    assert float(step_line.group(1)) == 0.0 and float(step_line.group(2)) == 0.0
    assert "w = 0.5000 → 0.5000, b = 1.0000 → 1.0000" in printed
    assert re.search(r"^\s+step\s+0 and 1\s+0\.0000", printed, re.M)
    assert "fits these labels perfectly (cost 0)" in prose
    assert "distance from the origin is $|b|/\\lVert\\mathbf{w}\\rVert$" in prose
    assert "-b/\\lVert" not in prose
    assert "distance |b|/‖w‖ = 0.8944, nearest point [0.8 0.4]" in printed


# --------------------------------------------------------- 02: the descent dashboard's regimes
PROMPTS = {"crawls": 0.01, "about 20 steps": 0.6, "zig-zags": 0.8, "diverges": 1.0}
NEAR = 0.05  # "reaches ×": within this distance of the minimum


def distances(x, y, path):
    w_best, b_best = descent.least_squares_line(x, y)
    return np.hypot(path.ws - w_best, path.bs - b_best)


def test_descent_slider_offers_the_rates_between_half_and_eta_max_and_the_eta_max_ones():
    x, _ = data.line_data()
    box = descent_dash.descent_dashboard()
    values = [v for _, v in box.lr_slider.options]
    labels = [label for label, _ in box.lr_slider.options]
    eta_max = descent.critical_learning_rate(x)
    assert values == sorted(values)
    assert {0.5, 0.6, 0.7, 0.8, 0.85, 0.9} <= set(values)
    assert eta_max in values and eta_max / 2 in values
    assert f"{eta_max:.3f} = η_max" in labels and f"{eta_max / 2:.3f} = ½η_max" in labels
    plt.close(box.figure)


def test_descent_dashboard_shows_every_regime_the_prose_promises():
    x, y = data.line_data()
    box = descent_dash.descent_dashboard(n_steps=20)
    start_distance = distances(x, y, box.path)[0]

    box.lr_slider.value = PROMPTS["crawls"]  # still far from × after 20 steps
    d = distances(x, y, box.path)
    assert box.path.steps == 20 and d[20] > 0.5 * start_distance and d[20] > 1.0

    box.lr_slider.value = PROMPTS["about 20 steps"]  # within NEAR by step 20, not much sooner
    d = distances(x, y, box.path)
    assert d[20] < NEAR and d[15] > NEAR and not box.path.diverged

    box.lr_slider.value = PROMPTS["zig-zags"]  # the steep coordinate flips sign at every step
    _, steep = descent.valley_coordinates(x, y, box.path.ws, box.path.bs)
    assert np.sum(np.sign(steep[1:]) != np.sign(steep[:-1])) >= 15
    assert abs(steep[5]) > 0.5  # a visible zig-zag across the valley, not a rounding wobble
    box.run_button.click()  # 20 more steps: the path ends near ×
    assert box.path.steps == 40 and distances(x, y, box.path)[-1] < NEAR / 10

    box.lr_slider.value = PROMPTS["diverges"]  # stopped within the 20 steps
    assert box.path.diverged and box.path.steps == 14 and "diverged at step 14" in box.message.value
    assert PROMPTS["diverges"] > descent.critical_learning_rate(x) > PROMPTS["zig-zags"]

    assert 0.85 < descent.critical_learning_rate(x) < 0.9  # either side of eta_max
    box.lr_slider.value = 0.9  # diverges slowly: the cost grows, run N steps a few times
    assert not box.path.diverged and box.path.costs[-1] > box.path.costs[0]
    for _ in range(3):
        box.run_button.click()
    slow = descent.descend(Neuron(*descent.VALLEY_START, "identity", "mse"), x, y, 0.9, 100)
    assert box.path.diverged and box.path.steps == slow.steps  # the same rule, continued runs
    assert box.message.value.count(f"diverged at step {slow.steps}") == 1
    plt.close(box.figure)


def test_descent_start_is_off_the_valley_axis():
    x, y = data.line_data()
    flat, steep = descent.valley_coordinates(x, y, [descent.VALLEY_START[0]],
                                             [descent.VALLEY_START[1]])
    assert abs(steep[0]) > 2 * abs(flat[0])  # the steep direction's error dominates


def test_rate_outcome_agrees_with_the_dashboard_path():
    x, y = data.line_data()
    box = descent_dash.descent_dashboard(lr=0.8, n_steps=20)
    outcome = descent.rate_outcome(x, y, 0.8, 20)
    assert outcome.distance == pytest.approx(distances(x, y, box.path)[20])
    assert outcome.first_near == 22 and outcome.zigzags == 20
    assert outcome.diverged_at is None
    plt.close(box.figure)


def test_cost_panel_follows_the_path_in_place():
    box = descent_dash.descent_dashboard(lr=0.6, n_steps=20)
    fig_axes = list(box.figure.axes)
    np.testing.assert_allclose(box.cost_line.get_ydata(), box.path.costs)
    assert box.cost_line.axes.get_yscale() == "log" and box.cost_line.axes.get_xlabel() == "step"
    box.step_button.click()
    assert len(box.cost_line.get_ydata()) == 22
    np.testing.assert_allclose(box.cost_line.get_ydata(), box.path.costs)
    box.lr_slider.value = 0.9
    np.testing.assert_allclose(box.cost_line.get_ydata(), box.path.costs)
    assert box.cost_line.axes.get_ylim()[1] >= box.path.costs.max()
    assert list(box.figure.axes) == fig_axes  # the same figure, updated in place
    plt.close(box.figure)


def test_notebook_02_prose_rates_are_the_table_rates_and_outcomes():
    prose, printed, source = notebook("02_loss_and_gradient_descent.ipynb")
    code = re.search(r"prompts = (\{.*?\})", source, re.S).group(1)
    prompts = eval(code)  # the notebook's own dict of rates
    assert list(prompts.values()) == list(PROMPTS.values())
    rows = {}
    for name, lr in prompts.items():
        row = re.search(re.escape(name) + r"\s+" + re.escape(f"{lr:g}")
                        + r"\s+(diverged at \d+|\S+)\s+(never|step \d+)", printed)
        rows[lr] = row.groups()
    assert float(rows[0.01][0]) > 1.0 and rows[0.01][1] == "never"
    assert rows[0.6][1] == "step 20" and "within 0.05 at step 20" in prose
    assert rows[0.8][1] == "step 22" and "two steps later" in prose
    assert rows[1.0][0] == "diverged at 14" and "stops it at step 14" in prose
    steep_at_5 = {lr: float(re.search(re.escape(name) + r".*?(\S+)\n", printed).group(1))
                  for name, lr in prompts.items()}
    assert f"only {steep_at_5[0.6]:.3f} from the valley floor" in prose
    assert f"still {steep_at_5[0.8]:.3f} from the floor after 5 steps" in prose
    assert steep_at_5[0.8] > 20 * steep_at_5[0.6]  # the zig-zag is the visible one
    for phrase in ("**0.01 crawls**", "**0.6 reaches ×**", "**0.8 zig-zags**", "**1.0**"):
        assert phrase in prose
    for rate in ("(0.01)", "(0.6)", "(0.8)", "(1.0)"):
        assert rate in prose
    assert "in about 20 steps" in prose
    assert f"η_max = 2/λ_max = {descent.critical_learning_rate(data.line_data()[0]):.3f}" in printed


def test_notebook_02_uses_script_l_for_the_loss_and_defines_an_epoch():
    prose, printed, _ = notebook("02_loss_and_gradient_descent.ipynb")
    assert "loss ℒ = ½(y − ŷ)² = ½·(20 − 17)² = 4.5" in printed
    assert not re.search(r"(?<![\\A-Za-z{])L\(\\hat y", prose)  # no plain-L loss left
    assert "**epoch**" in prose and "one step is one epoch" in prose
    assert "*Optional, the why:*" in prose


def test_neuron_dashboards_offer_the_step_too():
    x, y = data.one_input_data()
    box = neuron_dash.neuron_dashboard(w=1.0, b=-1.0)
    box.activation.value = "step"
    xs = box.line.get_xdata()
    np.testing.assert_array_equal(box.line.get_ydata(), (xs - 1.0 > 0).astype(float))
    cost = Neuron(1.0, -1.0, experiments.STEP, "mse").cost(x, y)
    assert f"{cost:.4f}" in box.loss_label.value
    plt.close(box.figure)
    plane = neuron_dash.neuron_plane_dashboard()
    plane.activation.value = "step"
    assert set(np.unique(plane.image.get_array())) <= {0.0, 1.0}
    assert plane.image.get_clim() == (0.0, 1.0)
    plt.close(plane.figure)
