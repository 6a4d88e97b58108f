"""The scalar autograd engine: every operation against central differences, whole networks
against network.MLP, and gradients that never pile up across backward() calls."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_utils.autograd import Value, total
from course_utils.dashboards.autograd_graph import draw_graph
from course_utils.experiments.scalar_graphs import mlp_graph, two_two_one_graph
from course_utils.network import MLP

EPS = 1e-6


def central_difference(f, xs, i):
    """d f / d x_i by (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), with plain floats."""
    plus, minus = list(xs), list(xs)
    plus[i] += EPS
    minus[i] -= EPS
    return (f(*plus) - f(*minus)) / (2 * EPS)


def engine_grads(f, xs):
    """f built out of Values at xs; returns (f's value, [df/dx_i])."""
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    out.backward()
    return out.data, [v.grad for v in leaves]


# (name, function of Values, the same function of floats, points where it is smooth)
OPERATIONS = [
    ("add", lambda a, b: a + b, lambda a, b: a + b, [(0.3, -1.2), (2.0, 5.0)]),
    ("sub", lambda a, b: a - b, lambda a, b: a - b, [(0.3, -1.2), (-2.0, 5.0)]),
    ("mul", lambda a, b: a * b, lambda a, b: a * b, [(0.3, -1.2), (-2.0, 5.0)]),
    ("div", lambda a, b: a / b, lambda a, b: a / b, [(0.3, -1.2), (-2.0, 5.0)]),
    ("pow 3", lambda a: a ** 3, lambda a: a ** 3, [(0.7,), (-1.3,)]),
    ("pow -0.5", lambda a: a ** -0.5, lambda a: a ** -0.5, [(0.7,), (2.5,)]),
    ("neg", lambda a: -a, lambda a: -a, [(0.7,), (-1.3,)]),
    ("exp", lambda a: a.exp(), math.exp, [(0.7,), (-3.0,)]),
    ("log", lambda a: a.log(), math.log, [(0.7,), (3.0,)]),
    ("tanh", lambda a: a.tanh(), math.tanh, [(0.7,), (-2.0,)]),
    ("sigmoid", lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), [(0.7,), (-2.0,)]),
    ("relu", lambda a: a.relu(), lambda a: max(a, 0.0), [(0.7,), (-2.0,)]),
    ("radd", lambda a: 2 + a, lambda a: 2 + a, [(0.7,)]),
    ("rsub", lambda a: 1 - a, lambda a: 1 - a, [(0.7,)]),
    ("rmul", lambda a: 3 * a, lambda a: 3 * a, [(0.7,)]),
    ("rdiv", lambda a: 1 / a, lambda a: 1 / a, [(0.7,), (-2.0,)]),
    ("reuse", lambda a: a * a + a, lambda a: a * a + a, [(0.7,)]),
    ("composite", lambda a, b: (a * b).tanh() / (1 + b.exp()) - a.sigmoid() ** 2,
     lambda a, b: math.tanh(a * b) / (1 + math.exp(b)) - (1 / (1 + math.exp(-a))) ** 2,
     [(0.4, -0.9), (-1.1, 0.6)]),
]


@pytest.mark.parametrize("name, f_value, f_float, points", OPERATIONS,
                         ids=[op[0] for op in OPERATIONS])
def test_every_operation_matches_central_differences(name, f_value, f_float, points):
    for xs in points:
        value, grads = engine_grads(f_value, xs)
        assert value == pytest.approx(f_float(*xs), rel=1e-12, abs=1e-12)
        for i, g in enumerate(grads):
            numeric = central_difference(f_float, xs, i)
            assert abs(g - numeric) <= 1e-7 + 1e-5 * abs(numeric), (name, xs, i, g, numeric)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(-3, 3), b=st.floats(-3, 3), c=st.floats(0.5, 3))  # exp(b/c) <= e^6
def test_random_expressions_match_central_differences(a, b, c):
    def f(a, b, c):
        return (a * b + c).tanh() * c.log() - (b / c).exp() + (a - b).relu() * a

    def f_float(a, b, c):
        return (math.tanh(a * b + c) * math.log(c) - math.exp(b / c)
                + max(a - b, 0.0) * a)

    assume(abs(a - b) > 1e-3)  # not on relu's kink
    _, grads = engine_grads(f, (a, b, c))
    for i, g in enumerate(grads):
        numeric = central_difference(f_float, (a, b, c), i)
        assert abs(g - numeric) <= 1e-6 + 1e-5 * abs(numeric)


