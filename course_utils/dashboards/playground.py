"""The playground of notebook 09: everything of the series in one live dashboard.

Pick a data set (circles, XOR, moons, spirals) with its noise and train/test ratio, the hidden
layer sizes, the activation, the initialisation, the optimizer, the learning rate and the batch
size; press play. Every tick trains a few epochs of mini-batch gradient descent on the
training points and redraws, in place, the decision boundary, the training and test cost
curves and the network diagram (edge colour = sign of the weight, width = its size).

The network is always MLP([2, *hidden, 1]) with a sigmoid output unit and the binary
cross-entropy cost J = -(1/m) sum_i [y_i log a_i + (1 - y_i) log(1 - a_i)].

The model lives in experiments/playground.py (no widgets, easy to test); this module puts
widgets around it: a model, a few panels and the wiring between them.

  BoundaryPanel, CostPanel, NetworkPanel  the three panels of one figure; each draws itself
                                          once and has update() to follow the model in place
  Controls                                the widgets, and Settings read from / shown on them
  Callbacks                               what each control does to the model, then redraw
  playground()                            builds them all and connects each control to its
                                          callback

Play is an ipywidgets `Play`: the browser ticks it, each tick runs one short training burst in
the kernel, so the notebook stays responsive between ticks.
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


# ---------------------------------------------------------------------------- the panels
class BoundaryPanel:
    """The left panel: the plane shaded by the network's output a^(L) = P(class 1), with the
    training points (●) and the test points (▲) on it.

    draw() places the data (after new data); update() only reshades the image for the current
    weights. Its artists go into `art`: 'boundary' (the image), 'train_points', 'test_points'
    and 'grid' (the points where the output is computed).
    """

    def __init__(self, ax, model, art, resolution):
        self.ax, self.model, self.art, self.resolution = ax, model, art, resolution
        self.draw()

    def draw(self):
        ax, model, art = self.ax, self.model, self.art
        ax.clear()
        art["boundary"] = plot_decision_boundary(
            ax, model.probability, model.X_train, model.y_train.astype(int),
            resolution=self.resolution)
        art["boundary"].set_interpolation("bilinear")  # a smooth boundary from a coarse grid
        art["train_points"] = list(ax.collections[-2:])
        art["test_points"] = [
            ax.scatter(*model.X_test[model.y_test == k].T, s=34, marker="^",
                       color=color, edgecolor="k", lw=0.6)
            for k, color in enumerate((COLORS["class0"], COLORS["class1"]))]
        _, _, art["grid"] = decision_grid(model.X_train, self.resolution)
        ax.set_title("decision boundary  (● train, ▲ test)", y=1.0)
        ax.locator_params(nbins=5)

    def update(self):
        p = self.model.probability(self.art["grid"]).reshape(self.resolution, self.resolution)
        self.art["boundary"].set_data(p)


class CostPanel:
    """The middle panel: the training and test cost after every epoch, on a log scale, with
    ln 2 (the cost of always answering ½) for comparison. update() moves the two lines."""

    def __init__(self, ax, model):
        self.ax, self.model = ax, model
        # markers, so that epoch 0 (a single point) shows too; not clipped at the axis x = 0,
        # so left out of tight_layout (which would measure the unclipped lines)
        line_style = dict(marker="o", ms=5, clip_on=False, in_layout=False)
        (self.train_line,) = ax.plot([], [], color=COLORS["train"], label="training cost",
                                     **line_style)
        (self.test_line,) = ax.plot([], [], color=COLORS["test"], label="test cost",
                                    **line_style)
        ax.axhline(np.log(2), color=COLORS["neutral"], lw=1.2, ls=":", label="ln 2: guessing")
        ax.set_xlabel("epoch")
        ax.set_yscale("log")
        # plain tick labels ("0.5", "1") without minor labels: mathtext labels are slow to draw
        self.ticks = LogLocator(subs=(1, 2, 5))
        ax.yaxis.set_major_locator(self.ticks)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("cost J (log scale)")
        ax.set_title("cost curves", y=1.0)
        # (y=1.0 fixes each title's place: matplotlib need not measure the axes on every draw)
        ax.legend(loc="upper right")

    def update(self):
        model = self.model
        epochs = np.arange(len(model.train_cost))
        self.train_line.set_data(epochs, model.train_cost)
        self.test_line.set_data(epochs, model.test_cost)
        for line in (self.train_line, self.test_line):  # a marker every epoch, then ~25 in all
            line.set_markevery(max(1, len(epochs) // 25))
        self.ax.set_xlim(0, max(10, model.epoch))
        finite = [v for v in model.train_cost + model.test_cost if np.isfinite(v) and v > 0]
        low = max(0.7 * min(finite, default=0.1), 1e-4)
        high = 1.5 * max(max(finite, default=1.0), 1.0)
        self.ax.set_ylim(low, high)
        self.ticks.set_params(subs=tick_multiples(low, high))


class NetworkPanel:
    """The right panel: the network diagram, edge colour = sign of the weight, width = |w|.

    update() recolours the edges for the current weights, or draws the diagram again when the
    layer sizes changed. Its artists go into `art`: 'network' (see drawing.draw_network) and
    'sizes' (the layer sizes drawn).
    """

    def __init__(self, ax, model, art):
        self.ax, self.model, self.art = ax, model, art
        self.draw()

    def draw(self):
        ax, art = self.ax, self.art
        ax.clear()
        art["network"] = draw_network(ax, [layer.W for layer in self.model.net.layers],
                                      max_nodes=8, title="network: colour = sign, width = |w|")
        art["sizes"] = self.model.net.sizes
        ax.set_title(ax.get_title(), y=1.0)
        for texts in art["network"]["node_texts"]:  # empty labels: skip them when drawing
            for text in texts:
                text.set_visible(False)

    def update(self):
        if self.model.net.sizes != self.art["sizes"]:  # a new architecture: a new diagram
            self.draw()
            return
        with np.errstate(all="ignore"):
            update_network(self.art["network"],
                           [np.nan_to_num(layer.W) for layer in self.model.net.layers])


# -------------------------------------------------------------------------- the controls
class Controls:
    """The widgets: one per field of Settings (`.widgets`, by field name), the preset menu,
    play, step and reset, the status line and the settings as one line of Python.

    read() turns the widgets' values into Settings; show(s) sets them from Settings s, with
    `holding` True meanwhile, so that the callbacks react once, at the end.
    """

    def __init__(self, settings, epochs_per_tick):
        s = settings
        self.widgets = {
            "dataset": W.Dropdown(options=DATASETS, value=s.dataset, description="data"),
            "noise": W.FloatSlider(value=s.noise, min=0.0, max=0.5, step=0.01,
                                   description="noise", continuous_update=False),
            "train_ratio": W.FloatSlider(value=s.train_ratio, min=0.1, max=0.9, step=0.05,
                                         description="train ratio", continuous_update=False),
            "hidden": W.Text(value=", ".join(map(str, s.hidden)), description="hidden sizes",
                             continuous_update=False),
            "activation": W.Dropdown(options=ACTIVATIONS, value=s.activation,
                                     description="activation"),
            "init": W.Dropdown(options=INITS, value=s.init, description="init"),
            "optimizer": W.Dropdown(options=OPTIMIZERS, value=s.optimizer,
                                    description="optimizer"),
            "lr": log_slider(s.lr, -4, 1, "learning rate η"),
            "batch_size": W.Dropdown(options=sorted(set(BATCH_SIZES) | {s.batch_size}),
                                     value=s.batch_size, description="batch size"),
        }
        self.widgets["lr"].continuous_update = False
        self.preset = W.Dropdown(options=[("choose a preset…", "")] + [(k, k) for k in PRESETS],
                                 value="", description="preset", layout=W.Layout(width="380px"))
        self.play = W.Play(value=0, min=0, max=10 ** 9, step=1, interval=250,
                           description="play", show_repeat=False)
        self.step_button = W.Button(description="step", icon="step-forward",
                                    tooltip=f"train {epochs_per_tick} epochs")
        self.reset_button = W.Button(description="reset", icon="refresh",
                                     tooltip="new weights, epoch 0")
        self.status = W.HTML()
        self.settings_text = W.Text(description="as Python",
                                    style={"description_width": "initial"},
                                    layout=W.Layout(width="100%"),
                                    tooltip="select and copy this line to recreate the playground")
        self.holding = False

    def read(self, seed):
        """The Settings the widgets show (ValueError for a bad entry, like hidden '3, x')."""
        values = {name: w.value for name, w in self.widgets.items()}
        values["hidden"] = parse_hidden(values["hidden"])
        return Settings(**values, seed=seed)

    def show(self, s):
        """Set every widget from Settings s, while `holding` is True."""
        self.holding = True
        try:
            for name, w in self.widgets.items():
                value = getattr(s, name)
                if name == "hidden":
                    value = ", ".join(map(str, value))
                if name == "batch_size" and value not in w.options:
                    w.options = sorted(set(w.options) | {value})
                if name == "lr" and value not in w.options:  # a rate off the slider's grid
                    w.options = sorted(set(w.options) | {value})
                w.value = value
        finally:
            self.holding = False

    def show_state(self, model):
        """The status line and the settings line for the model's current state."""
        self.status.value = _status_html(model)
        self.settings_text.value = model.settings.to_python()

    def show_error(self, err):
        self.status.value = _warning_html(err)


