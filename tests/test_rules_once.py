"""The rules that live in one function each: a loss's output delta, the divergence test, layer
sizes, one-hot targets, accuracy; and the playground trains through fit like notebook 06."""

import numpy as np
import pytest

from course_utils import data, losses, train
from course_utils.activations import get_activation
from course_utils.experiments import playground as pg
from course_utils.gradcheck import numerical_gradient, relative_error
from course_utils.network import MLP, parse_sizes
from course_utils.notation import bias_name, symbol, weight_name
from course_utils.optim import Adam

PAIRS = [("mse", "identity"), ("bce", "sigmoid"), ("cross_entropy", "softmax")]
OTHERS = [("mse", "sigmoid"), ("mse", "tanh"), ("mse", "softmax"), ("bce", "identity")]


def _outputs(activation, rng, m=5, n=3):
    Z = rng.normal(size=(m, n))
    if activation == "identity":  # bce of a linear output needs it inside (0, 1)
        Z = rng.uniform(0.2, 0.8, size=(m, n))
    Y = np.eye(n)[rng.integers(0, n, m)] if activation == "softmax" else rng.uniform(size=(m, n))
    return Z, Y


@pytest.mark.parametrize("loss_name, act_name", PAIRS + OTHERS)
def test_the_loss_owns_its_output_delta(loss_name, act_name):
    """Loss.delta is dL/dz for every sample, checked against finite differences of the loss."""
    rng = np.random.default_rng(3)
    loss, act = losses.get_loss(loss_name), get_activation(act_name)
    Z, Y = _outputs(act_name, rng)
    delta = loss.delta(act, Z, act(Z), Y)
    numeric = numerical_gradient(lambda: float(np.sum(loss.loss(act(Z), Y))), Z)
    assert relative_error(delta, numeric) < 1e-7
    if (loss_name, act_name) in PAIRS:  # the pairing: the chain rule collapses to a - y
        assert loss.collapses_with(act)
        np.testing.assert_array_equal(delta, act(Z) - Y)
    else:
        assert not loss.collapses_with(act)


def test_a_saturated_output_costs_what_the_logit_says():
    """For the loss's own pairing the loss comes from z: bce at z = 40 is log(1 + e^-40)."""
    bce, sig = losses.get_loss("bce"), get_activation("sigmoid")
    Z, Y = np.array([[40.0]]), np.array([[1.0]])
    from_logits = bce.sample_losses(sig, Z, sig(Z), Y)[0]
    assert from_logits == pytest.approx(np.log1p(np.exp(-40.0)), rel=1e-12)
    assert bce.loss(sig(Z), Y)[0] > 1e3 * from_logits  # from a (rounded to 1) it is far off