def test_sigmoid_does_not_overflow_for_large_inputs():
    for z in (-1000.0, 1000.0):
        s = Value(z).sigmoid()
        s.backward()
        assert 0.0 <= s.data <= 1.0 and s.parents[0].grad == 0.0


HIDDEN = ["identity", "sigmoid", "tanh", "relu"]


@settings(max_examples=30, deadline=None)
@given(depth=st.integers(1, 3), width=st.integers(1, 4), activation=st.sampled_from(HIDDEN),
       loss=st.sampled_from(["mse", "bce", "cross_entropy"]), m=st.integers(1, 3),
       seed=st.integers(0, 10_000))
def test_engine_gradients_equal_mlp_on_random_networks(depth, width, activation, loss, m, seed):
    rng = np.random.default_rng(seed)
    n_in = int(rng.integers(1, 4))
    n_out = 1 if loss == "bce" else int(rng.integers(2, 4))
    sizes = [n_in] + [width] * (depth - 1) + [n_out]
    net = MLP(sizes, activation=activation, loss=loss, seed=seed)
    for layer in net.layers:
        layer.b[:] = rng.standard_normal(layer.b.shape) * 0.5
    X = rng.standard_normal((m, n_in))
    if loss == "cross_entropy":
        Y = rng.integers(0, n_out, m)
    elif loss == "bce":
        Y = rng.integers(0, 2, (m, 1)).astype(float)
    else:
        Y = rng.standard_normal((m, n_out))
    J, scalar_net = mlp_graph(net, X, Y)
    J.backward()
    assert J.data == pytest.approx(net.cost(X, Y), rel=1e-12, abs=1e-14)
    expected = [g for pair in net.gradients(X, Y) for g in pair]
    for got, want in zip(scalar_net.grads(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-14)


def worked_221():
    net = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_weights([np.array([[0.1, -0.2], [0.4, 0.3]]), np.array([0.1, -0.1]),
                     np.array([[0.5, -0.6]]), np.array([0.2])])
    return net, np.array([1.0, 0.5]), np.array([1.0])


def test_two_two_one_reproduces_the_hand_formulas_and_mlp():
    net, x, y = worked_221()
    L, scalar_net, nodes = two_two_one_graph(net, x, y)
    L.backward()
    # the hand formulas of notebook 04, written out independently
    sig = lambda t: 1 / (1 + math.exp(-t))  # noqa: E731
    a1 = [sig(0.1 * 1.0 - 0.2 * 0.5 + 0.1), sig(0.4 * 1.0 + 0.3 * 0.5 - 0.1)]
    y_hat = sig(0.5 * a1[0] - 0.6 * a1[1] + 0.2)
    delta2 = (y_hat - 1.0) * y_hat * (1 - y_hat)
    delta1 = [w * delta2 * a * (1 - a) for w, a in zip((0.5, -0.6), a1)]
    assert nodes["ŷ"].data == pytest.approx(y_hat, rel=1e-14)
    assert nodes["z²₁"].grad == pytest.approx(delta2, rel=1e-12)
    assert nodes["z¹₂"].grad == pytest.approx(delta1[1], rel=1e-12)
    assert nodes["w¹₂₁"].grad == pytest.approx(delta1[1] * 1.0, rel=1e-12)
    assert nodes["w²₁₂"].grad == pytest.approx(delta2 * a1[1], rel=1e-12)
    assert nodes["b¹₁"].grad == pytest.approx(delta1[0], rel=1e-12)
    # and MLP's backward gives the very same numbers, bit for bit
    expected = [g for pair in net.gradients(x.reshape(1, -1), y.reshape(1, 1)) for g in pair]
    for got, want in zip(scalar_net.grads(), expected):
        np.testing.assert_array_equal(got, want)


def test_repeated_backward_does_not_pile_up():
    a, b = Value(1.5), Value(-0.5)
    c = a * b          # an intermediate node
    J = c * c + a      # c is used twice: its gradient collects both uses
    J.backward()
    first = (a.grad, b.grad, c.grad)
    assert first == pytest.approx((2 * c.data * b.data + 1, 2 * c.data * a.data, 2 * c.data))
    J.backward()
    J.backward()
    assert (a.grad, b.grad, c.grad) == first


def test_zero_grad_reaches_intermediate_nodes():
    a, b = Value(1.5), Value(-0.5)
    c = (a * b).tanh()
    J = c + a
    J.backward()
    assert c.grad != 0 and a.grad != 0
    J.zero_grad()
    assert all(node.grad == 0.0 for node in J.topological_order())
    assert {id(n) for n in J.topological_order()} >= {id(a), id(b), id(c), id(J)}


def test_backward_on_a_second_graph_gives_that_graphs_gradient():
    w = Value(2.0)
    J1 = w * 3.0
    J1.backward()
    J2 = w * w
    J2.backward()
    assert w.grad == 4.0  # dJ2/dw = 2w, nothing left over from J1


def test_topological_order_puts_parents_first_and_handles_long_chains():
    xs = [Value(float(i)) for i in range(5000)]
    J = total(xs)  # a chain of 4999 + nodes: deeper than Python's recursion limit
    order = J.topological_order()
    seen = set()
    for node in order:
        assert all(id(p) in seen for p in node.parents)
        seen.add(id(node))
    J.backward()
    assert all(x.grad == 1.0 for x in xs)


def test_bad_input_gets_clear_errors():
    with pytest.raises(TypeError, match="constant number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="positive"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="Value or a number"):
        Value(1.0) + "a"
    with pytest.raises(ValueError, match="2-2-1"):
        two_two_one_graph(MLP([2, 3, 1]), [0, 0], [1])
    with pytest.raises(ValueError, match="not supported"):
        mlp_graph(MLP([2, 3, 2], activation="leaky_relu"), np.zeros((1, 2)), [0])


def test_draw_graph_draws_every_node():
    net, x, y = worked_221()
    L, _, _ = two_two_one_graph(net, x, y)
    L.backward()
    fig, ax = plt.subplots()
    draw_graph(L, ax=ax)
    texts = [t.get_text() for t in ax.texts]
    n_nodes = len(L.topological_order())
    assert sum(t.startswith("∇") for t in texts) == n_nodes
    assert "ℒ = ×" in texts and "w¹₁₁" in texts
    assert f"∇ {L.grad:.4f}" in texts
    plt.close(fig)


def test_graph_explorer_follows_its_sliders():
    from course_utils.dashboards.autograd_graph import graph_explorer

    net, x, y = worked_221()
    box = graph_explorer(net, x, y)
    order = box.loss.topological_order()
    assert len(box.texts) == len(order)
    before = [g.get_text() for _, g in box.texts]
    box.x1.value = -1.0
    L, _, nodes = two_two_one_graph(net, [-1.0, 0.5], y)
    L.backward()
    assert box.loss.data == L.data
    texts = {v.label: (value.get_text(), grad.get_text())
             for v, (value, grad) in zip(box.loss.topological_order(), box.texts) if v.label}
    assert texts["x₁"][0] == "-1.0000"
    assert texts["w¹₁₁"][1] == f"∇ {nodes['w¹₁₁'].grad:.4f}"
    assert [g.get_text() for _, g in box.texts] != before


def test_graph_text_is_readable_and_the_explorer_scrolls_instead_of_shrinking():
    from course_utils.dashboards.autograd_graph import graph_explorer

    net, x, y = worked_221()
    L, _, _ = two_two_one_graph(net, x, y)
    L.backward()
    ax = draw_graph(L)
    fig = ax.figure
    assert min(t.get_fontsize() for t in ax.texts) >= 11
    assert fig.get_figwidth() <= 16  # 1600 px at 100 dpi: 11 pt stays ~10 px on a 1000 px page
    plt.close(fig)
    box = graph_explorer(net, x, y)
    assert (box.y.min, box.y.max, box.y.step) == (0.0, 1.0, 0.05)  # a sigmoid's target
    image = box.children[1].children[0]
    assert image.layout.max_width == "none"
    assert image.layout.width == f"{round(box.figure.get_figwidth() * box.figure.dpi)}px"
    assert box.children[1].layout.overflow == "auto"
