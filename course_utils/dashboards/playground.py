"""The playground of notebook 09: everything of the series in one live dashboard.

Pick a data set (circles, XOR, moons, spirals) with its noise and train/test ratio, the hidden
layer sizes, the activation, the initialisation, the optimizer, the learning rate and the batch
size; press play. Every tick trains a few epochs of mini-batch gradient descent on the
training points and redraws, in place, the decision boundary, the training and test cost
curves and the network diagram (edge colour = sign of the weight, width = its size).

The network is always MLP([2, *hidden, 1]) with a sigmoid output unit and the binary
cross-entropy cost J = -(1/m) sum_i [y_i log a_i + (1 - y_i) log(1 - a_i)].

The model lives in experiments/playground.py (no widgets, easy to test); `playground()`
puts widgets around it. Play is an ipywidgets `Play`: the browser ticks it, each tick runs one short
training burst in the kernel, so the notebook stays responsive between ticks.
"""

import time
from dataclasses import asdict

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ..experiments.playground import (
    ACTIVATIONS,
    BATCH_SIZES,
    DATASETS,
    INITS,
    OPTIMIZERS,
    PRESETS,
    PlaygroundModel,
    Settings,
    parse_hidden,
)
from .drawing import decision_grid, draw_network, plot_decision_boundary, update_network
from .style import COLORS
from .view import FigureView, log_slider


