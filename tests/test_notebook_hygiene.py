"""Committed notebooks are clean, named in order, and built on the shared conventions."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from nb import SOLUTION_LINE  # noqa: E402  (tools/nb.py is a script, not a package)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def test_the_series_starts_with_notebook_00():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == sorted(set(numbers)), "two notebooks share a number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_checked_cells_keep_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "stored widget state: strip the notebook"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        keep = cell.metadata.get("keep_output", False)
        if keep:
            assert cell.source.startswith("# NBVAL_CHECK_OUTPUT"), f"cell {i}: kept, not checked"
            assert cell.outputs, f"cell {i}: a checked cell needs its stored output"
        else:
            assert not cell.outputs, f"cell {i} carries outputs without keep_output"
            assert cell.execution_count is None, f"cell {i}: execution count left in"
            assert "NBVAL_CHECK_OUTPUT" not in cell.source, f"cell {i}: checked but not kept"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_slides_and_exercises_follow_the_conventions(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for i, cell in enumerate(nb.cells):
        slide = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"cell {i}: slideshow metadata missing"
    tags = [cell.metadata.get("tags", []) for cell in nb.cells]
    exercises = [i for i, t in enumerate(tags) if "exercise" in t]
    assert exercises, "every notebook has at least one self-checking exercise"
    for i in exercises:
        cell = nb.cells[i]
        assert cell.metadata["course"]["wrong_answer"].strip(), f"cell {i}: no wrong answer"
        nxt = nb.cells[i + 1]
        assert "solution" in nxt.metadata.get("tags", []), f"cell {i}: no solution after it"
        assert nxt.metadata["jupyter"]["source_hidden"], f"cell {i + 1}: solution not collapsed"
        assert nxt.metadata["jupyter"]["outputs_hidden"], f"cell {i + 1}: its ✅ is not folded"
        assert nxt.source.startswith(SOLUTION_LINE), (
            f"cell {i + 1}: a collapsed cell shows its first line; start with {SOLUTION_LINE!r}")
        assert nxt.metadata["slideshow"]["slide_type"] == "skip"
        assert cell.metadata["slideshow"]["slide_type"] == "skip"
