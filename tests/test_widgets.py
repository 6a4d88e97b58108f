"""Dashboards respond to their controls without a browser (Agg backend)."""

import numpy as np

from course_utils.activations import sigmoid
from course_utils.widgets import environment_check, log_slider


def test_environment_check_follows_the_slider():
    box = environment_check()
    z = box.line.get_xdata()
    np.testing.assert_allclose(box.line.get_ydata(), sigmoid(1.0 * z))
    box.slider.value = -2.0
    np.testing.assert_allclose(box.line.get_ydata(), sigmoid(-2.0 * z))
    assert "w = -2.0" in box.readout.value and f"{float(sigmoid(-2.0)):.4f}" in box.readout.value


def test_log_slider_spans_powers_of_ten():
    s = log_slider(0.1, -3, 1, "η")
    s.value = 5.0
    assert s.value == 5.0 and s.max == 1 and s.min == -3


def test_figure_view_redraws_the_same_image_widget():
    box = environment_check()
    view = box.children[-1]
    first = bytes(view.value)
    assert first.startswith(b"\x89PNG")
    box.slider.value = 2.5
    assert box.children[-1] is view and bytes(view.value) != first
