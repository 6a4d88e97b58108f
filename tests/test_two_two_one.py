"""Notebook 04's worked example: every hand-computed number, derived here with scalar formulas,
against course_utils.MLP and against the helpers the notebook prints them with."""

import math

import numpy as np
import pytest

from course_utils.data import xor_points
from course_utils.experiments import two_two_one as worked
from course_utils.gradcheck import network_gradient_errors
from course_utils.network import MLP


def sig(t):
    return 1.0 / (1.0 + math.exp(-t))


def by_hand():
    """The worked example, one scalar at a time (no numpy, no course_utils maths)."""
    e = worked.WORKED_EXAMPLE
    (x1, x2), (y,) = e["x"], e["y"]
    (w11, w12), (w21, w22) = e["W1"]
    b11, b12 = e["b1"]
    ((v1, v2),), (c,) = e["W2"], e["b2"]
    lr = e["lr"]
    n = {}
    n["z11"] = w11 * x1 + w12 * x2 + b11
    n["z12"] = w21 * x1 + w22 * x2 + b12
    n["a11"], n["a12"] = sig(n["z11"]), sig(n["z12"])
    n["z2"] = v1 * n["a11"] + v2 * n["a12"] + c
    n["y_hat"] = sig(n["z2"])
    n["loss"] = 0.5 * (n["y_hat"] - y) ** 2
    n["d2"] = (n["y_hat"] - y) * n["y_hat"] * (1 - n["y_hat"])
    n["d11"] = v1 * n["d2"] * n["a11"] * (1 - n["a11"])
    n["d12"] = v2 * n["d2"] * n["a12"] * (1 - n["a12"])
    n["dW1"] = [[n["d11"] * x1, n["d11"] * x2], [n["d12"] * x1, n["d12"] * x2]]
    n["db1"] = [n["d11"], n["d12"]]
    n["dW2"] = [[n["d2"] * n["a11"], n["d2"] * n["a12"]]]
    n["db2"] = [n["d2"]]
    n["W1_new"] = [[w11 - lr * n["dW1"][0][0], w12 - lr * n["dW1"][0][1]],
                   [w21 - lr * n["dW1"][1][0], w22 - lr * n["dW1"][1][1]]]
    n["b1_new"] = [b11 - lr * n["d11"], b12 - lr * n["d12"]]
    n["W2_new"] = [[v1 - lr * n["dW2"][0][0], v2 - lr * n["dW2"][0][1]]]
    n["b2_new"] = [c - lr * n["d2"]]
    h1 = sig(n["W1_new"][0][0] * x1 + n["W1_new"][0][1] * x2 + n["b1_new"][0])
    h2 = sig(n["W1_new"][1][0] * x1 + n["W1_new"][1][1] * x2 + n["b1_new"][1])
    out = sig(n["W2_new"][0][0] * h1 + n["W2_new"][0][1] * h2 + n["b2_new"][0])
    n["loss_new"] = 0.5 * (out - y) ** 2
    return n


def test_the_worked_example_is_small_and_readable():
    e = worked.WORKED_EXAMPLE
    values = [v for key in ("W1", "b1", "W2", "b2") for v in np.ravel(e[key])]
    assert all(abs(v) <= 1 and round(v, 1) == v for v in values), "one decimal, |w| <= 1"
    assert len(set(values)) >= 6, "distinct values, so a mixed-up index shows"


def test_forward_pass_and_loss_agree_with_mlp_to_the_last_digit():
    n = by_hand()
    net, x, y, _ = worked.worked_example()
    X, Y = x.reshape(1, -1), y.reshape(1, -1)
    assert net.predict(X)[0, 0] == pytest.approx(n["y_hat"], rel=1e-15, abs=0)
    assert net.cost(X, Y) == pytest.approx(n["loss"], rel=1e-14, abs=0)
    tr = worked.batch_trace(net, x, y)
    np.testing.assert_allclose(tr.Z[1][0], [n["z11"], n["z12"]], rtol=1e-14)
    np.testing.assert_allclose(tr.A[1][0], [n["a11"], n["a12"]], rtol=1e-15)
    assert tr.Z[2][0, 0] == pytest.approx(n["z2"], rel=1e-14)


def test_deltas_gradients_and_step_agree_with_mlp():
    n = by_hand()
    net, x, y, lr = worked.worked_example()
    X, Y = x.reshape(1, -1), y.reshape(1, -1)
    tr = worked.batch_trace(net, x, y)
    assert tr.dZ[2][0, 0] == pytest.approx(n["d2"], rel=1e-14)
    np.testing.assert_allclose(tr.dZ[1][0], [n["d11"], n["d12"]], rtol=1e-13)
    (dW1, db1), (dW2, db2) = net.gradients(X, Y)
    for name, got in {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}.items():
        np.testing.assert_allclose(got, n[name], rtol=1e-13, atol=0, err_msg=name)
        np.testing.assert_allclose(getattr(tr, name[:2])[int(name[2])], n[name], rtol=1e-13)
    net.step(lr)
    for name, got in zip(("W1_new", "b1_new", "W2_new", "b2_new"), net.params()):
        np.testing.assert_allclose(got, n[name], rtol=1e-14, err_msg=name)
    assert net.cost(X, Y) == pytest.approx(n["loss_new"], rel=1e-13)
    assert n["loss_new"] < n["loss"], "the step must lower the loss"