def test_the_network_asks_its_loss_for_the_output_delta(monkeypatch):
    net = MLP([3, 4, 2], activation="tanh", output_activation="sigmoid", loss="bce", seed=1)
    calls = []
    real = losses.Loss.delta
    monkeypatch.setattr(losses.Loss, "delta",
                        lambda self, *args: calls.append(self.name) or real(self, *args))
    net.gradients(np.ones((2, 3)), np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert calls == ["bce"]


def test_one_divergence_rule():
    assert train.has_diverged(np.nan, 1.0) and train.has_diverged(np.inf, 1.0)
    assert train.has_diverged(1001.0, 1.0) and not train.has_diverged(999.0, 1.0)
    # a tiny start is measured from the floor, so a cost of 1e-6 -> 0.5 is no divergence
    assert not train.has_diverged(0.5, 1e-6)
    assert train.has_diverged(1.0, 1.0, params=[np.array([1.0, np.nan])])
    message = train.divergence_message("epoch", 4, 2.5e4)
    assert message == ("diverged at epoch 4: the cost is 2.5e+04 and growing. "
                       "Try a smaller learning rate.")
    assert "and growing" not in train.divergence_message("step", 2, np.nan)


def test_layer_sizes_are_parsed_once_and_strictly():
    assert parse_sizes("2, 3, 1") == parse_sizes("2 3 1") == parse_sizes((2.0, 3, np.int64(1)))
    assert parse_sizes("", min_count=0) == [] and parse_sizes(8, min_count=0) == [8]
    for bad in ([2, 2.5, 1], [2, True, 1], [2, 0, 1], "2, x", [5], [2, np.nan]):
        with pytest.raises(ValueError, match="whole numbers"):
            parse_sizes(bad)
    with pytest.raises(ValueError, match="whole numbers"):
        MLP([2, 2.5, 1])  # truncated to 2 before; refused now
    assert pg.parse_hidden("8, 8") == (8, 8) and pg.parse_hidden(()) == ()


def test_one_hot_is_made_in_one_place():
    np.testing.assert_array_equal(data.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    assert data.one_hot([1], 2, dtype=np.float32).dtype == np.float32
    net = MLP([2, 3], loss="cross_entropy", dtype=np.float32)
    np.testing.assert_array_equal(net.targets(np.array([2, 0]), 2), data.one_hot([2, 0], 3))
    with pytest.raises(ValueError, match=r"class labels must lie in 0\.\.2"):
        data.one_hot(np.array([3]), 3)


def test_accuracy_is_counted_in_one_place():
    assert losses.accuracy([1, 0, 1, 1], [1, 1, 1, 0]) == 0.5
    assert losses.accuracy([2, 0], np.eye(3)[[2, 1]]) == 0.5  # one-hot targets
    with pytest.raises(ValueError, match="3 predicted labels for 2 targets"):
        losses.accuracy([1, 0, 1], [1, 0])


def test_fit_goes_on_from_a_history_exactly_as_one_long_run():
    X, y = data.moons(n=80, seed=2)
    one = MLP([2, 6, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=4)
    two = MLP([2, 6, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=4)
    long = train.fit(one, X, y, epochs=5, batch_size=8, optimizer=Adam(0.01), seed=7)
    rng, adam = np.random.default_rng(7), Adam(0.01)
    history = train.fit(two, X, y, epochs=3, batch_size=8, optimizer=adam, seed=rng)
    train.fit(two, X, y, epochs=2, batch_size=8, optimizer=adam, seed=rng, history=history)
    assert history.epochs == 5 and history.train_cost == long.train_cost
    for p, q in zip(one.params(), two.params()):
        np.testing.assert_array_equal(p, q)


def test_the_playground_trains_through_fit(monkeypatch):
    calls = []
    real = pg.fit
    monkeypatch.setattr(pg, "fit", lambda *a, **k: calls.append(k["epochs"]) or real(*a, **k))
    model = pg.PlaygroundModel(pg.Settings(dataset="xor", hidden=(4,), lr=0.05))
    model.train(3)
    model.train(2)
    assert calls == [0, 3, 2] and model.epoch == 5 and len(model.train_cost) == 6
    assert model.history.val_cost is model.test_cost


def test_the_playground_stops_by_the_one_rule():
    model = pg.PlaygroundModel(pg.PRESETS["fails: learning rate too large (diverges)"])
    model.train(20)
    assert model.history.diverged
    assert model.diverged.startswith(f"diverged at epoch {model.epoch}: the cost is ")
    before = model.epoch
    model.train(5)  # stays stopped until reset
    assert model.epoch == before


def test_the_notes_names_are_spelled_in_one_place():
    assert weight_name(1, 2, 1) == "w¹₂₁" and bias_name(2, 1) == "b²₁"
    assert symbol("x", None, 1) == "x₁" and symbol("z", 12, 3) == "z¹²₃"


def test_a_saturated_neuron_gets_its_gradient_from_the_loss_rule():
    """sigmoid + bce at z = 41: dL/dz = a - y = 1 exactly (the product of the three chain
    factors rounds to 0 there, which is why the neuron asks Loss.delta)."""
    from course_utils.neuron import Neuron

    neuron = Neuron([1.0], 40.0, "sigmoid", "bce")
    dw, db = neuron.gradients([[1.0]], [0.0])
    assert dw[0] == pytest.approx(1.0) and db == pytest.approx(1.0)
    dL_da, da_dz, _ = neuron.chain_factors([[1.0]], [0.0])
    assert float(dL_da[0] * da_dz[0]) < 1e-3  # the naive product has lost it
    assert neuron.cost([[1.0]], [0.0]) == pytest.approx(41.0)  # from the logit, not clipped


def test_optimizer_paths_stop_by_the_one_rule():
    from course_utils.experiments import optimizers as surfaces

    diverging = surfaces.optimizer_path("ravine", "sgd", lr=1.0, steps=100)
    assert len(diverging) < 101 and surfaces.path_diverged("ravine", diverging)
    f = surfaces.SURFACES["ravine"].f
    assert train.has_diverged(float(f(diverging[-1])), float(f(diverging[0])))
    assert not train.has_diverged(float(f(diverging[-2])), float(f(diverging[0])))
    calm = surfaces.optimizer_path("ravine", "sgd", lr=0.05, steps=100)
    assert len(calm) == 101 and not surfaces.path_diverged("ravine", calm)
