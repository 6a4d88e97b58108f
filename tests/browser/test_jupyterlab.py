"""Every notebook, as a learner uses it: opened in JupyterLab in Chromium, Run All, no errors.

All JupyterLab tests live in this one file so pytest-xdist (--dist loadfile) runs them on one
worker against one server. A screenshot of each notebook after its run goes to test-artifacts/.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDER_NOTEBOOKS = ["00", "01", "02", "04"]  # 00 proves the test on the environment check
RUN_TIMEOUT_MS = 180_000

# JupyterLab's own objects, exposed in the page by --LabApp.expose_app_in_browser.
APP_READY = ("() => Boolean(window.jupyterapp && window.jupyterapp.shell"
             " && document.querySelector('.lm-MenuBar-item'))")

OPEN_NOTEBOOK = """async path => {
  const w = await window.jupyterapp.commands.execute('docmanager:open', {path});
  window.jupyterapp.shell.activateById(w.id);
  return w.id;
}"""

KERNEL_IDLE = """id => {
  const w = window.jupyterapp.shell.currentWidget;
  const s = w && w.id === id && w.sessionContext;
  const k = s && s.session && s.session.kernel;
  return Boolean(w.content && s.isReady && k && k.connectionStatus === 'connected'
                 && k.status === 'idle');
}"""

CELL_STATES = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  const cells = [];
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const outputs = cell.model.outputs.toJSON();
    cells.push({count: cell.model.executionCount, running: cell.model.executionState === 'running',
                empty: cell.model.sharedModel.getSource().trim() === '',
                widgets: outputs.filter(o => o.data
                                        && o.data['application/vnd.jupyter.widget-view+json'])
                                .length,
                errors: outputs.filter(o => o.output_type === 'error')
                               .map(o => o.ename + ': ' + o.evalue)});
  }
  return {kernel: k ? k.status : 'none', cells};
}"""

# Run All has finished: the kernel is idle and every cell ran (or one raised, which stops it).
RUN_DONE = f"""() => {{
  const s = ({CELL_STATES})();
  return s.kernel === 'idle' && !s.cells.some(c => c.running)
    && (s.cells.some(c => c.errors.length) || s.cells.every(c => c.empty || c.count !== null));
}}"""

CLOSE_NOTEBOOK = """async id => {
  const w = [...window.jupyterapp.shell.widgets('main')].find(w => w.id === id);
  if (!w) return;
  await w.sessionContext.shutdown();
  w.context.model.dirty = false;  // close without the save dialog: the copy is thrown away
  w.dispose();
}"""


@pytest.fixture(scope="module")
def page(browser, lab):
    """One JupyterLab page for the whole module; notebooks open in it one after another."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(lab.lab_url())
    page.wait_for_function(APP_READY, timeout=90_000, polling=250)
    yield page
    context.close()


_OPEN = {}  # notebook number -> id of its panel, left open after its run for the slider test


def _run_all(page, path, artifacts):
    """Open the notebook, Run All, wait for the end, save a screenshot; return the cell states."""
    panel_id = page.evaluate(OPEN_NOTEBOOK, f"notebooks/{path.name}")
    page.wait_for_function(KERNEL_IDLE, arg=panel_id, timeout=90_000, polling=250)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    page.wait_for_timeout(500)  # let the first cells be queued before polling for the end
    page.wait_for_function(RUN_DONE, timeout=RUN_TIMEOUT_MS, polling=400)
    page.wait_for_timeout(800)  # widgets and images finish rendering
    state = page.evaluate(CELL_STATES)
    _screenshot(page, panel_id, artifacts / f"lab_{path.stem}.png")
    return panel_id, state


def _screenshot(page, panel_id, path):
    """The whole notebook, not just the window: grow the viewport to the notebook's height."""
    scroller = f"document.querySelector('#{panel_id} .jp-WindowedPanel-outer')"
    height = page.evaluate(f"() => {{ const s = {scroller}; return s ? s.scrollHeight : 900; }}")
    page.set_viewport_size({"width": 1280, "height": min(max(height + 160, 800), 16000)})
    page.wait_for_timeout(400)
    page.evaluate(f"() => {{ const s = {scroller}; if (s) s.scrollTop = 0; }}")
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _close(page, panel_id):
    page.evaluate(CLOSE_NOTEBOOK, panel_id)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebook_runs_in_jupyterlab_without_errors(page, artifacts, path):
    panel_id, state = _run_all(page, path, artifacts)
    try:
        errors = [(i, e) for i, c in enumerate(state["cells"]) for e in c["errors"]]
        assert not errors, f"{path.name}: code cells raised {errors}"
        not_run = [i for i, c in enumerate(state["cells"]) if c["count"] is None and not c["empty"]]
        assert not not_run, f"{path.name}: code cells {not_run} did not run"
        panel = page.locator(f"#{panel_id}")
        broken = panel.locator(".jp-OutputArea-output", has_text="Error displaying widget")
        assert broken.count() == 0, f"{path.name}: a widget failed to display in JupyterLab"
        n_widgets = sum(c["widgets"] for c in state["cells"])
        rendered = panel.locator(".jp-OutputArea-output:has(.jupyter-widgets)").count()
        assert rendered >= n_widgets, (
            f"{path.name}: {n_widgets} widgets shown by the kernel, {rendered} drawn by JupyterLab")
    finally:
        if path.name[:2] in SLIDER_NOTEBOOKS:
            _OPEN[path.name[:2]] = panel_id
        else:
            _close(page, panel_id)


