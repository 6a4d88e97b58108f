"""The playground dashboard (notebook 09) responds to its controls without a browser."""

import numpy as np
import pytest

from course_utils.dashboards.playground import measure_redraw, playground
from course_utils.experiments.playground import PRESETS, PlaygroundModel, Settings, parse_hidden


@pytest.fixture(scope="module")
def box():
    return playground()


def boundary(box):
    return np.asarray(box.art["boundary"].get_array()).copy()


def edge_widths(box):
    return [line.get_linewidth() for layer in box.art["network"]["edges"] for line in layer]


def test_draws_once_with_its_defaults(box):
    assert box.model.epoch == 0
    assert "epoch <b>0</b>" in box.status.value
    assert len(box.train_line.get_xdata()) == 1
    assert np.isfinite(boundary(box)).all()


def test_step_trains_and_redraws_every_panel(box):
    box.reset()
    before_img, before_w = boundary(box), edge_widths(box)
    before_png = bytes(box.view.widget.value)
    cost0 = box.model.train_cost[-1]
    box.step_button.click()
    box.step_button.click()
    assert box.model.epoch == 10
    assert box.model.train_cost[-1] < cost0
    np.testing.assert_allclose(box.train_line.get_ydata(), box.model.train_cost)
    np.testing.assert_allclose(box.test_line.get_ydata(), box.model.test_cost)
    assert not np.allclose(boundary(box), before_img)
    assert edge_widths(box) != before_w
    assert "epoch <b>10</b>" in box.status.value
    png = bytes(box.view.widget.value)  # the shown image was rendered again
    assert png.startswith(b"\x89PNG") and png != before_png


def test_play_ticks_train_and_the_stop_rewind_does_not(box):
    box.reset()
    box.play.value += 1
    assert box.model.epoch == 5
    box.play.value = 0  # what the stop button does
    assert box.model.epoch == 5


def test_reset_restores_the_starting_weights(box):
    box.reset()
    w0 = [p.copy() for p in box.model.net.params()]
    box.step()
    box.reset_button.click()
    assert box.model.epoch == 0
    for a, b in zip(w0, box.model.net.params()):
        np.testing.assert_array_equal(a, b)


def test_data_controls_change_the_data_and_the_points(box):
    X_before = box.model.X_train.copy()
    offsets_before = box.art["train_points"][0].get_offsets().copy()
    box.dataset.value = "moons"
    assert box.model.settings.dataset == "moons" and box.model.epoch == 0
    assert not np.allclose(box.model.X_train[:5], X_before[:5])
    assert not np.array_equal(box.art["train_points"][0].get_offsets(), offsets_before)
    n_train = len(box.model.X_train)
    box.train_ratio.value = 0.5
    assert len(box.model.X_train) == 150 != n_train
    assert len(box.model.X_test) == 150
    box.noise.value = 0.3
    assert box.model.settings.noise == 0.3


def test_architecture_controls_rebuild_the_network(box):
    box.hidden.value = "3, 4, 5"
    assert box.model.net.sizes == [2, 3, 4, 5, 1]
    assert [len(n) for n in box.art["network"]["nodes"]] == [2, 3, 4, 5, 1]
    box.activation.value = "relu"
    assert {layer.activation.name for layer in box.model.net.layers[:-1]} == {"relu"}
    box.hidden.value = "3, x"
    assert "whole numbers" in box.status.value
    assert box.model.net.sizes == [2, 3, 4, 5, 1]  # a bad entry leaves the model alone


def test_training_controls_keep_the_weights(box):
    box.hidden.value = "6, 6"
    box.step()
    w = [p.copy() for p in box.model.net.params()]
    box.optimizer.value = "sgd"
    box.lr.value = 0.5
    box.batch_size.value = 32
    assert type(box.model.optimizer).__name__ == "SGD" and box.model.optimizer.lr == 0.5
    assert box.model.settings.batch_size == 32 and box.model.epoch == 5
    for a, b in zip(w, box.model.net.params()):
        np.testing.assert_array_equal(a, b)


