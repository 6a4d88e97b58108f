"""The look of the whole series: one palette, one style, fonts for a projector.

Colours (Okabe-Ito, safe for colour-blind viewers) always mean the same thing:
positive weights blue, negative weights vermillion, the forward pass green, the backward pass
reddish purple; class 0 orange and class 1 sky blue; training curves blue, validation orange.
"""

import matplotlib
import matplotlib.pyplot as plt

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
COLORS = {
    "positive": OKABE_ITO["blue"], "negative": OKABE_ITO["vermillion"],
    "forward": OKABE_ITO["green"], "backward": OKABE_ITO["purple"],
    "train": OKABE_ITO["blue"], "val": OKABE_ITO["orange"], "test": OKABE_ITO["green"],
    "class0": OKABE_ITO["orange"], "class1": OKABE_ITO["sky"],
    "path": OKABE_ITO["black"], "neutral": "#7f7f7f",
}
CLASS_COLORS = [OKABE_ITO[c] for c in ("orange", "sky", "green", "purple", "yellow",
                                       "blue", "vermillion", "black")]


def use_course_style():
    """Fonts and lines large enough for a projector; the palette as the colour cycle."""
    plt.rcParams.update({
        "figure.dpi": 100, "font.size": 12, "axes.titlesize": 14, "axes.labelsize": 13,
        "legend.fontsize": 11, "xtick.labelsize": 11, "ytick.labelsize": 11,
        "lines.linewidth": 2.2, "axes.grid": True, "grid.alpha": 0.3,
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.prop_cycle": plt.cycler(color=[OKABE_ITO[c] for c in (
            "blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]),
    })


use_course_style()


def _settle_inline_backend():
    """In a notebook on the default inline backend, switch it on now, the way %matplotlib
    inline does. Left to happen lazily, the first figure made under plt.ioff() would be shown
    twice. Another backend chosen before this import (e.g. %matplotlib widget) is left alone."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and "inline" in matplotlib.get_backend():
        shell.enable_matplotlib("inline")


_settle_inline_backend()


def weight_color(w):
    """Blue for a positive weight, vermillion for a negative one."""
    return COLORS["positive"] if w >= 0 else COLORS["negative"]