# ---------------------------------------------------------------------------- the widget
def playground(dataset="circles", noise=0.1, train_ratio=0.7, hidden=(6, 6), activation="tanh",
               init="xavier", optimizer="adam", lr=0.01, batch_size=16, seed=0,
               epochs_per_tick=5, resolution=80):
    """The playground dashboard. Returns a VBox whose attributes let code (and tests) drive it:

    controls  .dataset, .noise, .train_ratio, .hidden, .activation, .init, .optimizer, .lr,
              .batch_size, .preset, .play (ipywidgets Play), .step_button, .reset_button
    output    .status (HTML), .settings_text (the settings as one line of Python)
    model     .model (a PlaygroundModel); figure .figure, .train_line, .test_line and .art,
              a dict of the current artists ('boundary' image, 'train_points', 'test_points',
              'network'); helpers .settings(), .step(), .reset(), .apply_settings(Settings)
    Each tick of play or press of step trains `epochs_per_tick` epochs and redraws in place.
    """
    settings = Settings(dataset, noise, train_ratio, hidden, activation, init, optimizer, lr,
                        batch_size, seed)
    model = PlaygroundModel(settings)
    style = {"description_width": "initial"}
    c = {
        "dataset": W.Dropdown(options=DATASETS, value=settings.dataset, description="data"),
        "noise": W.FloatSlider(value=settings.noise, min=0.0, max=0.5, step=0.01,
                               description="noise", continuous_update=False),
        "train_ratio": W.FloatSlider(value=settings.train_ratio, min=0.1, max=0.9, step=0.05,
                                     description="train ratio", continuous_update=False),
        "hidden": W.Text(value=", ".join(map(str, settings.hidden)),
                         description="hidden sizes", continuous_update=False),
        "activation": W.Dropdown(options=ACTIVATIONS, value=settings.activation,
                                 description="activation"),
        "init": W.Dropdown(options=INITS, value=settings.init, description="init"),
        "optimizer": W.Dropdown(options=OPTIMIZERS, value=settings.optimizer,
                                description="optimizer"),
        "lr": log_slider(settings.lr, -4, 1, "learning rate η"),
        "batch_size": W.Dropdown(options=sorted(set(BATCH_SIZES) | {settings.batch_size}),
                                 value=settings.batch_size, description="batch size"),
    }
    c["lr"].continuous_update = False
    preset = W.Dropdown(options=[("choose a preset…", "")] + [(k, k) for k in PRESETS],
                        value="", description="preset", layout=W.Layout(width="380px"))
    play = W.Play(value=0, min=0, max=10 ** 9, step=1, interval=250, description="play",
                  show_repeat=False)
    step_button = W.Button(description="step", icon="step-forward",
                           tooltip=f"train {epochs_per_tick} epochs")
    reset_button = W.Button(description="reset", icon="refresh", tooltip="new weights, epoch 0")
    status = W.HTML()
    settings_text = W.Text(description="as Python", style=style,
                           layout=W.Layout(width="100%"),
                           tooltip="select and copy this line to recreate the playground")

    # ---------------------------------------------------------------- the figure, drawn once
    with plt.ioff():
        fig, (ax_b, ax_c, ax_n) = plt.subplots(1, 3, figsize=(15, 4.6),
                                               gridspec_kw={"width_ratios": [1, 1, 1.15]})
    art = {}

    def draw_boundary_panel():
        ax_b.clear()
        art["boundary"] = plot_decision_boundary(
            ax_b, model.probability, model.X_train, model.y_train.astype(int),
            resolution=resolution)
        art["boundary"].set_interpolation("bilinear")  # a smooth boundary from a coarse grid
        art["train_points"] = list(ax_b.collections[-2:])
        art["test_points"] = [
            ax_b.scatter(*model.X_test[model.y_test == k].T, s=34, marker="^",
                         color=color, edgecolor="k", lw=0.6)
            for k, color in enumerate((COLORS["class0"], COLORS["class1"]))]
        _, _, art["grid"] = decision_grid(model.X_train, resolution)
        ax_b.set_title("decision boundary  (● train, ▲ test)", y=1.0)
        ax_b.locator_params(nbins=5)

    def draw_network_panel():
        ax_n.clear()
        art["network"] = draw_network(ax_n, [layer.W for layer in model.net.layers],
                                      max_nodes=8, title="network: colour = sign, width = |w|")
        art["sizes"] = model.net.sizes
        ax_n.set_title(ax_n.get_title(), y=1.0)
        for texts in art["network"]["node_texts"]:  # empty labels: skip them when drawing
            for text in texts:
                text.set_visible(False)

    # markers, so that epoch 0 (a single point) shows too; not clipped at the axis x = 0, so
    # left out of tight_layout (which would measure the unclipped lines)
    line_style = dict(marker="o", ms=5, clip_on=False, in_layout=False)
    (train_line,) = ax_c.plot([], [], color=COLORS["train"], label="training cost", **line_style)
    (test_line,) = ax_c.plot([], [], color=COLORS["test"], label="test cost", **line_style)
    ax_c.axhline(np.log(2), color=COLORS["neutral"], lw=1.2, ls=":", label="ln 2: guessing")
    ax_c.set_xlabel("epoch")
    ax_c.set_yscale("log")
    # plain tick labels ("0.5", "1") without minor labels: mathtext labels are slow to draw
    cost_ticks = LogLocator(subs=(1, 2, 5))
    ax_c.yaxis.set_major_locator(cost_ticks)
    ax_c.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_c.yaxis.set_minor_formatter(NullFormatter())
    ax_c.set_ylabel("cost J (log scale)")
    ax_c.set_title("cost curves", y=1.0)
    # (y=1.0 fixes each title's place: matplotlib need not measure the axes on every draw)
    ax_c.legend(loc="upper right")
    draw_boundary_panel()
    draw_network_panel()
    fig.tight_layout()
    view = FigureView(fig)

    # ------------------------------------------------------------------ redraw in place
    def redraw():
        """Update every artist for the model's current state and refresh the view."""
        p = model.probability(art["grid"]).reshape(resolution, resolution)
        art["boundary"].set_data(p)
        if model.net.sizes != art["sizes"]:  # a new architecture needs a new diagram
            draw_network_panel()
        else:
            with np.errstate(all="ignore"):
                update_network(art["network"], [np.nan_to_num(layer.W) for layer in
                                                model.net.layers])
        epochs = np.arange(len(model.train_cost))
        train_line.set_data(epochs, model.train_cost)
        test_line.set_data(epochs, model.test_cost)
        for line in (train_line, test_line):  # a marker every epoch at first, then ~25 in all
            line.set_markevery(max(1, len(epochs) // 25))
        ax_c.set_xlim(0, max(10, model.epoch))
        finite = [v for v in model.train_cost + model.test_cost if np.isfinite(v) and v > 0]
        low = max(0.7 * min(finite, default=0.1), 1e-4)
        high = 1.5 * max(max(finite, default=1.0), 1.0)
        ax_c.set_ylim(low, high)
        cost_ticks.set_params(subs=tick_multiples(low, high))
        status.value = status_html()
        settings_text.value = model.settings.to_python()
        view.refresh()

    def redraw_data():
        """After new data: move the points and the boundary image, then redraw."""
        draw_boundary_panel()
        redraw()

    def status_html():
        acc_tr = model.accuracy(model.X_train, model.y_train)
        acc_te = model.accuracy(model.X_test, model.y_test)
        text = (f"epoch <b>{model.epoch}</b> · training cost {model.train_cost[-1]:.4f} · "
                f"test cost {model.test_cost[-1]:.4f} · accuracy train {acc_tr:.0%}, "
                f"test {acc_te:.0%}")
        if model.diverged:
            text += f'<br><span style="color:{COLORS["negative"]}">⚠ {model.diverged}</span>'
        return text

    # ---------------------------------------------------------------------- the callbacks
    hold = {"on": False}  # while a preset sets many controls, react once at the end

    def read_settings():
        values = {name: w.value for name, w in c.items()}
        values["hidden"] = parse_hidden(values["hidden"])
        return Settings(**values, seed=model.settings.seed)

    def on_control(change):
        if hold["on"]:
            return
        try:
            new = read_settings()
        except ValueError as err:
            status.value = f'<span style="color:{COLORS["negative"]}">⚠ {err}</span>'
            return
        old = model.settings
        model.settings = new
        data_changed = any(getattr(new, k) != getattr(old, k)
                           for k in ("dataset", "noise", "train_ratio", "seed"))
        model_changed = any(getattr(new, k) != getattr(old, k)
                            for k in ("hidden", "activation", "init"))
        if data_changed or model_changed:
            play.playing = False
            model.reset(new_data=data_changed)
        else:  # optimizer, learning rate, batch size: go on training with the same weights
            model.set_optimizer()
        redraw_data() if data_changed else redraw()

    def apply_settings(s):
        """Set every control from Settings s, then rebuild once."""
        hold["on"] = True
        try:
            for name, w in c.items():
                value = getattr(s, name)
                if name == "hidden":
                    value = ", ".join(map(str, value))
                if name == "batch_size" and value not in w.options:
                    w.options = sorted(set(w.options) | {value})
                if name == "lr" and value not in w.options:  # a rate off the slider's grid
                    w.options = sorted(set(w.options) | {value})
                w.value = value
        finally:
            hold["on"] = False
        model.settings = s
        play.playing = False
        model.reset()
        redraw_data()

    def on_preset(change):
        if change["new"]:  # "" is the "choose a preset…" line
            apply_settings(Settings(**asdict(PRESETS[change["new"]])))

    def step(_=None):
        model.train(epochs_per_tick)
        if model.diverged:
            play.playing = False
        redraw()

    def on_play(change):
        if change["new"] > change["old"]:  # the stop button rewinds to 0: not a tick
            step()

    def reset(_=None):
        play.playing = False
        model.reset(new_data=False)
        redraw()

    for w in c.values():
        w.observe(on_control, names="value")
    preset.observe(on_preset, names="value")
    play.observe(on_play, names="value")
    step_button.on_click(step)
    reset_button.on_click(reset)

    # ------------------------------------------------------------------------- the layout
    columns = [  # (controls, column width, label width): sliders get the wider columns
        (["dataset", "noise", "train_ratio"], "36%", "5.5em"),
        (["hidden", "activation", "init"], "28%", "6.5em"),
        (["optimizer", "lr", "batch_size"], "36%", "7.5em"),
    ]
    for names, _, label_width in columns:  # each control fills its column; nothing overlaps
        for name in names:
            c[name].layout.width = "100%"
            c[name].style.description_width = label_width
    # In a narrow window a column moves to the next line instead of squeezing its sliders.
    controls = W.HBox([W.VBox([c[name] for name in names],
                              layout=W.Layout(width=width, min_width="240px",
                                              padding="0 8px 0 0"))
                       for names, width, _ in columns], layout=W.Layout(flex_flow="row wrap"))
    buttons = W.HBox([play, step_button, reset_button, preset])
    box = W.VBox([controls, buttons, status, view.widget, settings_text])
    for name, w in c.items():
        setattr(box, name, w)
    box.preset, box.play, box.step_button, box.reset_button = preset, play, step_button, \
        reset_button
    box.status, box.settings_text, box.model, box.figure, box.view = status, settings_text, \
        model, fig, view
    box.train_line, box.test_line = train_line, test_line
    box.art = art
    box.settings = lambda: model.settings
    box.step, box.reset, box.apply_settings = step, reset, apply_settings
    redraw()
    return box


def tick_multiples(low, high):
    """Which multiples of each power of ten label a log axis from low to high: 0.5, 0.6, ...
    within a decade or so, 0.1, 0.2, 0.5, 1, ... over a few, only the powers of ten beyond."""
    decades = np.log10(high / low)
    if decades <= 1.2:
        return tuple(range(1, 10))
    return (1, 2, 5) if decades <= 3.5 else (1,)


def measure_redraw(box, repeats=5):
    """Seconds from a control change to the redrawn figure, measured in the kernel.

    Moves the noise slider back and forth `repeats` times (new data, fresh weights, every
    artist updated) and times each change until the figure is rendered: the callback itself
    (which renders the PNG it shows) or, with ipympl (which draws later), one draw of the
    canvas.
    Returns a dict with the best and the median time, and the same for one training step.
    """
    rendered_by_refresh = not box.view.is_canvas  # the PNG is made inside refresh()
    start_value = box.noise.value
    values = [start_value + 0.02, start_value]
    change, step = [], []
    for i in range(repeats):
        t0 = time.perf_counter()
        box.noise.value = values[i % 2]
        if not rendered_by_refresh:
            box.figure.canvas.draw()
        change.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        box.step_button.click()
        if not rendered_by_refresh:
            box.figure.canvas.draw()
        step.append(time.perf_counter() - t0)
    box.noise.value = start_value
    return {"change_best": min(change), "change_median": float(np.median(change)),
            "step_best": min(step), "step_median": float(np.median(step))}
