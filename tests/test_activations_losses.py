"""Every activation and loss against central finite differences, in float64."""

import numpy as np
import pytest

from course_utils import activations as act
from course_utils import losses
from course_utils.gradcheck import numerical_derivative, numerical_gradient

ATOL, RTOL = 1e-7, 1e-5  # |a - b| <= 1e-7 + 1e-5 |b|
Z = np.array([-30.0, -5.0, -1.3, -0.2, 0.3, 0.9, 2.5, 7.0, 30.0])  # away from ReLU's kink


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_derivative_matches_finite_differences(name):
    a = act.get_activation(name)
    np.testing.assert_allclose(a.f_prime(Z), numerical_derivative(a.f, Z), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
def test_backward_rule_matches_finite_differences(name):
    """dJ/dZ from Activation.backward equals the numerical gradient of J = sum(G * f(Z))."""
    rng = np.random.default_rng(0)
    a = act.get_activation(name)
    Zm = rng.standard_normal((4, 5)) * 3
    G = rng.standard_normal((4, 5))
    numeric = numerical_gradient(lambda: float(np.sum(G * a.f(Zm))), Zm)
    np.testing.assert_allclose(a.backward(G, Zm, a.f(Zm)), numeric, rtol=RTOL, atol=ATOL)


def test_sigmoid_is_stable_and_exact():
    with np.errstate(over="raise", invalid="raise"):  # an overflow would raise here
        s = act.sigmoid(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.isclose(act.sigmoid(-50.0), np.exp(-50.0) / (1 + np.exp(-50.0)), rtol=1e-15)
    assert act.sigmoid(np.float32(2.0)).dtype == np.float32


def test_softmax_rows_sum_to_one_and_jacobian():
    z = np.array([[1000.0, 1001.0, 999.0], [0.1, -0.2, 0.3]])
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert np.isfinite(s).all()
    zj = np.array([0.5, -1.0, 2.0])
    numeric = np.stack([numerical_derivative(lambda t, k=k: act.softmax(
        zj + t * (np.arange(3) == k))[None], 0.0)[0] for k in range(3)], axis=1)
    np.testing.assert_allclose(act.softmax_jacobian(zj), numeric, rtol=RTOL, atol=ATOL)


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match="expected one of: identity, leaky_relu, relu"):
        act.get_activation("swish")


LOSS_CASES = {
    "mse": (np.array([[0.3, -1.2, 2.0]]), np.array([[1.0, 0.0, 1.5]])),
    "bce": (np.array([[0.2, 0.7, 0.9]]), np.array([[0.0, 1.0, 1.0]])),
    "cross_entropy": (np.array([[0.2, 0.5, 0.3]]), np.array([[0.0, 1.0, 0.0]])),
}


@pytest.mark.parametrize("name", list(LOSS_CASES))
def test_loss_gradient_matches_finite_differences(name):
    loss = losses.get_loss(name)
    y_hat, y = (v.copy() for v in LOSS_CASES[name])
    numeric = numerical_gradient(lambda: float(loss.loss(y_hat, y).sum()), y_hat)
    np.testing.assert_allclose(loss.grad(y_hat, y), numeric, rtol=RTOL, atol=ATOL)


def test_mse_has_the_half_and_the_worked_example():
    # a prediction of 17 against a target of 20: 1/2 (20 - 17)^2 = 4.5
    assert losses.mse_loss(17.0, 20.0) == 4.5
    # per sample it sums over output units; the cost is the mean over samples
    y_hat = np.array([[1.0, 2.0], [0.0, 0.0]])
    y = np.array([[0.0, 0.0], [0.0, 2.0]])
    np.testing.assert_allclose(losses.mse_loss(y_hat, y), [2.5, 2.0])
    assert losses.LOSSES["mse"].cost(y_hat, y) == 2.25


def test_logit_forms_equal_the_plain_forms():
    rng = np.random.default_rng(3)
    z = rng.standard_normal((5, 4))
    y = np.eye(4)[rng.integers(0, 4, 5)]
    loss = losses.cross_entropy_from_logits(z, y)
    np.testing.assert_allclose(loss, losses.cross_entropy_loss(act.softmax(z), y))
    softmax = act.get_activation("softmax")
    delta = losses.get_loss("cross_entropy").delta(softmax, z, act.softmax(z), y)
    np.testing.assert_allclose(delta, act.softmax(z) - y)
    yb = rng.integers(0, 2, (5, 1)).astype(float)
    np.testing.assert_allclose(losses.sigmoid_bce_with_logits(z[:, :1], yb),
                               losses.bce_loss(act.sigmoid(z[:, :1]), yb))
    big = losses.cross_entropy_from_logits(np.array([[0.0, 800.0]]), np.array([[1., 0.]]))
    assert np.isclose(big[0], 800.0)


def test_loss_shape_mismatch_is_explained():
    with pytest.raises(ValueError, match="same shape"):
        losses.mse_loss(np.zeros((3, 1)), np.zeros(3))
