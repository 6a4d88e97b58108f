"""Authoring helpers for the course notebooks (used by the people writing them, not learners).

Write a notebook as a list of cells built with md(), code(), exercise() and solution(), then
save it with write(). write() runs the notebook once in a fresh kernel and keeps only the
outputs of cells marked check=True (their first line is `# NBVAL_CHECK_OUTPUT`, their metadata
`keep_output`), which nbval then compares on every test run. Every other output is dropped so
diffs stay readable.

Cell conventions the tests rely on:
- slideshow metadata on every cell (slide / subslide / fragment / - / skip / notes);
- an exercise is a code cell tagged `exercise` whose last line calls a check; its metadata
  `course.wrong_answer` holds a typical wrong attempt (same cell, a sign or factor wrong);
- its solution follows it: a code cell tagged `solution`, collapsed (source_hidden and
  outputs_hidden), whose first line is SOLUTION_LINE and whose code is the full working
  version, so running the notebook shows the check passing.
"""

import hashlib
import sys
from pathlib import Path
from textwrap import dedent

import nbformat
from nbclient import NotebookClient

KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _src(text):
    return dedent(text).strip("\n")


def md(text, slide="-"):
    """A markdown cell; slide is its slide_type."""
    return nbformat.v4.new_markdown_cell(_src(text), metadata={"slideshow": {"slide_type": slide}})


def code(text, slide="-", check=False, hide=False):
    """A code cell. check=True: nbval compares its output (keep the output stable)."""
    src = _src(text)
    meta = {"slideshow": {"slide_type": slide}}
    if check:
        if not src.startswith("# NBVAL_CHECK_OUTPUT"):
            src = "# NBVAL_CHECK_OUTPUT\n" + src
        meta["keep_output"] = True
    if hide:
        meta["jupyter"] = {"source_hidden": True}
    return nbformat.v4.new_code_cell(src, metadata=meta)


def exercise(text, wrong_answer):
    """An exercise cell (runnable as is: its check says 'not attempted yet')."""
    cell = code(text, slide="skip")
    cell.metadata["tags"] = ["exercise"]
    cell.metadata["course"] = {"wrong_answer": _src(wrong_answer)}
    return cell


SOLUTION_LINE = "# Solution: click the blue bar on the left to show it."


def solution(text):
    """The solution of the exercise above it: collapsed (code and its ✅), skipped in slides.

    A collapsed cell still shows its first line, so that line names the cell and gives
    nothing away.
    """
    src = _src(text)
    if not src.startswith(SOLUTION_LINE):
        src = f"{SOLUTION_LINE}\n{src}"
    cell = code(src, slide="skip", hide=True)
    cell.metadata["jupyter"]["outputs_hidden"] = True
    cell.metadata["tags"] = ["solution"]
    return cell


def write(path, cells, execute=True, timeout=300):
    """Save the notebook; run it and keep only the outputs of check=True cells."""
    nb = nbformat.v4.new_notebook(cells=cells)
    stable_ids(nb)
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    path = Path(path)
    if execute:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    strip(nb)
    nbformat.write(nb, path)
    return nb


def stable_ids(nb):
    """Cell ids from each cell's content, so rebuilding an unchanged cell keeps its id."""
    seen = set()
    for cell in nb.cells:
        digest = hashlib.sha1((cell.cell_type + cell.source).encode()).hexdigest()
        k = 8
        while digest[:k] in seen:
            k += 1
        cell.id = digest[:k]
        seen.add(cell.id)


def strip(nb):
    """Drop outputs and execution counts except on keep_output cells; drop widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        if not cell.metadata.get("keep_output"):  # nbval needs a kept cell's execution count
            cell.outputs = []
            cell.execution_count = None
    return nb


if __name__ == "__main__":  # python tools/nb.py NOTEBOOK...: re-run and re-strip notebooks
    for name in sys.argv[1:]:
        nb = nbformat.read(name, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(name).parent)}}).execute()
        nbformat.write(strip(nb), name)
