"""The MLP: gradients against finite differences, a 2-2-1 example by hand, bad input."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_utils.gradcheck import network_gradient_errors, numerical_gradient
from course_utils.network import MLP

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]


def assert_grad_close(analytic, numeric):
    """|a - b| <= 1e-7 + 1e-5 |b| elementwise."""
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(
    depth=st.integers(1, 5),
    width=st.integers(1, 5),
    activation=st.sampled_from(HIDDEN),
    loss=st.sampled_from(["mse", "bce", "cross_entropy", "mse_softmax", "mse_sigmoid"]),
    m=st.integers(1, 4),
    seed=st.integers(0, 10_000),
)
def test_backprop_matches_finite_differences(depth, width, activation, loss, m, seed):
    rng = np.random.default_rng(seed)
    n_in, n_out = int(rng.integers(1, 4)), int(rng.integers(2, 4))
    output = {"mse_softmax": "softmax", "mse_sigmoid": "sigmoid"}.get(loss)
    loss_name = "mse" if loss.startswith("mse") else loss
    if loss == "bce":
        n_out = 1
    sizes = [n_in] + [width] * (depth - 1) + [n_out]
    net = MLP(sizes, activation=activation, output_activation=output, loss=loss_name, seed=seed)
    for layer in net.layers:  # random biases too, so b's gradient is not a special case
        layer.b[:] = rng.standard_normal(layer.b.shape) * 0.5
    X = rng.standard_normal((m, n_in))
    if loss_name == "cross_entropy":
        Y = rng.integers(0, n_out, m)
    elif loss_name == "bce":
        Y = rng.integers(0, 2, m).astype(float)
    else:
        Y = rng.standard_normal((m, n_out))
    net.forward(X)
    # ReLU's kink: a z within the finite-difference step would make the numeric slope wrong
    assume(all(np.min(np.abs(Z)) > 1e-4 for _, Z, _ in net.caches))
    grads = [g.copy() for pair in net.backward(Y) for g in pair]
    for p, g in zip(net.params(), grads):
        assert_grad_close(g, numerical_gradient(lambda: net.cost(X, Y), p))


def test_network_gradient_errors_reports_every_layer():
    rng = np.random.default_rng(0)
    net = MLP([3, 4, 4, 2], activation="tanh", loss="cross_entropy", seed=1)
    errors = network_gradient_errors(net, rng.standard_normal((5, 3)), rng.integers(0, 2, 5))
    assert [e["layer"] for e in errors] == [1, 2, 3]
    assert max(max(e["dW"], e["db"]) for e in errors) < 1e-7


def sig(t):
    return 1 / (1 + math.exp(-t))


def test_two_two_one_worked_example_by_hand():
    """Every number of one forward and backward pass, written out as scalar formulas."""
    x1, x2, y = 1.0, 0.5, 1.0
    w11, w12, w21, w22, b1, b2 = 0.1, -0.2, 0.4, 0.3, 0.1, -0.1  # w_jk: unit j, input k
    v1, v2, c = 0.5, -0.6, 0.2  # output weights and bias
    lr = 0.5
    # forward
    h1 = sig(w11 * x1 + w12 * x2 + b1)
    h2 = sig(w21 * x1 + w22 * x2 + b2)
    out = sig(v1 * h1 + v2 * h2 + c)
    loss = 0.5 * (y - out) ** 2
    # backward
    d_out = (out - y) * out * (1 - out)
    d_h1 = v1 * d_out * h1 * (1 - h1)
    d_h2 = v2 * d_out * h2 * (1 - h2)
    expected = {
        "dW2": [[d_out * h1, d_out * h2]], "db2": [d_out],
        "dW1": [[d_h1 * x1, d_h1 * x2], [d_h2 * x1, d_h2 * x2]], "db1": [d_h1, d_h2],
    }

    net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_weights([[[w11, w12], [w21, w22]], [b1, b2], [[v1, v2]], [c]])
    X, Y = np.array([[x1, x2]]), np.array([[y]])
    assert net.forward(X)[0, 0] == pytest.approx(out, rel=1e-15)
    assert net.cost(X, Y) == pytest.approx(loss, rel=1e-14)
    (dW1, db1), (dW2, db2) = net.backward(Y)
    for name, got in {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}.items():
        np.testing.assert_allclose(got, expected[name], rtol=1e-13, err_msg=name)
    net.step(lr)
    np.testing.assert_allclose(net.layer(2).W, [[v1 - lr * d_out * h1, v2 - lr * d_out * h2]])
    np.testing.assert_allclose(net.layer(1).b, [b1 - lr * d_h1, b2 - lr * d_h2])
    assert net.cost(X, Y) < loss


def test_no_gradient_piles_up_and_stale_caches_are_refused():
    rng = np.random.default_rng(0)
    net = MLP([2, 3, 1], seed=0)
    X, Y = rng.standard_normal((4, 2)), rng.standard_normal((4, 1))
    first = [g.copy() for g in sum(net.gradients(X, Y), ())]
    second = [g.copy() for g in sum(net.gradients(X, Y), ())]
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(RuntimeError, match="call forward"):
        net.backward(Y)  # the caches were used up by the last backward
    net.forward(X)
    net.step(0.1)
    with pytest.raises(RuntimeError, match="call forward"):
        net.backward(Y)  # weights changed since the forward pass


def test_same_seed_same_weights_and_dtype():
    a, b = MLP([5, 4, 3], seed=7), MLP([5, 4, 3], seed=7)
    for p, q in zip(a.params(), b.params()):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(MLP([5, 4, 3], seed=8).layer(1).W, a.layer(1).W)
    n32 = MLP([5, 4, 3], dtype=np.float32, loss="cross_entropy", activation="relu")
    out = n32.forward(np.ones((2, 5)))
    n32.backward(np.array([0, 2]))
    assert out.dtype == np.float32 and n32.layer(1).dW.dtype == np.float32


@pytest.mark.parametrize("call, message", [
    (lambda n: n.forward(np.zeros((3, 4))), r"X must have shape \(m, 2\)"),
    (lambda n: n.forward(np.zeros(2)), r"X\.reshape\(1, -1\)"),
    (lambda n: n.forward(np.array([[np.nan, 1.0]])), "NaN"),
    (lambda n: n.forward(np.array([["a", "b"]])), "must hold numbers"),
    (lambda n: n.cost(np.zeros((3, 2)), np.array([0, 1, 3])), r"labels must lie in 0\.\.2"),
    (lambda n: n.cost(np.zeros((3, 2)), np.array([0.0, 1.0, 1.0])), "integer class labels"),
    (lambda n: n.cost(np.zeros((3, 2)), np.zeros((2, 3))), r"Y must have shape \(3, 3\)"),
    (lambda n: n.step(0.0), "learning rate must be > 0"),
    (lambda n: n.layer(3), r"numbered 1\.\.2"),
])
def test_bad_input_is_explained(call, message):
    net = MLP([2, 4, 3], loss="cross_entropy")
    if "step" in message or "learning" in message:
        net.gradients(np.zeros((1, 2)), np.array([0]))
    with pytest.raises((ValueError, TypeError, IndexError), match=message):
        call(net)


def test_constructor_errors_name_what_was_expected():
    with pytest.raises(ValueError, match="unknown activation 'sigmoidd'"):
        MLP([2, 2, 1], activation="sigmoidd")
    with pytest.raises(ValueError, match="unknown loss"):
        MLP([2, 1], loss="hinge")
    with pytest.raises(ValueError, match="unknown init"):
        MLP([2, 1], init="orthogonal")
    with pytest.raises(ValueError, match="2 layers"):
        MLP([2, 2, 1], activation=["relu"])