def test_hand_numbers_pass_the_gradient_check():
    net, x, y, _ = worked.worked_example()
    errors = network_gradient_errors(net, x.reshape(1, -1), y.reshape(1, -1))
    assert max(max(e["dW"], e["db"]) for e in errors) < 1e-8


def test_the_hidden_errors_are_not_trivially_zero_or_equal():
    """Guards the example's teaching value: both deltas visible, of different sign."""
    n = by_hand()
    assert abs(n["d11"]) > 1e-3 and abs(n["d12"]) > 1e-3 and n["d11"] * n["d12"] < 0


def test_xor_needs_the_hidden_layer():
    X, y = xor_points()
    net, history, snaps = worked.train_xor(hidden=2, lr=5.0, epochs=1000, seed=0,
                                       snapshot_epochs=(0, 1000))
    assert net.accuracy(X, y) == 1.0
    assert sorted(snaps) == [0, 1000]
    flat, _, _ = worked.train_xor(hidden=0, lr=5.0, epochs=1000, seed=0, snapshot_epochs=())
    assert flat.accuracy(X, y) <= 0.75
    assert worked.best_line_accuracy(X, y) == 0.75
    acc, n, c, side = worked.best_line(X, y)
    assert np.mean(((X @ n > c) == side) == (y == 1)) == 0.75


def test_best_line_separates_separable_data():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert worked.best_line_accuracy(X, np.array([0, 0, 0, 1])) == 1.0  # AND is separable


# ------------------------------------------------------------- write it yourself: step_221

from course_utils.exercises import CORRECT, NOT_ATTEMPTED, WRONG, check_function  # noqa: E402
from course_utils.exercises import two_two_one_backward as step_check  # noqa: E402


def check_step(fn):
    return check_function("step_221", fn, step_check.reference, step_check.make_inputs,
                          numeric=step_check.numeric, mistakes=step_check.MISTAKES,
                          output_names=step_check.OUTPUT_NAMES)


def written_out(W1, b1, W2, b2, x, y, lr):
    a1 = 1 / (1 + np.exp(-(W1 @ x + b1)))
    y_hat = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
    d2 = (y_hat - y) * y_hat * (1 - y_hat)
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    return W1 - lr * np.outer(d1, x), b1 - lr * d1, W2 - lr * np.outer(d2, a1), b2 - lr * d2


def test_step_221_stub_reference_and_a_written_solution():
    assert check_step(lambda *a: None).status == NOT_ATTEMPTED
    done = check_step(written_out)
    assert done.status == CORRECT and "finite differences" in done.message
    assert check_step(step_check.reference).status == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (step_check.updated_W2_first, "updated W⁽²⁾ (the wrong order"),
    (step_check.transposed_dW, "transposed"),
    (step_check.forgot_hidden_slope, "missing the factor f′(z¹)"),
    (step_check.wrong_sign, "wrong sign"),
])
def test_each_named_mistake_of_step_221_is_named(wrong, words):
    feedback = check_step(wrong)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_step_221_with_w2_transposed_says_shape():
    def transposed_W2(W1, b1, W2, b2, x, y, lr):
        a1 = 1 / (1 + np.exp(-(W1 @ x + b1)))
        y_hat = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
        d2 = (y_hat - y) * y_hat * (1 - y_hat)
        d1 = (W2 @ d2) * a1 * (1 - a1)  # W2 instead of W2.T: (1, 2) @ (1,) does not fit
        return W1 - lr * np.outer(d1, x), b1 - lr * d1, W2 - lr * np.outer(d2, a1), b2 - lr * d2
    feedback = check_step(transposed_W2)
    assert feedback.status == WRONG and "shape" in feedback.message, feedback.message


def test_the_wrong_order_mistake_differs_from_the_right_step():
    inputs = step_check.make_inputs(np.random.default_rng(3))
    right, wrong = step_check.reference(*inputs), step_check.updated_W2_first(*inputs)
    np.testing.assert_allclose(right[2], wrong[2])  # W2 moves the same way...
    assert not np.allclose(right[0], wrong[0])      # ...W1 does not


def test_experiments_refuse_bad_input():
    net, x, y, lr = worked.worked_example_222()
    with pytest.raises(ValueError, match="one hidden layer"):
        worked.update_order(MLP([2, 2, 2, 1]), [0.5, 1.0], [1.0], 0.5)
    with pytest.raises(ValueError, match="shape"):
        worked.hidden_delta_terms(np.ones((2, 3)), [1.0, 2.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="checkpoints"):
        worked.xor_long_run(0, epochs=10, checkpoints=(20,))