def _warning_html(text):
    return f'<span style="color:{COLORS["negative"]}">⚠ {text}</span>'


def _status_html(model):
    """Epoch, costs and accuracies, and the reason if the run diverged."""
    acc_tr = model.accuracy(model.X_train, model.y_train)
    acc_te = model.accuracy(model.X_test, model.y_test)
    text = (f"epoch <b>{model.epoch}</b> · training cost {model.train_cost[-1]:.4f} · "
            f"test cost {model.test_cost[-1]:.4f} · accuracy train {acc_tr:.0%}, "
            f"test {acc_te:.0%}")
    if model.diverged:
        text += "<br>" + _warning_html(model.diverged)
    return text


def _what_changed(old, new):
    """'data' (new points needed), 'model' (new weights needed) or 'training' (optimizer,
    learning rate, batch size: training can go on with the same weights)."""
    if any(getattr(new, k) != getattr(old, k) for k in ("dataset", "noise", "train_ratio",
                                                        "seed")):
        return "data"
    if any(getattr(new, k) != getattr(old, k) for k in ("hidden", "activation", "init")):
        return "model"
    return "training"


# ------------------------------------------------------------------------- the callbacks
class Callbacks:
    """What each control does: change the model, then bring every panel up to date and render
    the figure once (in place: no figure is rebuilt)."""

    def __init__(self, model, controls, view, boundary, network, costs, epochs_per_tick):
        self.model, self.controls, self.view = model, controls, view
        self.boundary, self.network, self.costs = boundary, network, costs
        self.epochs_per_tick = epochs_per_tick

    def redraw(self, new_data=False):
        """Update every artist for the model's current state and refresh the view."""
        if new_data:  # new points: place them and the boundary image again
            self.boundary.draw()
        for panel in (self.boundary, self.network, self.costs):
            panel.update()
        self.controls.show_state(self.model)
        self.view.refresh()

    def on_control(self, change):
        """A setting changed: new data, new weights, or (optimizer, learning rate, batch size)
        the same weights trained on with a new optimizer."""
        if self.controls.holding:  # a preset is setting many controls: react once, at the end
            return
        try:
            new = self.controls.read(seed=self.model.settings.seed)
        except ValueError as err:
            self.controls.show_error(err)
            return
        changed = _what_changed(self.model.settings, new)
        self.model.settings = new
        if changed == "training":
            self.model.set_optimizer()
        else:
            self.controls.play.playing = False
            self.model.reset(new_data=changed == "data")
        self.redraw(new_data=changed == "data")

    def apply_settings(self, s):
        """Set every control from Settings s, then rebuild once."""
        self.controls.show(s)
        self.model.settings = s
        self.controls.play.playing = False
        self.model.reset()
        self.redraw(new_data=True)

    def on_preset(self, change):
        if change["new"]:  # "" is the "choose a preset…" line
            self.apply_settings(Settings(**asdict(PRESETS[change["new"]])))

    def step(self, _=None):
        """Train epochs_per_tick epochs (play stops if the run diverges), then redraw."""
        self.model.train(self.epochs_per_tick)
        if self.model.diverged:
            self.controls.play.playing = False
        self.redraw()

    def on_play(self, change):
        if change["new"] > change["old"]:  # the stop button rewinds to 0: not a tick
            self.step()

    def reset(self, _=None):
        """Fresh weights from the seed, the same data, epoch 0."""
        self.controls.play.playing = False
        self.model.reset(new_data=False)
        self.redraw()


