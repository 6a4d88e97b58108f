"""Small interactive pieces shared by the series, and notebook 00's environment check.

Every dashboard of the course is a function that returns its widget, so a test can set a
control's value and check what changed, without a browser. The bigger dashboards live next
to their topic (see the modules named *_widgets.py).
"""

import io

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .activations import sigmoid
from .plots import COLORS


class FigureView:
    """Shows a matplotlib figure inside a widget layout and redraws it in place.

    With the ipympl backend (`%matplotlib widget`) the figure's canvas is itself a widget and
    `refresh()` just redraws it. With the default inline backend the figure is rendered once to
    PNG bytes that an ipywidgets.Image shows; `refresh()` replaces those bytes (one render, no
    flicker). Either way a dashboard changes its lines and texts (set_data, set_text) and calls
    refresh(); the figure is never rebuilt. Create the figure inside `with plt.ioff():` and lay
    it out (tight_layout) before the first refresh: the PNG is the figure's exact size.
    """

    def __init__(self, fig):
        self.fig = fig
        self.is_canvas = isinstance(fig.canvas, W.DOMWidget)
        if self.is_canvas:
            self.widget = fig.canvas
        else:
            plt.close(fig)  # pyplot forgets it, so the inline backend does not show it again
            self.canvas = FigureCanvasAgg(fig)
            self.widget = W.Image(format="png")
        self.refresh()

    def refresh(self):
        if self.is_canvas:
            self.fig.canvas.draw_idle()
            return
        buffer = io.BytesIO()
        self.canvas.print_png(buffer)
        self.widget.value = buffer.getvalue()


def log_slider(value, min_exp, max_exp, description):
    """A slider for a learning rate: 1, 2, 3 and 5 times each power of ten, 10**min_exp to
    10**max_exp, plus `value` itself.

    A slider of round numbers rather than a continuous log scale: the value the learner sees is
    exactly the value the code uses (a continuous FloatLogSlider snaps 0.05 to 0.0501).
    """
    grid = {round(m * 10.0 ** e, 12) for e in range(min_exp, max_exp + 1) for m in (1, 2, 3, 5)}
    values = sorted(v for v in grid | {float(value)} if 10.0 ** min_exp <= v <= 10.0 ** max_exp)
    if float(value) not in values:
        raise ValueError(f"{description}: {value} is outside 1e{min_exp} .. 1e{max_exp}")
    return W.SelectionSlider(options=values, value=float(value),
                             description=description, continuous_update=True,
                             style={"description_width": "initial"})


def environment_check():
    """A slider for w and a sigmoid curve that follows it: proves that widgets work.

    Returns a VBox; its attributes `.slider`, `.readout` and `.line` let a test drive it.
    """
    z = np.linspace(-6, 6, 200)
    slider = W.FloatSlider(value=1.0, min=-3.0, max=3.0, step=0.1, description="w",
                           continuous_update=True)
    readout = W.HTML()
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(5, 3))
    (line,) = ax.plot(z, sigmoid(slider.value * z), color=COLORS["forward"])
    ax.set_xlabel("z")
    ax.set_ylabel(r"$\sigma(w z)$")
    ax.set_ylim(-0.05, 1.05)
    ax.set_title("sigmoid(w z)")
    fig.tight_layout()
    view = FigureView(fig)

    def redraw(change=None):
        w = slider.value
        line.set_ydata(sigmoid(w * z))
        readout.value = f"w = {w:.1f}: at z = 1 the curve is σ(w·1) = {float(sigmoid(w)):.4f}"
        view.refresh()

    slider.observe(redraw, names="value")
    box = W.VBox([slider, readout, view.widget])
    box.slider, box.readout, box.line, box.figure = slider, readout, line, fig
    redraw()
    return box
