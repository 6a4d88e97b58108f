"""Notebooks 06-08: figures, dashboards that follow their controls, the IDX loader, and the
per-layer gradient norms behaving as the theory says."""

import gzip

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from course_utils import data
from course_utils import deep_widgets as dw


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
    counts = dw.confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], n_classes=3)
    np.testing.assert_array_equal(counts, [[1, 0, 0], [0, 1, 1], [1, 0, 2]])
    assert counts.sum() == 6 and np.trace(counts) == 4
    with pytest.raises(ValueError, match="same shape"):
        dw.confusion_matrix([0, 1], [0])


def test_galleries_show_the_right_images_and_titles():
    images = np.arange(5 * 4).reshape(5, 2, 2)
    fig = dw.misclassified_gallery(images, [0, 1, 2, 3, 4], [0, 7, 2, 3, 9], n=10)
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
        dw.digit_gallery(np.zeros((3, 4)), [0, 1, 2])


def test_training_dashboard_trains_with_the_chosen_controls(digits):
    Xtr, ytr, Xva, yva, *_ = digits
    box = dw.training_dashboard(Xtr[:300], ytr[:300], Xva, yva, sizes=(64, 16, 10), epochs=4,
                                patience=None)
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
    got_images, got_labels = dw.load_mnist_idx(tmp_path, kind="test")
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, [7, 0, 9])
    assert got_images.shape == (3, 28, 28)


def test_read_idx_handles_big_endian_floats_and_bad_files(tmp_path):
    values = np.array([[1.5, -2.0], [3.25, 1e6]])
    _write_idx(tmp_path / "f.idx", values, 0x0E, ">f8")
    np.testing.assert_array_equal(dw.read_idx(tmp_path / "f.idx"), values)
    (tmp_path / "junk.idx").write_bytes(b"hello world")
    with pytest.raises(ValueError, match="not an IDX file"):
        dw.read_idx(tmp_path / "junk.idx")
    _write_idx(tmp_path / "short.idx", values, 0x0E, ">f8")
    (tmp_path / "short.idx").write_bytes((tmp_path / "short.idx").read_bytes()[:-8])
    with pytest.raises(ValueError, match="header says shape"):
        dw.read_idx(tmp_path / "short.idx")


def test_missing_mnist_files_say_they_are_absent(tmp_path):
    with pytest.raises(FileNotFoundError, match="absent.*train-images-idx3-ubyte"):
        dw.load_mnist_idx(tmp_path / "nowhere", kind="train")
    with pytest.raises(ValueError, match="'train' or 'test'"):
        dw.load_mnist_idx(tmp_path, kind="validation")
