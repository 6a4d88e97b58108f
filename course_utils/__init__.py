"""course_utils: the reference backpropagation implementation of the notebook series.

The package has four rooms, and imports run one way, from the top of this list down:

    exercises/      the checks that give feedback, and the reference answers
    dashboards/     figures and widgets: the only room that imports matplotlib and ipywidgets
    experiments/    what the notebooks measure (depth studies, optimizer surfaces, XOR, ...)
    (top level)     backprop itself, numpy only:
        activations, losses, init, notation   the math: each imports only the others it names
        layers, neuron, network, residual     the models, built on the math
        optim, gradcheck, autograd            updates, checks, the scalar engine of notebook 10
        data                                  the data sets; imports nothing of ours
        train                                 drives a model over data: fit, the divergence rule

A room may import the rooms below it, never one above, so `import course_utils` (or any
top-level module) never pulls in matplotlib, ipywidgets or IPython; tests/test_layout.py checks
both. Each rule lives in one function: a loss's output delta in `Loss.delta`, divergence in
`train.has_diverged`, one-hot in `data.one_hot`, accuracy in `losses.accuracy`, the forward
loop in `MLP.forward`.

The names below are the public API; `from course_utils.network import MLP` and the like work
as well.
"""

from .activations import ACTIVATIONS, Activation, get_activation, sigmoid, softmax
from .autograd import ScalarMLP, Value
from .data import load_digits, minibatches, one_hot, train_val_test_split
from .gradcheck import TOLERANCE, check_gradient, check_network_gradients, numerical_gradient
from .layers import Layer, dense_backward, dense_forward
from .losses import LOSSES, Loss, accuracy, get_loss
from .network import MLP, parse_sizes
from .neuron import Neuron
from .optim import SGD, Adam, Momentum, RMSprop, clip_by_norm, make_optimizer
from .residual import ResidualMLP
from .train import History, TrainingDiverged, divergence_message, fit, has_diverged

__all__ = [
    "ACTIVATIONS", "Activation", "get_activation", "sigmoid", "softmax",
    "ScalarMLP", "Value",
    "load_digits", "minibatches", "one_hot", "train_val_test_split",
    "TOLERANCE", "check_gradient", "check_network_gradients", "numerical_gradient",
    "Layer", "dense_backward", "dense_forward",
    "LOSSES", "Loss", "accuracy", "get_loss",
    "MLP", "parse_sizes",
    "Neuron",
    "SGD", "Adam", "Momentum", "RMSprop", "clip_by_norm", "make_optimizer",
    "ResidualMLP",
    "History", "TrainingDiverged", "divergence_message", "fit", "has_diverged",
]
