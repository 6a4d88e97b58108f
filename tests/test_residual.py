"""The residual MLP: backprop against finite differences, shapes, bad input, training."""

import numpy as np
import pytest

from course_utils import data
from course_utils.gradcheck import check_network_gradients, network_gradient_errors
from course_utils.network import MLP
from course_utils.residual import ResidualMLP
from course_utils.train import fit


@pytest.fixture
def batch():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((7, 5))
    y = rng.integers(0, 3, size=7)
    return X, y


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_gradients_match_central_differences(batch, activation):
    X, y = batch
    net = ResidualMLP([5, 4, 4, 4, 3], activation=activation, loss="cross_entropy",
                      init="xavier", seed=2)
    for layer in net.layers:  # non-zero biases, so ReLU kinks are unlikely to sit at 0
        layer.b += 0.1
    assert net.residual == [False, True, True, False]
    worst = check_network_gradients(net, X, y, tol=1e-6)
    assert worst < 1e-6


def test_gradient_check_would_catch_a_missing_skip_in_backward(batch):
    """A network whose backward forgot the skip disagrees with finite differences."""
    X, y = batch

    class Forgetful(ResidualMLP):
        def backward(self, Y):
            self.residual, saved = [False] * len(self.layers), self.residual
            try:
                return super().backward(Y)
            finally:
                self.residual = saved

    net = Forgetful([5, 4, 4, 4, 3], activation="tanh", loss="cross_entropy", seed=2)
    errors = network_gradient_errors(net, X, y)
    assert max(e["dW"] for e in errors[:2]) > 1e-3  # layers below a skip are wrong
    assert errors[-1]["dW"] < 1e-6  # the output layer is unaffected


def test_mse_and_sigmoid_output_gradients(batch):
    X, _ = batch
    Y = np.random.default_rng(3).standard_normal((7, 2))
    net = ResidualMLP([5, 6, 6, 2], activation="sigmoid", loss="mse", seed=0)
    check_network_gradients(net, X, Y, tol=1e-6)


def test_forward_adds_the_input_back_on_residual_layers(batch):
    X, _ = batch
    net = ResidualMLP([5, 4, 4, 3], activation="relu", loss="cross_entropy", seed=0)
    plain = MLP([5, 4, 4, 3], activation="relu", loss="cross_entropy", seed=0)
    # same weights from the same seed, but different outputs because of the skip
    for a, b in zip(net.params(), plain.params()):
        np.testing.assert_array_equal(a, b)
    # with W2 = 0 and b2 = 0 the residual layer 2 is the identity (relu(0) = 0)
    net.layer(2).W[:] = 0
    a1 = np.maximum(X @ net.layer(1).W.T + net.layer(1).b, 0)
    z3 = a1 @ net.layer(3).W.T + net.layer(3).b
    expected = np.exp(z3 - z3.max(axis=1, keepdims=True))
    np.testing.assert_allclose(net.predict(X), expected / expected.sum(axis=1, keepdims=True))
    np.testing.assert_allclose(net.forward(X), net.predict(X))


def test_shapes_of_outputs_and_gradients(batch):
    X, y = batch
    net = ResidualMLP([5, 8, 8, 8, 3], activation="relu", loss="cross_entropy", seed=0)
    assert net.predict(X).shape == (7, 3)
    grads = net.gradients(X, y)
    assert [g[0].shape for g in grads] == [(8, 5), (8, 8), (8, 8), (3, 8)]
    assert [g[1].shape for g in grads] == [(8,), (8,), (8,), (3,)]
    assert "skips on layers [2, 3]" in repr(net)


def test_bad_input_gets_clear_errors(batch):
    X, y = batch
    net = ResidualMLP([5, 4, 4, 3], activation="relu", loss="cross_entropy", seed=0)
    with pytest.raises(RuntimeError, match="forward"):
        net.backward(y)
    with pytest.raises(ValueError, match=r"shape \(m, 5\)"):
        net.forward(X[:, :4])
    with pytest.raises(ValueError, match="class labels must lie in 0..2"):
        net.gradients(X, y + 5)
    with pytest.raises(ValueError, match="NaN"):
        net.predict(np.full((2, 5), np.nan))


def test_fit_trains_a_deep_residual_net_on_digits():
    X, y, _ = data.load_digits()
    Xtr, ytr, Xva, yva, Xte, yte = data.train_val_test_split(X, y, seed=0)
    Xtr, Xva, Xte = data.standardize(Xtr, Xva, Xte)
    net = ResidualMLP([64] + [32] * 10 + [10], activation="relu", loss="cross_entropy",
                      init="he", seed=0)
    net_scale = 0.1  # small residual branches: the usual trick to start near the identity
    for layer, skip in zip(net.layers, net.residual):
        if skip:
            layer.W *= net_scale
    history = fit(net, Xtr, ytr, Xva, yva, epochs=8, batch_size=32, lr=0.05, patience=3)
    assert not history.diverged
    assert net.accuracy(Xte, yte) > 0.9
