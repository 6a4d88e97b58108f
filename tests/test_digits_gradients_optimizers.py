"""Notebooks 06-08: figures, dashboards that follow their controls, the IDX loader, and the
per-layer gradient norms behaving as the theory says."""

import gzip

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from course_utils import data
from course_utils.dashboards import digits as digits_dash
from course_utils.dashboards import gradients as grad_dash
from course_utils.dashboards import optimizers as opt_dash
from course_utils.experiments import depth
from course_utils.experiments import digits as digits_ex
from course_utils.experiments import optimizers as surfaces


@pytest.fixture(autouse=True, scope="module")
def one_blas_thread():
    with threadpool_limits(1):  # small matrices: threads only add overhead on shared cores
        yield


@pytest.fixture(scope="module")
def digits():
    X, y, images = data.load_digits()
    Xtr, ytr, Xva, yva, Xte, yte = data.train_val_test_split(X, y, seed=0)
    Xtr, Xva, Xte = data.standardize(Xtr, Xva, Xte)
    return Xtr, ytr, Xva, yva, Xte, yte


# ------------------------------------------------------------------------ 06
def test_confusion_matrix_counts_pairs():
    counts = digits_ex.confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], n_classes=3)
    np.testing.assert_array_equal(counts, [[1, 0, 0], [0, 1, 1], [1, 0, 2]])
    assert counts.sum() == 6 and np.trace(counts) == 4
    with pytest.raises(ValueError, match="same shape"):
        digits_ex.confusion_matrix([0, 1], [0])


def test_galleries_show_the_right_images_and_titles():
    images = np.arange(5 * 4).reshape(5, 2, 2)
    fig = digits_dash.misclassified_gallery(images, [0, 1, 2, 3, 4], [0, 7, 2, 3, 9], n=10)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["1→7", "4→9"]
    mosaic = np.ma.filled(ax.images[0].get_array(), np.nan)
    tiles = [mosaic[r:r + 2, c:c + 2] for r in range(len(mosaic) - 1)
             for c in range(mosaic.shape[1] - 1)]
    for k in (1, 4):  # both wrong images are in the picture, the right ones are not
        assert any(np.array_equal(t, images[k]) for t in tiles)
    assert not any(np.array_equal(t, images[2]) for t in tiles)
    assert "2 of 5" in ax.get_title()
    with pytest.raises(ValueError, match="images"):
        digits_dash.digit_gallery(np.zeros((3, 4)), [0, 1, 2])


def test_training_dashboard_trains_with_the_chosen_controls(digits):
    Xtr, ytr, Xva, yva, *_ = digits
    box = digits_dash.training_dashboard(Xtr[:300], ytr[:300], Xva, yva, sizes=(64, 16, 10),
                                         epochs=4, patience=None)
    # drawn once with the defaults: the untrained epoch-0 point
    assert len(box.cost_lines["train"].get_xdata()) == 1
    assert box.progress.value == 0 and "press Train" in box.status.value
    box.lr_slider.value = 0.1
    box.batch_slider.value = 16
    box.train_button.click()
    first = np.array(box.cost_lines["val"].get_ydata())
    assert len(first) == 5 and box.progress.value == 4
    assert first[-1] < first[0] / 2  # it learned
    assert "η = 0.1" in box.status.value and "batch size 16" in box.status.value
    box.lr_slider.value = 0.001  # a tiny learning rate barely moves the cost
    box.train_button.click()
    slow = np.array(box.cost_lines["val"].get_ydata())
    assert slow[0] == pytest.approx(first[0])  # the same initial weights
    assert slow[-1] > first[-1] * 2
    np.testing.assert_allclose(box.acc_lines["val"].get_ydata(), box.history.val_acc)


# ---------------------------------------------------------------- IDX / MNIST
def _write_idx(path, array, type_code, dtype, compress=False):
    header = bytes([0, 0, type_code, array.ndim]) + np.array(array.shape, ">u4").tobytes()
    raw = header + array.astype(dtype).tobytes()
    if compress:
        raw = gzip.compress(raw)
    path.write_bytes(raw)


