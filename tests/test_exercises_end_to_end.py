"""Every self-checking exercise, filled in the way a learner would, gives the right feedback.

For each notebook, one kernel runs the cells in order. At each exercise cell (tag `exercise`)
it runs, in place and in that kernel:
  1. the cell untouched: its check must say "not attempted yet";
  2. the solution's source (the next cell, tag `solution`): the check must pass (✅ correct);
  3. the typical wrong answer (metadata course.wrong_answer): the check must fail (❌) and
     say why (a sign, a factor, a transpose, a shape, or the exercise's hint);
then the notebook goes on with its own solution cell, so the later cells see a solved exercise.
"""

import re
from html import unescape
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
# Words that show the feedback explains the mistake instead of only saying "wrong".
EXPLAINS = re.compile(r"sign|factor|transpose|shape|hint:|expected|NaN|half|twice", re.I)


def output_text(cell):
    """All the text a cell showed: streams, plain-text reprs and (tag-stripped) HTML."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            data = out.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(unescape(re.sub(r"<[^>]+>", " ", data.get("text/html", ""))))
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
    return "\n".join(parts)


def _feedback_problems(label, kind, text):
    """What is wrong with one variant's feedback (an empty list when it is right)."""
    if kind == "untouched":
        ok = "not attempted yet" in text and "❌" not in text and "✅" not in text
        return [] if ok else [f"{label}, untouched: expected 'not attempted yet', got {text!r}"]
    if kind == "solution":
        ok = "✅" in text and "correct" in text and "❌" not in text
        return [] if ok else [f"{label}, solution: expected ✅ correct, got {text!r}"]
    wrong_lines = [line for line in text.splitlines() if "❌" in line]
    if not wrong_lines or "✅" in text:
        return [f"{label}, wrong answer: expected ❌, got {text!r}"]
    if not any(EXPLAINS.search(line) for line in wrong_lines):
        return [f"{label}, wrong answer: ❌ without an explanation (sign, factor, hint...): "
                f"{wrong_lines}"]
    return []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_exercise_gives_the_right_feedback(path):
    nb = nbformat.read(path, as_version=4)
    exercises = [i for i, c in enumerate(nb.cells) if "exercise" in c.metadata.get("tags", [])]
    assert exercises, f"{path.name} has no exercise cell"
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    problems, checked = [], 0

    def run(source, index):
        cell = nbformat.v4.new_code_cell(source)
        client.execute_cell(cell, index)
        return output_text(cell)

    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if i not in exercises:
                client.execute_cell(cell, i)
                continue
            label = f"{path.name} cell {i}"
            solution = nb.cells[i + 1]
            assert "solution" in solution.metadata.get("tags", []), f"{label}: no solution next"
            wrong = cell.metadata["course"]["wrong_answer"]
            assert wrong.strip() != solution.source.strip(), f"{label}: wrong answer = solution"
            problems += _feedback_problems(label, "untouched", run(cell.source, i))
            problems += _feedback_problems(label, "solution", run(solution.source, i))
            problems += _feedback_problems(label, "wrong", run(wrong, i))
            checked += 1  # the notebook's own solution cell runs next, as in a normal run
    assert checked == len(exercises)
    assert not problems, "\n".join(problems)
