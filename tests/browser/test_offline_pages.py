"""A deck and a handout page opened from disk with no network, as in a lecture hall.

The browser context is offline and every request that is not a local file is recorded and
refused: the pages must need nothing from the internet. Slides must advance and the math must
be typeset by the local MathJax (its output elements present, no raw $$ left).
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import course_pages  # noqa: E402  (a script in tools/, not a package)

NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"  # math, a widget, exercises

# The visible text of the slides or the page, without scripts (where '$$' may legitimately be).
TEXT_WITHOUT_SCRIPTS = """sel => {
  const root = document.querySelector(sel).cloneNode(true);
  root.querySelectorAll('script, style, mjx-container').forEach(e => e.remove());
  return root.textContent;
}"""


@pytest.fixture(scope="module")
def built(browser, tmp_path_factory):
    try:
        course_pages.vendor()
    except course_pages.VendorError as e:
        pytest.skip(str(e))
    out = tmp_path_factory.mktemp("pages")
    deck = course_pages.build_slides([NOTEBOOK], out_dir=out / "slides")[0]
    course_pages.build_html([NOTEBOOK], out_dir=out / "html")
    return deck, out / "html" / f"{NOTEBOOK.stem}.html"


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    online = []

    def refuse(route):
        online.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(("file:", "data:", "blob:")), refuse)
    page = context.new_page()
    page.online_requests = online
    page.page_errors = []
    page.on("pageerror", lambda e: page.page_errors.append(str(e)))
    yield page
    context.close()


def _math_rendered(page, selector):
    page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0",
                           timeout=30_000)
    page.wait_for_timeout(500)
    text = page.evaluate(TEXT_WITHOUT_SCRIPTS, selector)
    assert "$$" not in text, "raw $$ left: MathJax did not typeset the display math"
    assert "\\mathbf" not in text, "raw TeX left: MathJax did not typeset the inline math"
    return page.locator("mjx-container").count()


def test_deck_works_offline_slides_advance_and_math_renders(built, offline_page, artifacts):
    deck, _ = built
    page = offline_page
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal .slides section.present", timeout=30_000)
    assert _math_rendered(page, ".reveal .slides") > 5
    first = page.locator(".reveal .slides section.present").last.inner_text()
    page.screenshot(path=str(artifacts / "deck_00_title.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.hash === '#/1'", timeout=10_000)
    second = page.locator(".reveal .slides section.present").last.inner_text()
    assert second != first, "the slide did not change"
    for _ in range(12):  # on to the slide with the widget, drawn from its saved state
        if page.locator("section.present .jupyter-widgets").count():
            break
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(250)
    assert page.locator("section.present .jupyter-widgets").count() > 0, "no widget slide"
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "deck_00_widget.png"))
    assert not page.online_requests, f"the deck asked the network for {page.online_requests}"
    assert not page.page_errors, f"script errors in the deck: {page.page_errors}"


def test_handout_page_works_offline_with_math_and_figures(built, offline_page, artifacts):
    _, html = built
    page = offline_page
    page.goto(html.as_uri())
    page.wait_for_selector(".jp-Notebook", timeout=30_000)
    assert _math_rendered(page, "body") > 5
    page.wait_for_function("() => document.querySelectorAll('.jupyter-widgets img').length > 0",
                           timeout=30_000)  # the dashboard's figure, from the saved state
    assert page.locator("details.course-solution").count() >= 1
    page.screenshot(path=str(artifacts / "html_00.png"), full_page=True)
    assert not page.online_requests, f"the page asked the network for {page.online_requests}"
    assert not page.page_errors, f"script errors in the page: {page.page_errors}"
