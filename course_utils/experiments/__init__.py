"""The experiments the notebooks run, one module per topic: numpy only, no drawing.

    neuron.py       01     the step function (perceptron) against the sigmoid under descent
    descent.py      02-03  cost surfaces, descent paths, the largest stable learning rate,
                           MSE against cross-entropy from the same start
    two_two_one.py  04     the worked 2-2-1 and 2-2-2 examples, a trace of every array, the
                           order of updates, XOR (a plateau against a creep)
    matrix_form.py  05     the shape table, backprop with loops, the textbook notation,
                           the batch backward step, a few epochs of mini-batch SGD
    backprop_cost.py 05    what one backward pass costs against finite differences, as P grows
    digits.py       06     the confusion matrix
    depth.py        07     deep networks to a recipe, gradient norms and activations per layer
    optimizers.py   08     2-D test surfaces, optimizer paths, optimizers compared on a network
    playground.py   09     the playground's settings, data, network and training
    scalar_graphs.py 10    the course's networks built out of autograd Values

They use the reference modules above them (network, train, optim, ...) and never import
matplotlib or ipywidgets: the dashboards draw what they compute.
"""
