"""Notebook 00's environment check: a slider and a curve that follows it."""

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np

from ..activations import sigmoid
from .style import COLORS
from .view import FigureView


def environment_check():
    """A slider for w and the curve σ(w x) that follows it: proves that widgets work.

    Returns a VBox; its attributes `.slider`, `.readout` and `.line` let a test drive it.
    """
    x = np.linspace(-6, 6, 200)  # the input of one neuron with weight w (and no bias)
    slider = W.FloatSlider(value=1.0, min=-3.0, max=3.0, step=0.1, description="w",
                           continuous_update=True)
    readout = W.HTML()
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(5, 3))
    (line,) = ax.plot(x, sigmoid(slider.value * x), color=COLORS["forward"])
    ax.set_xlabel("input x")
    ax.set_ylabel(r"$\sigma(w x)$")
    ax.set_ylim(-0.05, 1.05)
    ax.set_title("sigmoid(w x)")
    fig.tight_layout()
    view = FigureView(fig)

    def redraw(change=None):
        w = slider.value
        line.set_ydata(sigmoid(w * x))
        readout.value = f"w = {w:.1f}: at x = 1 the curve is σ(w·1) = {float(sigmoid(w)):.4f}"
        view.refresh()

    slider.observe(redraw, names="value")
    box = W.VBox([slider, readout, view.widget])
    box.slider, box.readout, box.line, box.figure = slider, readout, line, fig
    redraw()
    return box
