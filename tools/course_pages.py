"""Build the course for the lecture hall and for handing out, so that it works offline.

    python tools/course_pages.py slides   # reveal.js decks of every notebook -> build/slides/
    python tools/course_pages.py html     # the executed series as static pages -> build/html/

(`make slides` and `make html` run these.) Both execute the notebooks first (cached in
build/executed/ until a notebook or course_utils changes), so decks and pages show every figure
and number, and the widgets' last state (a static picture of each dashboard).

Offline: by default nbconvert's pages load reveal.js, MathJax, require.js, jQuery and the
widget renderer from public CDNs, and show no slides and raw $$ without a network. Here they
load local copies from a `_static/` folder next to the pages, so build/slides/ and
build/html/ each work from a USB stick. The copies come from the npm registry, fetched once
with `npm pack` (only the packages' own files, no dependency tree) into build/vendor/:
reveal.js 4 (the major version nbconvert's reveal template is written for), MathJax 3 (its
SVG output needs no web fonts), require.js, jQuery and @jupyter-widgets/html-manager.
"""

import hashlib
import html
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat
from nb import SOLUTION_LINE  # tools/nb.py, beside this script
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
BUILD = ROOT / "build"
VENDOR = BUILD / "vendor"
TEMPLATES = Path(__file__).resolve().parent / "templates"
NPM_PACKAGES = {  # npm name@version -> folder under build/vendor/
    "reveal.js@4.6.1": "reveal.js",
    "mathjax@3.2.2": "mathjax",
    "requirejs@2.3.8": "requirejs",
    "jquery@3.8.0": "jquery",
    "@jupyter-widgets/html-manager@1.0.15": "html-manager",
}

# MathJax 3, configured like nbconvert's MathJax 2 setup ($...$ and $$...$$), loaded from the
# folder of this script. The reveal template calls MathJax 2's `MathJax.Hub` on every slide
# change; MathJax 3 needs no re-render there, so a no-op Hub keeps that call harmless.
MATHJAX_LOADER = r"""// MathJax 3 from the local copy next to this file, with $...$ inline math.
(function () {
  var here = document.currentScript.src.replace(/[^\/]*$/, '');
  window.MathJax = {
    tex: {inlineMath: [['$', '$'], ['\\(', '\\)']], displayMath: [['$$', '$$'], ['\\[', '\\]']],
          processEscapes: true, tags: 'ams'},
    svg: {fontCache: 'global'},
    options: {enableMenu: false},
    startup: {ready: function () {
      MathJax.startup.defaultReady();
      MathJax.Hub = {getAllJax: function () { return []; }, Rerender: function () {},
                     Queue: function () {}};
    }}
  };
  var script = document.createElement('script');
  script.src = here + 'mathjax/tex-svg-full.js';
  script.async = true;
  document.head.appendChild(script);
})();
"""
# The course has no mermaid diagrams: a stand-in for the CDN module nbconvert imports (a data:
# URL, because browsers refuse ES modules from file:// pages).
MERMAID_STUB = "data:text/javascript,export%20default%20%7Binitialize()%7B%7D%7D%3B"