def test_presets_set_every_control():
    box = playground()
    name = "works: spirals, 3 ReLU layers of 16, Adam"
    box.preset.value = name
    assert box.settings() == PRESETS[name]
    assert box.dataset.value == "spirals" and box.hidden.value == "16, 16, 16"
    assert box.model.net.sizes == [2, 16, 16, 16, 1]


def test_the_working_presets_learn():
    for name in ("works: circles, 2 tanh layers, Adam", "works: XOR, 4 ReLU units, SGD"):
        model = PlaygroundModel(PRESETS[name])
        model.train(60)
        assert model.accuracy(model.X_test, model.y_test) >= 0.9, name


def test_the_failing_presets_fail_as_described():
    model = PlaygroundModel(PRESETS["fails: learning rate too large (diverges)"])
    model.train(30)
    assert model.diverged and "smaller learning rate" in model.diverged
    assert model.epoch < 30  # it stopped by itself
    model = PlaygroundModel(PRESETS["fails: deep sigmoid network stalls"])
    model.train(60)
    assert min(model.train_cost) > 0.65  # still at ln 2 = 0.693: guessing
    model = PlaygroundModel(PRESETS["fails: XOR without a hidden layer"])
    model.train(60)
    assert model.accuracy(model.X_train, model.y_train) < 0.8


def test_divergence_stops_play_and_says_why():
    box = playground(**vars(PRESETS["fails: learning rate too large (diverges)"]))
    box.play.playing = True
    for _ in range(6):
        box.play.value += 1
    assert box.model.diverged and not box.play.playing
    assert "smaller learning rate" in box.status.value
    assert np.isfinite(boundary(box)).all()


def test_the_settings_line_recreates_the_same_playground(box):
    box.dataset.value = "xor"
    box.hidden.value = "5, 3"
    box.lr.value = 0.002  # a value on the slider (1, 2, 3, 5 times a power of ten)
    box.batch_size.value = 8
    line = box.settings_text.value
    assert line == box.settings().to_python() and "\n" not in line
    namespace = {}
    exec(line.replace("; playground(", "; new = playground("), namespace)
    new = namespace["new"]
    assert new.settings() == box.settings()
    for a, b in zip(new.model.net.params(), PlaygroundModel(box.settings()).net.params()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(new.model.X_train, box.model.X_train)


def test_bad_settings_get_clear_errors():
    with pytest.raises(ValueError, match="dataset must be one of"):
        Settings(dataset="mnist")
    with pytest.raises(ValueError, match="learning rate"):
        Settings(lr=0)
    with pytest.raises(ValueError, match="1..64 units"):
        parse_hidden("0, 4")
    assert parse_hidden("") == () and parse_hidden(8) == (8,)


def test_measure_redraw_reports_times(box):
    times = measure_redraw(box, repeats=2)
    assert set(times) == {"change_best", "change_median", "step_best", "step_median"}
    assert all(t > 0 for t in times.values())


def test_cost_panel_is_readable_from_epoch_0():
    box = playground()
    ax = box.train_line.axes
    assert len(box.train_line.get_xdata()) == 1 and box.train_line.get_marker() == "o"
    assert "ln 2: guessing" in [t.get_text() for t in ax.get_legend().get_texts()]
    (guess,) = [line for line in ax.get_lines() if line.get_label() == "ln 2: guessing"]
    assert guess.get_ydata()[0] == pytest.approx(np.log(2))

    def labels():
        box.figure.canvas.draw()
        low, high = ax.get_ylim()
        return [float(t.get_text()) for t in ax.get_yticklabels()
                if t.get_text() and low <= t.get_position()[1] <= high]

    assert {0.5, 0.6, 0.7, 0.8, 0.9, 1.0} <= set(labels())  # not just "1" near ln 2
    for _ in range(8):
        box.step_button.click()
    shown = labels()
    assert 0.5 in shown and len(shown) <= 12  # 1-2-5 (or decades) over a wider range
