"""Notebooks 00-03: figures fit a JupyterLab page and show what they say,
the prose's claims and thresholds match the code, exercises stay out of the slide deck."""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from course_utils import data
from course_utils.dashboards import chain_rule as chain_dash
from course_utils.dashboards import descent as descent_dash
from course_utils.dashboards import neuron as neuron_dash
from course_utils.experiments import descent
from course_utils.gradcheck import TOLERANCE, check_gradient

NOTEBOOKS = Path(__file__).parent.parent / "notebooks"
MAX_WIDTH = 11.0  # inches: JupyterLab shows ~830 px, so a wider figure shrinks its fonts


def figures():
    x, y = data.line_data()
    X, labels = data.two_blobs()
    results = descent.compare_losses(X, labels, w0=[-2.5, -2.5], b0=0.0, lr=0.5, epochs=200)
    runs = {"a": 0.1, "b": 0.5, "c": 1.0, "d": 2.0}
    return {
        "activations": neuron_dash.plot_activations(),
        "losses": descent_dash.plot_losses(),
        "descent_1d": descent_dash.plot_descent_1d(x, y, runs, w0=-1.0, n_steps=12)[0],
        "loss_comparison": chain_dash.plot_loss_comparison(results),
        "neuron": neuron_dash.neuron_dashboard().figure,
        "plane": neuron_dash.neuron_plane_dashboard().figure,
        "descent": descent_dash.descent_dashboard().figure,
        "chain_rule": chain_dash.chain_rule_dashboard().figure,
    }


def test_no_figure_is_wider_than_a_jupyterlab_page():
    for name, fig in figures().items():
        assert fig.get_size_inches()[0] <= MAX_WIDTH, name
        plt.close(fig)


def test_activation_panels_in_two_rows_with_the_legend_in_its_own_panel():
    fig = neuron_dash.plot_activations()
    panels = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == list(neuron_dash.ACTIVATION_NAMES)
    (spare,) = [ax for ax in fig.axes if not ax.axison]
    assert spare.get_legend() is not None and not spare.get_lines()
    texts = [t.get_text() for t in spare.get_legend().get_texts()]
    assert texts == ["f′ < 0.05", "f(z)", "f′(z)"]
    # every panel keeps its z tick labels, also the one above the empty legend panel
    fig.canvas.draw()
    assert all(any(t.get_text() for t in ax.get_xticklabels()) for ax in panels)
    plt.close(fig)


def test_loss_curves_have_one_colour_per_loss():
    fig = descent_dash.plot_losses()
    left, right = fig.axes
    assert "dℒ/dŷ" in left.get_ylabel()
    lines = {line.get_label(): line for line in right.get_lines()}
    bce1, bce0 = lines["BCE, y = 1: −log ŷ"], lines["BCE, y = 0: −log(1 − ŷ)"]
    assert bce1.get_color() == bce0.get_color() == descent_dash.LOSS_COLORS["bce"]
    assert bce1.get_linestyle() == "-" and bce0.get_linestyle() == "-."
    assert lines["MSE, y = 1"].get_color() == descent_dash.LOSS_COLORS["mse"]
    assert {line.get_label(): line for line in left.get_lines()}["ℒ = ½(y − ŷ)²"].get_color() \
        == descent_dash.LOSS_COLORS["mse"]
    plt.close(fig)


def points_inside(ax, box, per_segment=20):
    """How many points of ax's lines, `per_segment` along each segment, fall inside the
    display-space box (so a steep segment between two far-apart samples counts too)."""
    count = 0
    for line in ax.get_lines():
        xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
        t = np.linspace(0, 1, per_segment)[:, None, None]
        xy = (xy[:-1] + t * (xy[1:] - xy[:-1])).reshape(-1, 2)
        count += int(np.sum((xy[:, 0] > box.x0) & (xy[:, 0] < box.x1)
                            & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)))
    return count


def test_loss_comparison_legends_cover_no_curve():
    X, y = data.two_blobs()
    results = descent.compare_losses(X, y, w0=[-2.5, -2.5], b0=0.0, lr=0.5, epochs=200)
    fig = chain_dash.plot_loss_comparison(results)
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        assert points_inside(ax, ax.get_legend().get_window_extent(renderer)) == 0, ax.get_title()
    plt.close(fig)


