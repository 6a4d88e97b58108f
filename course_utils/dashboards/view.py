"""What every dashboard is built from: a figure shown in a widget, redrawn in place, and the
learning-rate slider.

Every dashboard of the course is a function that returns its widget, so a test can set a
control's value and check what changed, without a browser.
"""

import io

import ipywidgets as W
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg


def new_figure(*args, **kwargs):
    """plt.subplots without showing: the caller returns the figure and the notebook shows it
    once (pyplot forgets it, so the inline backend does not show it a second time)."""
    with plt.ioff():
        fig, axes = plt.subplots(*args, **kwargs)
    plt.close(fig)
    return fig, axes


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


def float_slider(value, lo, hi, description, step=0.1):
    """A slider that follows the hand (continuous_update) and shows two decimals."""
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         continuous_update=True, readout_format=".2f")


def signed(value, digits):
    """'+ 0.50' or '− 0.50': a term of a sum as it is written by hand."""
    return f"{'−' if value < 0 else '+'} {abs(value):.{digits}f}"
