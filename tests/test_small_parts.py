"""The neuron, the optimizers, the gradient checker and the exercise checks."""

import numpy as np
import pytest

from course_utils import optim
from course_utils.exercises import check_array, check_true
from course_utils.gradcheck import check_gradient, numerical_gradient, relative_error
from course_utils.neuron import Neuron


def test_neuron_scalar_gradients_by_the_chain_rule():
    n = Neuron(w=0.8, b=-0.3, activation="sigmoid", loss="mse")
    x, y = 1.5, 1.0
    z = 0.8 * 1.5 - 0.3
    a = 1 / (1 + np.exp(-z))
    dw, db = n.gradients(x, y)
    assert dw == pytest.approx((a - y) * a * (1 - a) * x, rel=1e-14)
    assert db == pytest.approx((a - y) * a * (1 - a), rel=1e-14)
    assert n.cost(x, y) == pytest.approx(0.5 * (y - a) ** 2)
    assert n.step(x, y, lr=1.0) < 0.5 * (y - a) ** 2


def test_neuron_vector_batch_matches_finite_differences():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((7, 3)), rng.integers(0, 2, 7).astype(float)
    n = Neuron(w=rng.standard_normal(3), b=0.1, activation="sigmoid", loss="bce")
    dw, db = n.gradients(X, y)
    np.testing.assert_allclose(dw, numerical_gradient(lambda: n.cost(X, y), n.w), rtol=1e-6)
    with pytest.raises(ValueError, match="must end in 3 inputs"):
        n.forward(np.zeros((2, 4)))


def test_sgd_momentum_rmsprop_adam_one_step_by_hand():
    g = np.array([0.5, -2.0])
    p = np.array([1.0, 1.0])
    steps = {
        "sgd": p - 0.1 * g,
        "momentum": p - 0.1 * g,  # v = 0.9 * 0 - lr g
        "rmsprop": p - 0.1 * g / (np.sqrt(0.1 * g * g) + 1e-8),
        "adam": p - 0.1 * np.sign(g) * np.abs(g) / (np.abs(g) + 1e-8),
    }
    for name, expected in steps.items():
        q = p.copy()
        optim.make_optimizer(name, 0.1).update([q], [g])
        np.testing.assert_allclose(q, expected, rtol=1e-12, err_msg=name)
    # momentum's second step adds 0.9 of the first
    q, m = p.copy(), optim.Momentum(0.1, beta=0.9)
    m.update([q], [g])
    m.update([q], [g])
    np.testing.assert_allclose(q, p - 0.1 * g - (0.9 * 0.1 * g + 0.1 * g))


def test_clip_by_norm_keeps_direction():
    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]
    assert optim.clip_by_norm(grads, 1.0) == 5.0
    np.testing.assert_allclose(grads[0], [0.6, 0.0])
    np.testing.assert_allclose(grads[1], [[0.8]])
    with pytest.raises(ValueError, match="max_norm"):
        optim.clip_by_norm(grads, 0)


def test_gradient_check_catches_a_sign_and_a_factor():
    x = np.array([1.0, -2.0, 0.5])
    numeric = numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    assert relative_error(3 * x ** 2, numeric) < 1e-8
    with pytest.raises(AssertionError, match="wrong sign"):
        check_gradient(-3 * x ** 2, numeric)
    with pytest.raises(AssertionError, match="times 0.6667"):
        check_gradient(2 * x ** 2, numeric)


def test_exercise_feedback():
    assert check_array("e", None, 1.0).status == "not attempted"
    assert check_array("e", 4.5, 4.5).passed
    assert "sign" in check_array("e", [-1.0, 2.0], [1.0, -2.0]).message
    assert "1/2" in check_array("e", 9.0, 4.5).message
    assert "transpose" in check_array("e", np.ones((2, 3)), np.ones((3, 2))).message
    assert "shape" in check_array("e", np.ones(3), np.ones(2)).message
    assert "off by" in check_array("e", [1.0, 3.0], [1.0, 2.0]).message
    assert "expected a number" in check_array("e", "four", 4.0).message
    assert check_true("q", "relu", "relu").passed and not check_true("q", "tanh", "relu").passed
    assert check_true("q", "tanh", "relu").message.startswith("not 'tanh'.")
    assert check_true("q", np.False_, True).message == "no."  # a computed yes/no, in words
    assert check_true("q", True, False, "hint").message == "yes, and it should not be. Hint: hint"
    assert "✅" in str(check_array("e", 1, 1)) and "<div" in check_array("e", 1, 2)._repr_html_()


def test_exercise_factor_hints_only_where_they_tell_something():
    assert "factor" not in check_array("e", 5.9, 4.5).message  # one number: no made-up factor
    assert "off by" in check_array("e", 5.9, 4.5).message
    assert "times 3" in check_array("e", [3.0, 6.0], [1.0, 2.0]).message
    assert "twice" in check_array("e", [2.0, 4.0], [1.0, 2.0]).message


@pytest.mark.parametrize("lr", [0, -0.1, "0.1", None, np.nan])
def test_optimizers_refuse_a_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="learning rate must be a number > 0"):
        optim.SGD(lr)