# ---------------------------------------------------------------- the figure and the layout
def _figure():
    """The three axes side by side: boundary, costs, network."""
    with plt.ioff():
        fig, axes = plt.subplots(1, 3, figsize=(15, 4.6),
                                 gridspec_kw={"width_ratios": [1, 1, 1.15]})
    return fig, axes


def _layout(controls, view):
    """Three columns of controls, the buttons, the status, the figure, the settings line."""
    columns = [  # (controls, column width, label width): sliders get the wider columns
        (["dataset", "noise", "train_ratio"], "36%", "5.5em"),
        (["hidden", "activation", "init"], "28%", "6.5em"),
        (["optimizer", "lr", "batch_size"], "36%", "7.5em"),
    ]
    c = controls.widgets
    for names, _, label_width in columns:  # each control fills its column; nothing overlaps
        for name in names:
            c[name].layout.width = "100%"
            c[name].style.description_width = label_width
    # In a narrow window a column moves to the next line instead of squeezing its sliders.
    rows = W.HBox([W.VBox([c[name] for name in names],
                          layout=W.Layout(width=width, min_width="240px", padding="0 8px 0 0"))
                   for names, width, _ in columns], layout=W.Layout(flex_flow="row wrap"))
    buttons = W.HBox([controls.play, controls.step_button, controls.reset_button,
                      controls.preset])
    return W.VBox([rows, buttons, controls.status, view.widget, controls.settings_text])


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
    # the model, the controls, and the three panels of one figure
    model = PlaygroundModel(Settings(dataset, noise, train_ratio, hidden, activation, init,
                                     optimizer, lr, batch_size, seed))
    controls = Controls(model.settings, epochs_per_tick)
    fig, (ax_b, ax_c, ax_n) = _figure()
    art = {}  # the current artists of the boundary and network panels, by name
    boundary = BoundaryPanel(ax_b, model, art, resolution)
    costs = CostPanel(ax_c, model)
    network = NetworkPanel(ax_n, model, art)
    fig.tight_layout()
    view = FigureView(fig)  # drawn once; from now on every change redraws it in place

    # the wiring: each control calls what it does
    on = Callbacks(model, controls, view, boundary, network, costs, epochs_per_tick)
    for w in controls.widgets.values():
        w.observe(on.on_control, names="value")
    controls.preset.observe(on.on_preset, names="value")
    controls.play.observe(on.on_play, names="value")
    controls.step_button.on_click(on.step)
    controls.reset_button.on_click(on.reset)

    box = _layout(controls, view)
    for name, w in controls.widgets.items():
        setattr(box, name, w)
    for name in ("preset", "play", "step_button", "reset_button", "status", "settings_text"):
        setattr(box, name, getattr(controls, name))
    box.model, box.figure, box.view, box.art = model, fig, view, art
    box.train_line, box.test_line = costs.train_line, costs.test_line
    box.settings = lambda: model.settings
    box.step, box.reset, box.apply_settings = on.step, on.reset, on.apply_settings
    on.redraw()
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