# What a learner sees of a widget: its pictures and its text, not the slider's own readout.
WIDGET_VIEW = """root => {
  const pics = [...root.querySelectorAll('img')].map(i => i.src)
    .concat([...root.querySelectorAll('canvas')].map(c => c.toDataURL()))
    .concat([...root.querySelectorAll('svg')].map(s => s.outerHTML));
  const clone = root.cloneNode(true);
  clone.querySelectorAll('.widget-slider, .widget-readout, .noUi-target').forEach(e => e.remove());
  return {pics, text: clone.innerText, readout:
          [...root.querySelectorAll('.widget-readout')].map(r => r.innerText || r.value)};
}"""


@pytest.mark.parametrize("number", SLIDER_NOTEBOOKS)
def test_first_slider_changes_the_display(page, artifacts, number):
    paths = [p for p in NOTEBOOKS if p.name.startswith(number + "_")]
    if not paths:
        pytest.skip(f"notebook {number} is not in notebooks/ yet")
    panel_id = _OPEN.pop(number, None)
    if panel_id is None:  # run on its own (pytest -k): run the notebook first
        panel_id, _ = _run_all(page, paths[0], artifacts)
    try:
        page.evaluate("id => window.jupyterapp.shell.activateById(id)", panel_id)
        # The first output that holds a slider: the notebook's first dashboard.
        widget = page.locator(f"#{panel_id} .jp-OutputArea-output:has(.noUi-handle)").first
        assert widget.count() == 1, f"{paths[0].name}: no slider rendered in JupyterLab"
        widget.scroll_into_view_if_needed()
        before = widget.evaluate(WIDGET_VIEW)
        handle = widget.locator(".noUi-handle").first
        for key in ("ArrowRight", "ArrowLeft"):  # ArrowLeft if the slider starts at its max
            handle.focus()
            for _ in range(3):
                handle.press(key)
            if widget.evaluate(WIDGET_VIEW)["readout"] != before["readout"]:
                break
        after = _settled(page, widget, before)
        assert after["readout"] != before["readout"], "the slider did not move"
        assert after["pics"] != before["pics"] or after["text"] != before["text"], (
            f"{paths[0].name}: moving the first slider ({before['readout']} -> "
            f"{after['readout']}) changed neither its figure nor its numbers")
        widget.screenshot(path=str(artifacts / f"lab_{paths[0].stem}_slider.png"))
    finally:
        _close(page, panel_id)


KERNEL_STATUS = "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"


def _settled(page, widget, before, timeout_s=30):
    """The widget's view once it changed, the kernel is idle, and it stays so for a second.

    Each key press sends a value to the kernel, whose callback redraws; intermediate values
    redraw too, so wait until every callback has run and the view stops changing.
    """
    last, quiet = None, 0
    for _ in range(int(timeout_s / 0.5)):
        page.wait_for_timeout(500)
        now = widget.evaluate(WIDGET_VIEW)
        idle = page.evaluate(KERNEL_STATUS) == "idle"
        changed = now["pics"] != before["pics"] or now["text"] != before["text"]
        quiet = quiet + 1 if (idle and changed and now == last) else 0
        if quiet >= 2:
            return now
        last = now
    return last


def test_rise_presents_a_notebook_live(page, lab, artifacts):
    """RISE (jupyterlab_rise) shows the notebook as live slides, with a kernel behind them."""
    rise = page.context.new_page()
    try:
        rise.goto(f"{lab.url}/rise/notebooks/{NOTEBOOKS[0].name}?token={lab.token}")
        rise.wait_for_selector(".reveal .slides section.present", timeout=60_000)
        rise.wait_for_timeout(1000)
        first = rise.locator(".reveal .slides section.present").last.inner_text()
        rise.screenshot(path=str(artifacts / "rise_00_title.png"))
        rise.keyboard.press("ArrowRight")
        rise.wait_for_timeout(800)
        assert rise.locator(".reveal .slides section.present").last.inner_text() != first
        assert rise.locator(".reveal .slides > section").count() >= 4
    finally:
        rise.close()