def test_descent_panels_title_eta_max_in_mathtext_and_keep_their_text_readable():
    x, y = data.line_data()
    eta_max = 2 / np.mean(x ** 2)
    runs = {"crawls": 0.04 * eta_max, "diverges": 1.25 * eta_max}
    fig, paths = descent_dash.plot_descent_1d(x, y, runs, w0=-1.0, n_steps=12, eta_max=eta_max)
    assert paths["diverges"].diverged
    for ax in fig.axes:
        assert "η_max" not in ax.get_title() and r"$\eta_{\mathrm{max}}$" in ax.get_title()
        assert not ax.texts  # the outcome is in the title, where no path can cross it
        assert ax.get_title().splitlines()[-1].startswith(("12 steps: J = ", "9 steps: diverged"))
    assert "= 0.04" in fig.axes[0].get_title() and "= 1.25" in fig.axes[1].get_title()
    plt.close(fig)


def test_cross_entropy_gradient_is_large_only_on_the_wrong_side():
    """The claim of notebook 03's dashboard slide, on the dashboard itself (y = 1, x = 1.5)."""
    box = chain_dash.chain_rule_dashboard()
    box.loss_dropdown.value = "bce"
    box.w_slider.value = 4.0  # z = 5.5: right side, the gradient vanishes
    right_side = float(box.neuron.gradients(box.x_slider.value, box.y_toggle.value)[0])
    box.w_slider.value = -4.0  # z = -6.5: wrong side, it stays large
    wrong_side = float(box.neuron.gradients(box.x_slider.value, box.y_toggle.value)[0])
    assert abs(right_side) < 0.01 and abs(wrong_side) > 1.0
    box.loss_dropdown.value = "mse"  # MSE's gradient vanishes on the wrong side too
    assert abs(float(box.neuron.gradients(box.x_slider.value, box.y_toggle.value)[0])) < 0.01
    plt.close(box.figure)


def test_gradient_check_names_an_extra_factor_as_well_as_a_missing_one():
    numeric = np.array([1.0, -2.0, 0.5])
    with pytest.raises(AssertionError, match="times 2: an extra or missing constant factor"):
        check_gradient(2 * numeric, numeric)


def markdown(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return nb, "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_notebook_03_quotes_check_gradients_threshold():
    exponent = int(np.log10(TOLERANCE))
    assert 10.0 ** exponent == TOLERANCE
    _, prose = markdown("03_chain_rule.ipynb")
    prose = " ".join(prose.split())  # line breaks are spaces in markdown
    assert prose.count(f"`check_gradient` fails above $10^{{{exponent}}}$") == 2
    assert "1e-8" not in prose and "1e-7" not in prose


@pytest.mark.parametrize("name", ["00_start_here.ipynb", "01_single_neuron.ipynb",
                                  "02_loss_and_gradient_descent.ipynb", "03_chain_rule.ipynb"])
def test_exercises_are_left_out_of_the_slides(name):
    nb, _ = markdown(name)
    for cell in nb.cells:
        if "## Exercises" in cell.source or re.search(r"\*\*Exercise \d", cell.source):
            assert cell.metadata["slideshow"]["slide_type"] == "skip", cell.source[:60]


def test_plane_arrow_shows_the_direction_of_w_and_scaling_w_moves_the_line_only_when_b_is_not_0():
    box = neuron_dash.neuron_plane_dashboard(w=(1.0, 0.5), b=0.0)

    def line_and_arrow():
        (x0, x1), (y0, y1) = box.boundary.get_data()
        tip, foot = np.array(box.w_arrow.xy), np.array(box.w_arrow.xyann)
        return np.array([x0, y0, x1, y1]), tip - foot

    line, arrow = line_and_arrow()
    box.w1_slider.value, box.w2_slider.value = 3.0, 1.5  # the same direction, 3 times longer
    line3, arrow3 = line_and_arrow()
    np.testing.assert_allclose(line3, line)  # b = 0: the line does not move
    np.testing.assert_allclose(arrow3, arrow)
    np.testing.assert_allclose(np.linalg.norm(arrow), 1.0)  # drawn with length 1
    np.testing.assert_allclose(arrow, np.array([1.0, 0.5]) / np.hypot(1.0, 0.5))
    box.b_slider.value = -1.0
    moved, _ = line_and_arrow()
    box.w1_slider.value, box.w2_slider.value = 1.0, 0.5
    assert not np.allclose(line_and_arrow()[0], moved)  # b != 0: scaling w moves the line
    plt.close(box.figure)
