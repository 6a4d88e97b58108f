"""Data, the fit loop, early stopping, divergence, seeds: and the digits reach 95%."""

import numpy as np
import pytest

from course_utils import data
from course_utils.network import MLP
from course_utils.train import TrainingDiverged, fit


@pytest.fixture(scope="module")
def digits():
    X, y, images = data.load_digits()
    assert X.shape == (1797, 64) and images.shape == (1797, 8, 8) and set(y) == set(range(10))
    Xtr, ytr, Xva, yva, Xte, yte = data.train_val_test_split(X, y, val=0.15, test=0.15, seed=0)
    Xtr, Xva, Xte = data.standardize(Xtr, Xva, Xte)
    return Xtr, ytr, Xva, yva, Xte, yte


def test_digits_mlp_reaches_95_percent_with_early_stopping(digits):
    Xtr, ytr, Xva, yva, Xte, yte = digits
    net = MLP([64, 64, 32, 10], activation="relu", loss="cross_entropy", init="he", seed=0)
    history = fit(net, Xtr, ytr, Xva, yva, epochs=60, batch_size=32, lr=0.05, patience=5)
    assert net.accuracy(Xte, yte) >= 0.95
    assert history.train_cost[-1] < history.train_cost[0] / 10
    assert "early stop" in history.stop_reason  # 60 epochs is far more than it needs
    # the restored weights are the best epoch's: their validation cost is the minimum seen
    assert net.cost(Xva, yva) == pytest.approx(min(history.val_cost), rel=1e-12)
    assert history.best_epoch == int(np.argmin(history.val_cost))


def test_same_seed_gives_bit_identical_histories(digits):
    Xtr, ytr, Xva, yva, *_ = digits
    runs = []
    for _ in range(2):
        net = MLP([64, 16, 10], activation="tanh", loss="cross_entropy", seed=3)
        runs.append(fit(net, Xtr, ytr, Xva, yva, epochs=3, batch_size=50, lr=0.1, seed=5))
    assert runs[0].train_cost == runs[1].train_cost and runs[0].val_acc == runs[1].val_acc
    net = MLP([64, 16, 10], activation="tanh", loss="cross_entropy", seed=3)
    other = fit(net, Xtr, ytr, Xva, yva, epochs=3, batch_size=50, lr=0.1, seed=6)
    assert other.train_cost != runs[0].train_cost  # the seed really sets the batch order


def test_divergence_stops_with_a_message(capsys):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 3)) * 5
    Y = X @ np.array([[1.0], [2.0], [-1.0]])
    net = MLP([3, 1], loss="mse", seed=0)
    history = fit(net, X, Y, epochs=50, batch_size=100, lr=1.0)
    assert history.diverged and history.epochs < 50
    assert "diverged at epoch" in history.stop_reason
    assert "smaller learning rate" in capsys.readouterr().out
    with pytest.raises(TrainingDiverged, match="smaller learning rate"):
        fit(MLP([3, 1], loss="mse", seed=0), X, Y, epochs=50, lr=1.0, on_divergence="raise")


def test_fit_checks_its_arguments():
    X, y = data.xor(20)
    net = MLP([2, 3, 1], loss="bce")
    with pytest.raises(ValueError, match="validation set"):
        fit(net, X, y, patience=3)
    with pytest.raises(ValueError, match="learning rate must be a number > 0"):
        fit(net, X, y, lr=-0.1)
    with pytest.raises(ValueError, match="batch_size"):
        fit(net, X, y, batch_size=0)


@pytest.mark.parametrize("name", list(data.TOY_SETS))
def test_toy_sets_are_seeded_and_labelled(name):
    X, y = data.make_toy(name, n=120, noise=0.1, seed=4)
    X2, y2 = data.make_toy(name, n=120, noise=0.1, seed=4)
    assert X.shape == (120, 2) and y.shape == (120,)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert set(y) == {0, 1}
    assert not np.array_equal(X, data.make_toy(name, n=120, noise=0.1, seed=5)[0])


def test_toy_sets_can_be_learnt():
    X, y = data.make_toy("circles", n=200, noise=0.05, seed=0)
    net = MLP([2, 8, 1], activation="tanh", loss="bce", seed=0)
    fit(net, X, y, epochs=300, batch_size=20, lr=0.5)
    assert net.accuracy(X, y) > 0.95


def test_minibatches_cover_every_sample_once():
    X = np.arange(10).reshape(10, 1)
    batches = list(data.minibatches(X, X, 4, rng=0))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate([b[0] for b in batches]).ravel()) == list(range(10))


def test_split_standardize_one_hot():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20) % 3
    Xtr, ytr, Xva, yva, Xte, yte = data.train_val_test_split(X, y, val=0.2, test=0.25, seed=1)
    assert (len(Xtr), len(Xva), len(Xte)) == (11, 4, 5)
    assert sorted(np.r_[Xtr[:, 0], Xva[:, 0], Xte[:, 0]]) == list(X[:, 0])
    S, T = data.standardize(Xtr, Xte)
    np.testing.assert_allclose(S.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(S.std(axis=0), 1)
    np.testing.assert_array_equal(data.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2"):
        data.one_hot(np.array([3]), 3)
    with pytest.raises(ValueError, match="X has 20 rows but y has 3"):
        data.train_val_test_split(X, y[:3])