@pytest.mark.parametrize("compress", [False, True])
def test_idx_loader_reads_files_it_did_not_write(tmp_path, compress):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(3, 28, 28)).astype(np.uint8)
    labels = np.array([7, 0, 9], dtype=np.uint8)
    suffix = ".gz" if compress else ""
    _write_idx(tmp_path / f"t10k-images-idx3-ubyte{suffix}", images, 0x08, ">u1", compress)
    _write_idx(tmp_path / f"t10k-labels-idx1-ubyte{suffix}", labels, 0x08, ">u1", compress)
    got_images, got_labels = data.load_mnist_idx(tmp_path, kind="test")
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, [7, 0, 9])
    assert got_images.shape == (3, 28, 28)


def test_read_idx_handles_big_endian_floats_and_bad_files(tmp_path):
    values = np.array([[1.5, -2.0], [3.25, 1e6]])
    _write_idx(tmp_path / "f.idx", values, 0x0E, ">f8")
    np.testing.assert_array_equal(data.read_idx(tmp_path / "f.idx"), values)
    (tmp_path / "junk.idx").write_bytes(b"hello world")
    with pytest.raises(ValueError, match="not an IDX file"):
        data.read_idx(tmp_path / "junk.idx")
    _write_idx(tmp_path / "short.idx", values, 0x0E, ">f8")
    (tmp_path / "short.idx").write_bytes((tmp_path / "short.idx").read_bytes()[:-8])
    with pytest.raises(ValueError, match="header says shape"):
        data.read_idx(tmp_path / "short.idx")


def test_missing_mnist_files_say_they_are_absent(tmp_path):
    with pytest.raises(FileNotFoundError, match="absent.*train-images-idx3-ubyte"):
        data.load_mnist_idx(tmp_path / "nowhere", kind="train")
    with pytest.raises(ValueError, match="'train' or 'test'"):
        data.load_mnist_idx(tmp_path, kind="validation")


# ------------------------------------------------------------------------ 07
@pytest.fixture(scope="module")
def batch(digits):
    Xtr, ytr, *_ = digits
    return Xtr[:128], ytr[:128]


def test_deep_sigmoid_nets_have_vanishing_first_layer_gradients(batch):
    X, y = batch
    shallow = depth.layer_gradient_norms(depth.deep_net(3, "sigmoid", "xavier"), X, y)
    deep = depth.layer_gradient_norms(depth.deep_net(12, "sigmoid", "xavier"), X, y)
    assert deep[0] < 1e-4 * deep[-1]  # exponentially smaller at the bottom
    assert np.all(np.diff(np.log(deep)) > 0)  # growing layer by layer towards the output
    assert deep[0] / deep[-1] < 1e-3 * shallow[0] / shallow[-1]  # worse with depth


def test_relu_he_and_tanh_xavier_keep_gradients_level(batch):
    X, y = batch
    for act, init in (("relu", "he"), ("tanh", "xavier")):
        norms = depth.layer_gradient_norms(depth.deep_net(15, act, init), X, y)
        assert 0.1 < norms[0] / norms[-1] < 10, (act, norms)


def test_bad_initialisations_vanish_or_explode(batch):
    X, y = batch
    naive = depth.layer_gradient_norms(depth.deep_net(10, "relu", "naive"), X, y)
    large = depth.layer_gradient_norms(depth.deep_net(10, "relu", "large"), X, y)
    he = depth.layer_gradient_norms(depth.deep_net(10, "relu", "he"), X, y)
    assert naive.max() < 1e-6 * he.min()
    assert large.min() > 1e3 * he.max()
    acts = depth.hidden_activations(depth.deep_net(10, "tanh", "large"), X)
    assert np.mean(np.abs(acts[-1]) > 0.99) > 0.3  # tanh saturates


def test_residual_connections_keep_first_layer_gradients_alive(batch):
    X, y = batch
    _, norms = grad_dash.residual_comparison_figure(X, y, depth=16, activation="sigmoid")
    assert norms["plain"][0] < 1e-8
    assert norms["residual"][0] > 1e5 * norms["plain"][0]