def notebooks():
    """The course's notebooks, in course order."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


class VendorError(RuntimeError):
    """The local copies of reveal.js, MathJax... are missing and npm cannot fetch them."""


def vendor():
    """Fetch the JavaScript the pages need into build/vendor/ (once) with `npm pack`."""
    missing = [spec for spec, folder in NPM_PACKAGES.items() if not (VENDOR / folder).is_dir()]
    if not missing:
        return VENDOR
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is needed once to fetch reveal.js and MathJax into build/vendor/"
                          " (Debian: apt-get install npm)")
    tarballs = VENDOR / "npm"
    tarballs.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([npm, "pack", "--silent", *missing], cwd=tarballs,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise VendorError(f"npm pack {' '.join(missing)} failed: {run.stderr.strip()[-500:]}")
    names = run.stdout.split()
    for spec, tgz in zip(missing, names):
        target = VENDOR / NPM_PACKAGES[spec]
        tmp = target.with_name(target.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        with tarfile.open(tarballs / tgz) as tar:
            tar.extractall(tmp, filter="data")
        (tmp / "package").rename(target)
        tmp.rmdir()
    return VENDOR


def static_folder(out_dir, reveal=True):
    """Copy the files the pages load into out_dir/_static/; return its name for the URLs."""
    vendor()
    static = out_dir / "_static"
    shutil.rmtree(static, ignore_errors=True)
    (static / "mathjax").mkdir(parents=True)
    for part in ("dist", "plugin") if reveal else ():
        shutil.copytree(VENDOR / "reveal.js" / part, static / "reveal.js" / part)
    shutil.copy(VENDOR / "mathjax" / "es5" / "tex-svg-full.js", static / "mathjax")
    shutil.copy(VENDOR / "requirejs" / "require.js", static)
    shutil.copy(VENDOR / "jquery" / "dist" / "jquery.min.js", static)
    for name in ("embed-amd.js", "libembed-amd.js"):
        shutil.copy(VENDOR / "html-manager" / "dist" / name, static)
    (static / "mathjax-offline.js").write_text(MATHJAX_LOADER)
    return "_static"


def _source_hash(path):
    h = hashlib.sha256(path.read_bytes())
    for module in sorted((ROOT / "course_utils").rglob("*.py")):  # every room of the package
        h.update(module.read_bytes())
    return h.hexdigest()


def executed(path, timeout=600):
    """The notebook run top to bottom in a fresh kernel (cached in build/executed/)."""
    cache = BUILD / "executed" / path.name
    stamp = cache.with_suffix(".sha256")
    digest = _source_hash(path)
    if cache.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return nbformat.read(cache, as_version=4)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{digest[:8]}.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(cache)  # atomic: parallel builds never see half a file
    stamp.write_text(digest)
    return nb


def _offline(exporter, static):
    """Point an HTML or slides exporter at the local copies under `static`."""
    exporter.require_js_url = f"{static}/require.js"
    exporter.jquery_url = f"{static}/jquery.min.js"
    exporter.mathjax_url = f"{static}/mathjax-offline.js"
    exporter.widget_renderer_url = f"{static}/embed-amd.js"
    exporter.mermaid_js_url = MERMAID_STUB
    return exporter


def slides_exporter(static="_static"):
    from nbconvert import SlidesExporter

    exporter = _offline(SlidesExporter(), static)
    exporter.reveal_url_prefix = f"{static}/reveal.js"
    exporter.reveal_theme = "white"
    exporter.reveal_transition = "none"  # a lecture hall projector: no animations
    exporter.reveal_number = "c/t"
    exporter.reveal_scroll = True  # a long slide scrolls instead of being cut off
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def html_exporter(static="_static"):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="course")
    return _offline(exporter, static)


def _shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def title(nb, path):
    """The notebook's first heading, without its '# '."""
    first = nb.cells[0].source.splitlines()[0] if nb.cells else path.stem
    return first.lstrip("#").strip() or path.stem


def build_slides(paths=None, out_dir=BUILD / "slides"):
    """One reveal.js deck per notebook: out_dir/NN_name.slides.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    static = static_folder(out_dir)
    exporter, written = slides_exporter(static), []
    for path in paths or notebooks():
        body, _ = exporter.from_notebook_node(executed(path), resources={
            "metadata": {"name": path.stem, "path": str(NOTEBOOK_DIR)}})
        target = out_dir / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        print(f"slides: {_shown(target)}")
    return written


def build_html(paths=None, out_dir=BUILD / "html"):
    """Every notebook as a static page, and index.html listing them in course order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    static = static_folder(out_dir, reveal=False)
    exporter, rows = html_exporter(static), []
    for path in paths or notebooks():
        nb = executed(path)
        for cell in nb.cells:  # the page folds solutions itself: drop JupyterLab's hint line
            if "solution" in cell.metadata.get("tags", []):
                cell.source = cell.source.removeprefix(SOLUTION_LINE + "\n")
        body, _ = exporter.from_notebook_node(nb, resources={
            "metadata": {"name": title(nb, path), "path": str(NOTEBOOK_DIR)}})
        target = out_dir / f"{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        rows.append(f'<li><a href="{target.name}">{html.escape(title(nb, path))}</a></li>')
        print(f"html: {_shown(target)}")
    index = out_dir / "index.html"
    index.write_text(INDEX.format(items="\n".join(rows)), encoding="utf-8")
    print(f"html: {_shown(index)}")
    return index


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Backpropagation, from one neuron to deep networks</title>
<style>
body {{ font-family: sans-serif; max-width: 44em; margin: 3em auto; line-height: 1.5;
       padding: 0 1em; }}
ul {{ list-style: none; padding: 0; }}
li {{ margin: 0.4em 0; font-size: 1.15em; }}
</style></head>
<body>
<h1>Backpropagation, from one neuron to deep networks</h1>
<p>The course's notebooks, run top to bottom, in order. Work through them from the first.
Sliders are shown as they were left; open the notebooks in JupyterLab to move them.</p>
<ul>
{items}
</ul>
</body></html>
"""


def main(argv):
    what = argv[1] if len(argv) > 1 else ""
    chosen = [Path(p).resolve() for p in argv[2:]] or None
    if what == "slides":
        build_slides(chosen)
    elif what == "html":
        build_html(chosen)
    elif what == "vendor":
        print(vendor())
    else:
        sys.exit("usage: python tools/course_pages.py slides|html|vendor [NOTEBOOK...]")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except VendorError as e:
        sys.exit(f"course_pages: {e}")
