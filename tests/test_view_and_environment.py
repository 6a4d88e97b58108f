"""Notebook 00 and the view every dashboard uses respond to their controls without a browser."""

import numpy as np

from course_utils.activations import sigmoid
from course_utils.dashboards.environment import environment_check
from course_utils.dashboards.view import log_slider


def test_environment_check_follows_the_slider():
    box = environment_check()
    z = box.line.get_xdata()
    np.testing.assert_allclose(box.line.get_ydata(), sigmoid(1.0 * z))
    box.slider.value = -2.0
    np.testing.assert_allclose(box.line.get_ydata(), sigmoid(-2.0 * z))
    assert "w = -2.0" in box.readout.value and f"{float(sigmoid(-2.0)):.4f}" in box.readout.value


def test_log_slider_spans_powers_of_ten():
    s = log_slider(0.05, -3, 1, "η")
    assert s.value == 0.05 and s.options[0] == 0.001 and s.options[-1] == 10.0
    assert {0.001, 0.002, 0.003, 0.005, 0.01, 0.3, 2.0, 5.0} <= set(s.options)
    s.value = 5.0
    assert s.value == 5.0 and isinstance(s.value, float)
    assert 0.0123 in log_slider(0.0123, -4, 1, "η").options  # the starting value is kept exactly


def test_figure_view_redraws_the_same_image_widget():
    box = environment_check()
    view = box.children[-1]
    first = bytes(view.value)
    assert first.startswith(b"\x89PNG")
    box.slider.value = 2.5
    assert box.children[-1] is view and bytes(view.value) != first
