"""The lecture decks and handout pages (tools/course_pages.py, `make slides` / `make html`).

Each notebook's deck is built from the executed notebook (cached in build/executed/) and must
have several slides, no error output, each widget on a slide of its own, no exercise or
solution code, and no reference to anything online. The pages get an index in course order.
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import course_pages  # noqa: E402  (a script in tools/, not a package)

NOTEBOOKS = course_pages.notebooks()
WIDGET = "application/vnd.jupyter.widget-view+json"
ONLINE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def slides_of(nb):
    """Group cells the way reveal.js will: a list of (sub)slides, each a list of cells."""
    slides = []
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("skip", "notes"):
            continue
        if kind in ("slide", "subslide") or not slides:
            slides.append([])
        slides[-1].append(cell)
    return slides


def n_widgets(cell):
    return sum(WIDGET in out.get("data", {}) for out in cell.get("outputs", []))


@pytest.fixture(scope="module")
def exporter():
    return course_pages.slides_exporter()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_deck_has_several_slides_and_no_errors(exporter, path):
    nb = course_pages.executed(path)
    errors = [(i, out.ename) for i, c in enumerate(nb.cells) for out in c.get("outputs", [])
              if out.output_type == "error"]
    assert not errors, f"{path.name}: cells raised {errors}"
    slides = slides_of(nb)
    assert len(slides) >= 4, f"{path.name}: only {len(slides)} slides; one idea per slide"
    crowded = [i for i, s in enumerate(slides) if sum(n_widgets(c) for c in s) > 1]
    assert not crowded, f"{path.name}: slides {crowded} hold more than one widget"
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "exercise" in tags or "solution" in tags:
            assert cell.metadata["slideshow"]["slide_type"] == "skip"

    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    sections = body.count("<section")
    assert sections >= len(slides), f"{path.name}: the deck has {sections} sections"
    assert "jp-OutputArea-output" in body and "Traceback" not in body
    assert not ONLINE.findall(body), f"{path.name}: the deck loads something online"
    assert "_static/reveal.js/dist/reveal.js" in body and "mathjax-offline.js" in body
    # nbconvert marks each cell with its tags (class celltag_...): none of these in a deck.
    assert "celltag_exercise" not in body and "celltag_solution" not in body


def test_handout_pages_have_an_index_in_course_order(tmp_path):
    try:
        course_pages.vendor()
    except course_pages.VendorError as e:
        pytest.skip(str(e))
    paths = NOTEBOOKS[:2]
    index = course_pages.build_html(paths, out_dir=tmp_path)
    text = index.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.html)"', text)
    assert links == [f"{p.stem}.html" for p in paths]
    for path in paths:
        page = (tmp_path / f"{path.stem}.html").read_text(encoding="utf-8")
        assert not ONLINE.findall(page), f"{path.name}: the page loads something online"
        assert "data:image/png;base64" in page or "image/png" in page, "no figure in the page"
        assert "course-solution" in page, "solutions are not folded away"
    for needed in ("require.js", "mathjax-offline.js", "mathjax/tex-svg-full.js", "embed-amd.js"):
        assert (tmp_path / "_static" / needed).is_file(), f"_static/{needed} missing"


def test_slide_grouping_follows_reveal_rules():
    cells = [nbformat.v4.new_markdown_cell(str(i), metadata={"slideshow": {"slide_type": t}})
             for i, t in enumerate(["slide", "-", "fragment", "skip", "subslide", "notes", "-"])]
    nb = nbformat.v4.new_notebook(cells=cells)
    assert [[c.source for c in s] for s in slides_of(nb)] == [["0", "1", "2"], ["4", "6"]]
