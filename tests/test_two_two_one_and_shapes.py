"""Notebooks 04 and 05: the annotated diagram, the 2-2-1 dashboard, the shape explorer, the loop and
textbook-notation versions of backprop (experiments/ and dashboards/ two_two_one, matrix_form)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.dashboards import matrix_form as shapes_dash
from course_utils.dashboards import two_two_one as dash221
from course_utils.dashboards.drawing import draw_network, update_network
from course_utils.dashboards.style import COLORS
from course_utils.experiments import matrix_form
from course_utils.experiments import two_two_one as by_hand
from course_utils.network import MLP


def texts(artists, key):
    return [[t.get_text() for t in layer] for layer in artists[key]]


# ------------------------------------------------------------------------------ the diagram

def test_diagram_shows_the_forward_and_backward_numbers():
    net, x, y, _ = by_hand.worked_example()
    fig, art = dash221.network_figure(net, x, y)
    tr = by_hand.batch_trace(net, x, y)
    fwd, bwd = art["forward"], art["backward"]
    assert texts(fwd, "node_texts")[0] == ["x₁\n0.5000", "x₂\n1.0000"]
    assert texts(fwd, "node_texts")[1][0] == f"z −0.2000\na {tr.A[1][0, 0]:.4f}"
    assert texts(fwd, "edge_texts")[0][1] == "w¹₁₂ −0.4000"  # W1[0, 1]: unit 1, input 2
    assert texts(fwd, "bias_texts")[1] == ["b²₁ 0.2000"]
    d2 = tr.dZ[2][0, 0]
    assert texts(bwd, "node_texts")[2] == [f"δ\n{d2:.4f}".replace("-", "−")]
    assert texts(bwd, "edge_texts")[1][0] == f"{d2 * tr.A[1][0, 0]:.4f}".replace("-", "−")
    assert f"{tr.cost:.6f}" in art["loss_text"].get_text()
    plt.close(fig)


def test_diagram_labels_do_not_overlap():
    net, x, y, _ = by_hand.worked_example()
    fig, art = dash221.network_figure(net, x, y)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for stage in ("forward", "backward"):
        boxes = [t.get_window_extent(renderer) for key in ("edge_texts", "bias_texts")
                 for layer in art[stage][key] for t in layer]
        boxes += [c.get_window_extent(renderer) for layer in art[stage]["nodes"] for c in layer]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b), f"{stage}: labels/nodes overlap at {a} and {b}"
    plt.close(fig)


def test_draw_network_keeps_its_old_call_and_thins_wide_layers():
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal((20, 3)), rng.standard_normal((2, 20))]
    fig, ax = plt.subplots()
    art = draw_network(ax, weights, node_values=[np.zeros(3), np.zeros(20), np.ones(2)])
    assert [len(n) for n in art["nodes"]] == [3, 12, 2]
    assert art["node_texts"][2][0].get_text() == "1.000"
    assert art["edges"][0][0].get_color() == (COLORS["positive"] if weights[0][0, 0] >= 0
                                              else COLORS["negative"])
    flipped = [-w for w in weights]
    update_network(art, flipped)
    assert art["edges"][0][0].get_color() == (COLORS["positive"] if flipped[0][0, 0] >= 0
                                              else COLORS["negative"])
    plt.close(fig)


# ------------------------------------------------------------------------------ dashboard

def test_dashboard_slider_changes_the_diagram_numbers_and_loss():
    box = dash221.two_two_one_dashboard()
    fwd = box.artists["forward"]
    before_loss = box.artists["loss_text"].get_text()
    before_numbers = box.numbers.value
    box.sliders["w²₁₁"].value = 0.0
    assert box.net.layer(2).W[0, 0] == 0.0
    assert fwd["edge_texts"][1][0].get_text() == "w²₁₁ 0.0000"
    assert fwd["edges"][1][0].get_linewidth() == pytest.approx(0.5)  # |w| = 0: thinnest
    # with w²₁₁ = 0 hidden unit 1 no longer affects the output: its delta is exactly zero
    assert box.artists["backward"]["node_texts"][1][0].get_text() == "δ\n0.0000"
    X, Y = box_xy()
    expected = box.net.cost(X, Y)
    assert f"{expected:.6f}" in box.artists["loss_text"].get_text()
    assert box.artists["loss_text"].get_text() != before_loss
    assert box.numbers.value != before_numbers and f"{expected:.6f}" in box.numbers.value


def box_xy():
    _, x, y, _ = by_hand.worked_example()
    return x.reshape(1, -1), y.reshape(1, -1)


def test_dashboard_bias_and_lr_sliders():
    box = dash221.two_two_one_dashboard()
    box.sliders["b¹₂"].value = 1.5
    assert box.net.layer(1).b[1] == 1.5
    assert box.artists["forward"]["bias_texts"][0][1].get_text() == "b¹₂ 1.5000"
    box.lr_slider.value = 2.0
    w_before = box.net.get_weights()
    X, Y = box_xy()
    grads = [g.copy() for pair in box.net.gradients(X, Y) for g in pair]
    box.step_button.click()
    for p, p0, g in zip(box.net.get_weights(), w_before, grads):
        np.testing.assert_allclose(p, p0 - 2.0 * g, rtol=1e-13)
    assert box.history[-1]["lr"] == 2.0


def test_step_button_lowers_the_loss_moves_sliders_and_fills_the_table():
    box = dash221.two_two_one_dashboard()
    n_before, x, y, lr = by_hand.worked_example()
    X, Y = x.reshape(1, -1), y.reshape(1, -1)
    loss0 = n_before.cost(X, Y)
    assert "no steps yet" in box.history_table.value
    box.step_button.click()
    box.step_button.click()
    assert [r["step"] for r in box.history] == [1, 2]
    assert box.history[0]["J_before"] == pytest.approx(loss0)
    assert box.history[1]["J_after"] < box.history[1]["J_before"] < loss0
    # the same two steps done directly on an MLP
    for _ in range(2):
        n_before.gradients(X, Y)
        n_before.step(lr)
    np.testing.assert_allclose(box.net.layer(1).W, n_before.layer(1).W, rtol=1e-14)
    assert box.sliders["w¹₁₁"].value == pytest.approx(n_before.layer(1).W[0, 0], rel=1e-14)
    assert box.sliders["b²₁"].value == pytest.approx(n_before.layer(2).b[0], rel=1e-14)
    assert f"{box.history[1]['J_after']:.6f}" in box.history_table.value
    assert f"{n_before.cost(X, Y):.6f}" in box.artists["loss_text"].get_text()
    w = f"{n_before.layer(1).W[0, 0]:.4f}"
    assert box.artists["forward"]["edge_texts"][0][0].get_text() == f"w¹₁₁ {w}"
    box.reset_button.click()
    assert box.history == [] and box.sliders["w¹₁₁"].value == by_hand.WORKED_EXAMPLE["W1"][0][0]
    assert f"{loss0:.6f}" in box.artists["loss_text"].get_text()


def test_dashboard_example_sliders_and_the_live_gradient_check():
    box = dash221.two_two_one_dashboard()
    assert "✅" in box.gradcheck.value and "central differences" in box.gradcheck.value
    box.x_sliders["x₂"].value = -1.0
    box.y_slider.value = 0.0
    assert box.example["x"].tolist() == [0.5, -1.0] and box.example["y"].tolist() == [0.0]
    net, _, _, _ = by_hand.worked_example()
    X, Y = np.array([[0.5, -1.0]]), np.array([[0.0]])
    assert f"{net.cost(X, Y):.6f}" in box.artists["loss_text"].get_text()
    assert box.artists["forward"]["node_texts"][0][1].get_text() == "x₂\n−1.0000"
    errors = dash221.network_gradient_errors(net, X, Y)
    worst = max(max(e["dW"], e["db"]) for e in errors)
    assert f"{worst:.1e}" in box.gradcheck.value
    plt.close(box.figure)


def test_run_n_steps_draws_the_loss_curve_in_place():
    box = dash221.two_two_one_dashboard()
    line = box.loss_line
    assert len(line.get_xdata()) == 0
    box.n_steps.value = 30
    box.run_button.click()
    assert len(box.history) == 30 and box.loss_line is line
    xs, ys = line.get_xdata(), line.get_ydata()
    assert list(xs) == list(range(31)) and np.all(np.diff(ys) < 0)
    net, x, y, lr = by_hand.worked_example()
    X, Y = x.reshape(1, -1), y.reshape(1, -1)
    assert ys[0] == pytest.approx(net.cost(X, Y))
    for _ in range(30):
        net.gradients(X, Y)
        net.step(lr)
    assert ys[-1] == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert box.loss_figure.axes[0].get_xlabel() == "step"
    box.reset_button.click()
    assert len(line.get_xdata()) == 0
    plt.close(box.figure)


def test_the_step_by_step_reveal_shows_only_what_is_computed():
    box = dash221.two_two_one_dashboard()
    bwd = box.artists["backward"]
    tr = by_hand.batch_trace(box.net, *box_xy())
    box.next_button.click()
    assert box.reveal.value == "forward"
    assert texts(bwd, "node_texts")[1:] == [["δ\n?", "δ\n?"], ["δ\n?"]]
    assert texts(bwd, "edge_texts")[0] == ["", "", "", ""]
    assert "δ⁽²⁾" not in box.numbers.value and "ŷ" in box.numbers.value
    box.next_button.click()
    assert texts(bwd, "node_texts")[2][0] != "δ\n?" and texts(bwd, "node_texts")[1][0] == "δ\n?"
    box.next_button.click()
    assert texts(bwd, "node_texts")[1][0] == f"δ\n{tr.dZ[1][0, 0]:.4f}".replace("-", "−")
    assert "δ⁽¹⁾" in box.numbers.value and texts(bwd, "bias_texts")[0] == ["", ""]
    box.next_button.click()
    assert box.reveal.value == "gradients" and texts(bwd, "edge_texts")[0][0] != ""
    box.next_button.click()
    new_w = 0.2 - 0.5 * tr.dW[1][0, 0]
    assert box.artists["forward"]["edge_texts"][0][0].get_text() == f"← {new_w:.4f}"
    assert box.net.layer(1).W[0, 0] == 0.2 and box.history == []  # shown, not taken
    box.next_button.click()  # from 'update': take the step, back to the forward pass
    assert box.reveal.value == "forward" and len(box.history) == 1
    assert box.net.layer(1).W[0, 0] == pytest.approx(new_w, rel=1e-13)
    box.reveal.value = "all"
    assert box.artists["forward"]["edge_texts"][0][0].get_text() == f"w¹₁₁ {new_w:.4f}"
    plt.close(box.figure)


def test_dashboard_refuses_other_networks():
    with pytest.raises(ValueError, match="2-2-1"):
        dash221.two_two_one_dashboard(MLP([2, 3, 1]))


# ------------------------------------------------------------------------------ shapes

def test_shape_table_reads_real_shapes():
    rows = {code: shape for _, code, shape in matrix_form.shape_table([4, 5, 3], m=7)}
    assert rows["X"] == (7, 4) and rows["Y"] == (7, 3)
    assert rows["net.layer(1).W"] == (5, 4) and rows["net.layer(2).b"] == (3,)
    assert rows["Z1 = A0 @ W1.T + b1"] == (7, 5) and rows["A2 = f(Z2)"] == (7, 3)
    assert rows["dW1 = dZ1.T @ A0"] == (5, 4) and rows["db2 = dZ2.sum(axis=0)"] == (3,)
    assert rows["dZ1"] == (7, 5)


def test_shape_explorer_follows_its_controls_and_explains_bad_input():
    box = shapes_dash.shape_explorer("2, 3, 2", m=4)
    assert "(4, 2)" in box.table.value and "(3, 2)" in box.table.value
    box.batch_slider.value = 32
    assert "(32, 3)" in box.table.value and "(4, 3)" not in box.table.value
    box.sizes_text.value = "784, 128, 10"
    assert "(128, 784)" in box.table.value and "(32, 10)" in box.table.value
    assert len(box.rows) == 1 + 4 * 2 + 1 + 3 * 2
    box.sizes_text.value = "784, x"
    assert box.rows == [] and "whole numbers" in box.table.value
    box.sizes_text.value = "5"
    assert "at least two" in box.table.value


# ------------------------------------------------------------------------------ loops

@pytest.mark.parametrize("seed", range(6))
def test_loop_backprop_equals_the_vectorised_one_on_random_networks(seed):
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 4))
    sizes = [int(n) for n in rng.integers(1, 5, depth + 1)]
    hidden = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"][seed % 5]
    loss = ["mse", "bce", "cross_entropy"][seed % 3]
    if loss == "bce":
        sizes[-1] = 1
    if loss == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    net = MLP(sizes, activation=hidden, loss=loss, seed=seed)
    for layer in net.layers:
        layer.b[:] = rng.standard_normal(layer.b.shape)
    m = int(rng.integers(1, 6))
    X = rng.standard_normal((m, sizes[0]))
    if loss == "cross_entropy":
        Y = rng.integers(0, sizes[-1], m)
    elif loss == "bce":
        Y = rng.integers(0, 2, m).astype(float)
    else:
        Y = rng.standard_normal((m, sizes[-1]))
    loops = matrix_form.loop_gradients(net, X, Y)
    vec = net.gradients(X, Y)
    trace = by_hand.batch_trace(net, X, Y)
    for l, ((dW, db), (dW_v, db_v)) in enumerate(zip(loops, vec), start=1):
        np.testing.assert_allclose(dW, dW_v, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(db, db_v, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(trace.dW[l], dW_v, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(trace.db[l], db_v, rtol=1e-12, atol=1e-15)


def test_loop_backprop_refuses_softmax_with_mse():
    net = MLP([2, 3], activation="sigmoid", output_activation="softmax", loss="mse")
    with pytest.raises(ValueError, match="softmax"):
        matrix_form.loop_gradients(net, np.zeros((1, 2)), np.zeros((1, 3)))


# ------------------------------------------------------------------------------ textbook

@pytest.mark.parametrize("sizes, act", [([2, 2, 1], "sigmoid"), ([3, 4, 2], "tanh"),
                                        ([2, 3, 3, 2], "sigmoid")])
def test_textbook_update_gives_the_same_new_weights(sizes, act):
    rng = np.random.default_rng(len(sizes))
    net = MLP(sizes, activation=act, output_activation="sigmoid", loss="mse", seed=3)
    for layer in net.layers:
        layer.b[:] = rng.standard_normal(layer.b.shape) * 0.5
    x, y = rng.standard_normal(sizes[0]), rng.random(sizes[-1])
    alpha = 0.7
    new = matrix_form.textbook_update(net, x, y, alpha)
    before = net.get_weights()
    net.gradients(x.reshape(1, -1), y.reshape(1, -1))
    net.step(alpha)
    assert all(np.any(a != b) for a, b in zip(net.get_weights(), before)), "weights must move"
    for got, want in zip(new, net.get_weights()):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


def test_textbook_update_on_the_worked_example_and_bad_input():
    net, x, y, lr = by_hand.worked_example()
    new = matrix_form.textbook_update(net, x, y, lr)
    np.testing.assert_array_equal(net.layer(1).W, by_hand.WORKED_EXAMPLE["W1"])  # net unchanged
    net.gradients(x.reshape(1, -1), y.reshape(1, -1))
    net.step(lr)
    for got, want in zip(new, net.params()):
        np.testing.assert_allclose(got, want, rtol=1e-14)
    with pytest.raises(ValueError, match="squared error"):
        matrix_form.textbook_update(MLP([2, 2], loss="cross_entropy"), x, [1.0, 0.0], 0.1)
    with pytest.raises(ValueError, match="alpha"):
        matrix_form.textbook_update(net, x, y, 0.0)


def test_network_figure_for_a_wider_network_labels_nodes_only():
    net = MLP([3, 4, 2], activation="sigmoid", output_activation="sigmoid", loss="mse")
    x, y = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.0])
    fig, art = dash221.network_figure(net, x, y)
    assert art["forward"]["edge_texts"] == [[], []] and art["forward"]["bias_texts"] == [[], []]
    assert "‖ŷ − y‖²" in art["loss_text"].get_text()
    net.layer(2).W[1, 3] = 3.0
    tr = dash221.update_network_figure(art, net, x, y)
    want = f"δ\n{tr.dZ[2][0, 1]:.4f}".replace("-", "−")
    assert art["backward"]["node_texts"][2][1].get_text() == want
    assert f"{tr.cost:.6f}" in art["loss_text"].get_text()
    plt.close(fig)
    with pytest.raises(ValueError, match="draw_network"):
        dash221.network_figure(MLP([2, 8, 1]), [0.0, 0.0], [1.0])


def test_sliders_follow_weights_that_leave_their_range():
    box = dash221.two_two_one_dashboard()
    box.sliders["b²₁"].max = 0.3  # a narrow range that the next step leaves
    box.lr_slider.value = 5.0
    box.step_button.click()
    assert box.net.layer(2).b[0] > 0.3
    for name, array, idx in dash221._param_names(box.net):
        assert box.sliders[name].value == array[idx], name


def test_reset_restores_the_example_and_its_sliders_too():
    fresh = dash221.two_two_one_dashboard()
    box = dash221.two_two_one_dashboard()
    start_x, start_y = box.example["x"].copy(), box.example["y"].copy()
    box.x_sliders["x₁"].value = -1.5
    box.y_slider.value = 0.25
    box.n_steps.value = 20
    box.run_button.click()
    assert box.example["x"][0] == -1.5 and box.example["y"][0] == 0.25
    box.reset_button.click()
    assert box.x_sliders["x₁"].value == start_x[0] and box.x_sliders["x₂"].value == start_x[1]
    assert box.y_slider.value == start_y[0]
    np.testing.assert_array_equal(box.example["x"], start_x)
    np.testing.assert_array_equal(box.example["y"], start_y)
    for p, p0 in zip(box.net.get_weights(), fresh.net.get_weights()):
        np.testing.assert_array_equal(p, p0)
    assert box.history == [] and len(box.loss_line.get_xdata()) == 0
    assert all(box.sliders[n].value == fresh.sliders[n].value for n in fresh.sliders)
    assert box.numbers.value == fresh.numbers.value
    assert box.gradcheck.value == fresh.gradcheck.value
    assert box.artists["loss_text"].get_text() == fresh.artists["loss_text"].get_text()
    texts = [[t.get_text() for t in layer] for layer in box.artists["forward"]["node_texts"]]
    assert texts == [[t.get_text() for t in layer]
                     for layer in fresh.artists["forward"]["node_texts"]]
    plt.close(box.figure)
    plt.close(fresh.figure)