def test_gradient_norm_dashboard_follows_its_controls(batch):
    X, y = batch
    box = grad_dash.gradient_norm_dashboard(X, y, depth=6, activation="sigmoid", init="xavier",
                                     max_depth=12)
    import ipywidgets

    view = box.children[-1]  # the figure's view, drawn once before any control moves
    assert isinstance(view, ipywidgets.Image) and bytes(view.value).startswith(b"\x89PNG")
    visible = [b for b in box.bars if b.get_visible()]
    assert len(visible) == 6
    expected = depth.layer_gradient_norms(depth.deep_net(6, "sigmoid", "xavier"), X, y)
    np.testing.assert_allclose([b.get_height() for b in visible], expected)
    box.depth_slider.value = 10
    assert sum(b.get_visible() for b in box.bars) == 10 and len(box.norms) == 10
    sigmoid_ratio = box.norms[0] / box.norms[-1]
    box.activation_dropdown.value = "relu"
    box.init_dropdown.value = "he"
    heights = np.array([b.get_height() for b in box.bars[:10]])
    np.testing.assert_allclose(heights, depth.layer_gradient_norms(depth.deep_net(10, "relu", "he"),
                                                                X, y))
    assert heights[0] / heights[-1] > 1e3 * sigmoid_ratio
    assert f"{box.norms[0] / box.norms[-1]:.3g}" in box.readout.value
    box.residual_checkbox.value = True
    assert "residual" in box.figure.axes[0].get_title()
    with pytest.raises(ValueError, match="depth"):
        depth.deep_net(1)
    with pytest.raises(ValueError, match="unknown init"):
        depth.deep_net(4, init="zeros")


def test_clipping_keeps_a_large_init_run_finite(digits):
    from course_utils.train import fit

    Xtr, ytr, Xva, yva, *_ = digits
    runs = {}
    for clip in (None, 1.0):
        net = depth.deep_net(10, "relu", "large", init_scale=0.5)
        runs[clip] = fit(net, Xtr[:400], ytr[:400], Xva, yva, epochs=3, lr=0.01, clip_norm=clip)
    assert runs[None].diverged and not runs[1.0].diverged
    assert runs[1.0].val_cost[-1] < runs[1.0].val_cost[0]
    fig = grad_dash.clipping_figure({"no clipping": runs[None], "clip": runs[1.0]})
    assert "diverged at epoch" in " ".join(t.get_text() for t in fig.axes[0].get_legend().texts)


# ------------------------------------------------------------------------ 08
def test_optimizer_path_is_the_optimizer_on_a_point():
    from course_utils import optim

    surface = surfaces.SURFACES["ravine"]
    xy = np.array(surface.start)
    opt = optim.Adam(0.05)
    expected = [xy.copy()]
    for _ in range(5):
        opt.update([xy], [surface.grad(xy)])
        expected.append(xy.copy())
    np.testing.assert_allclose(surfaces.optimizer_path("ravine", "adam", 0.05, steps=5), expected)
    # SGD on f = 0.05 x^2 + 7.5 y^2: one step multiplies x by 1 - 0.1 lr, y by 1 - 15 lr
    first = surfaces.optimizer_path("ravine", "sgd", 0.05, steps=1)[1]
    np.testing.assert_allclose(first, [-8 * (1 - 0.005), 1.5 * (1 - 0.75)])


def test_surfaces_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    for surface in surfaces.SURFACES.values():
        for p in rng.uniform(-2, 2, size=(5, 2)):
            numeric = [(surface.f(p + e) - surface.f(p - e)) / 2e-6 for e in np.eye(2) * 1e-6]
            np.testing.assert_allclose(surface.grad(p), numeric, rtol=1e-5, atol=1e-8)
        for m in surface.minima:  # the marked minima are stationary points
            np.testing.assert_allclose(surface.grad(np.array(m)), 0, atol=2e-3)


