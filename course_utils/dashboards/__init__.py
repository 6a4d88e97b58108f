"""Dashboards and figures: the only part of the course that imports matplotlib and ipywidgets.

    style.py        the palette and the projector-sized look (applied on import)
    view.py         FigureView (a figure in a widget, redrawn in place), new_figure, sliders
    drawing.py      figures several notebooks share: curves, decision boundaries, networks
    environment.py  00  the environment check
    neuron.py       01  activations, the neuron dashboards
    descent.py      02  losses, descent paths, the descent dashboard
    chain_rule.py   03  the chain-rule dashboard, MSE against cross-entropy
    two_two_one.py  04  the annotated 2-2-1 diagram and its dashboard, XOR figures
    matrix_form.py  05  the shape table and explorer
    digits.py       06  galleries, the confusion matrix, the training dashboard
    gradients.py    07  gradient norms per layer, histograms, clipping, skip connections
    optimizers.py   08  optimizer paths on 2-D surfaces, validation curves
    playground.py   09  the playground
    autograd_graph.py 10  the computation graph and its explorer

Each draws what the reference modules and experiments/ compute; none computes a rule itself.
"""

from . import style  # noqa: F401  (the course's look, for every figure below)