def test_saddle_and_local_minimum_behave_as_described():
    _, final = opt_dash.trajectories_figure(lr=0.05, steps=100)
    saddle_min = surfaces.SURFACES["saddle"].f(np.array([0.0, 1.0]))
    assert final["saddle", "sgd"] > saddle_min + 0.2  # stuck near the saddle, f ~ 0
    for name in ("momentum", "rmsprop", "adam"):
        assert final["saddle", name] == pytest.approx(saddle_min, abs=1e-3)
    deep = surfaces.SURFACES["local minimum"].f(np.array([-1.714, 0.0]))
    assert final["local minimum", "momentum"] == pytest.approx(deep, abs=1e-3)
    assert final["local minimum", "sgd"] > deep + 0.5  # in the shallow minimum
    assert final["ravine", "momentum"] < final["ravine", "sgd"] / 100


def test_optimizer_dashboard_follows_its_controls():
    box = opt_dash.optimizer_dashboard(lr=0.05, steps=50)
    line = box.paths["ravine", "momentum"]
    assert len(line.get_xdata()) == 51
    before = np.array(line.get_xdata())
    box.lr_slider.value = 0.01
    path = surfaces.optimizer_path("ravine", "momentum", 0.01, 50, beta=0.9)
    np.testing.assert_allclose(line.get_xdata(), path[:, 0])
    assert not np.allclose(line.get_xdata(), before)
    box.momentum_slider.value = 0.0  # momentum with beta = 0 is plain SGD
    np.testing.assert_allclose(line.get_xdata(), box.paths["ravine", "sgd"].get_xdata())
    box.steps_slider.value = 20
    assert len(box.paths["saddle", "adam"].get_xdata()) == 21
    adam_before = np.array(box.paths["saddle", "adam"].get_ydata())
    box.beta1_slider.value = 0.5
    assert not np.allclose(box.paths["saddle", "adam"].get_ydata(), adam_before)
    rms_before = np.array(box.paths["ravine", "rmsprop"].get_xdata())
    box.rho_slider.value = 0.5
    assert not np.allclose(box.paths["ravine", "rmsprop"].get_xdata(), rms_before)
    box.beta2_slider.value = 0.9
    assert f"{box.final['saddle', 'adam']:.4f}" in box.table.value
    box.lr_slider.value = 1.0  # SGD across the ravine: y <- (1 - 15) y blows up
    assert box.final["ravine", "sgd"] == np.inf and "diverged" in box.table.value


def test_compare_optimizers_starts_every_run_from_the_same_weights(digits):
    from course_utils.network import MLP

    Xtr, ytr, Xva, yva, *_ = digits
    net = MLP([64, 16, 10], activation="relu", loss="cross_entropy", init="he", seed=1)
    start = net.get_weights()
    settings = {"sgd": (0.05, {}), "adam": (0.001, {})}
    histories = surfaces.compare_optimizers(net, Xtr[:300], ytr[:300], Xva, yva, settings, epochs=2)
    assert histories["sgd"].val_cost[0] == histories["adam"].val_cost[0]
    assert histories["sgd"].val_cost[1] != histories["adam"].val_cost[1]
    for a, b in zip(net.get_weights(), start):
        np.testing.assert_array_equal(a, b)
    fig = opt_dash.validation_curves_figure(histories, settings)
    assert [t.get_text() for t in fig.axes[1].get_legend().texts] == [
        "SGD (η = 0.05)", "Adam (η = 0.001)"]


# ------------------------------------------------------------- prose vs code
def _markdown(name):
    from pathlib import Path

    import nbformat

    path = Path(__file__).parent.parent / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_numbers_quoted_in_the_prose_match_the_code():
    text = _markdown("08_optimizers.ipynb")
    ravine = surfaces.SURFACES["ravine"]
    assert "(x, y) = (-8, 1.5)" in text and tuple(ravine.start) == (-8.0, 1.5)
    assert "f = 0.05x^2 + 7.5y^2" in text
    # the second derivatives of the ravine: across (y) / along (x)
    np.testing.assert_allclose(ravine.f(np.array([0.0, 1.0])) / ravine.f(np.array([1.0, 0.0])),
                               150)
    assert "150 times steeper" in text
    text = _markdown("07_vanishing_exploding_gradients.ipynb")
    net = depth.deep_net(10, "relu", "large", init_scale=0.5)
    assert net.layer(2).n_in * 0.5**2 == 8
    assert r"\mathcal N(0, 0.5^2)" in text and r"\operatorname{Var}(W) = 8" in text
