"""Self-checking exercises.

An exercise cell starts as `answer = None`; the check under it calls `check_array(...)` or
`check_true(...)`, which
says "not attempted yet" until the learner writes something, then says what is right or what
is wrong: the shape, the sign, a constant factor (a forgotten 1/2 or 1/m), or just how far off.
The feedback shows as a coloured box in a notebook and as plain text elsewhere.
"""

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

NOT_ATTEMPTED = "not attempted"
CORRECT = "correct"
WRONG = "wrong"


@dataclass
class Feedback:
    """The result of a check: a status (not attempted / correct / wrong) and a message."""

    name: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        mark = {CORRECT: "✅", WRONG: "❌", NOT_ATTEMPTED: "✏️"}[self.status]
        return f"{mark} {self.name}: {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {CORRECT: "#009E73", WRONG: "#D55E00", NOT_ATTEMPTED: "#56B4E9"}[self.status]
        return (f'<div style="border-left: 6px solid {colour}; padding: 0.4em 0.8em;">'
                f"{escape(str(self))}</div>")


KNOWN_FACTORS = {
    -1.0: "The sign is flipped: check which way the difference or the step goes.",
    2.0: "It is twice the expected value: a missing factor 1/2?",
    0.5: "It is half the expected value: an extra factor 1/2?",
}


def _factor_hint(ratio: float, n_values: int) -> str:
    """Words for a wrong answer that is the right one times `ratio`, or "" if that says nothing.

    A single number is always *some* multiple of the expected one, so for a single number only
    the telling factors (-1, 2, 1/2) are named; for several numbers any common factor is.
    """
    for value, words in KNOWN_FACTORS.items():
        if np.isclose(ratio, value, rtol=1e-6):
            return words
    if n_values > 1:
        return f"Every entry is the expected one times {ratio:.4g}: a missing or extra factor?"
    return ""


def check_array(name: str, answer: Any, expected: ArrayLike, rtol: float = 1e-6,
                atol: float = 1e-9, hint: str = "") -> Feedback:
    """Compare a learner's number or array with the expected one and explain any difference."""
    if answer is None or answer is Ellipsis:
        return Feedback(name, NOT_ATTEMPTED, "not attempted yet: replace None with your answer.")
    expected = np.asarray(expected, dtype=float)
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(name, WRONG, f"expected a number or an array of numbers; got "
                                     f"{type(answer).__name__}.")
    if got.shape != expected.shape:
        if got.shape == expected.T.shape and got.ndim == 2:
            return Feedback(name, WRONG, f"shape {got.shape} is the transpose of the expected "
                                         f"{expected.shape}: check the order of the product.")
        return Feedback(name, WRONG, f"expected shape {expected.shape}; got {got.shape}.")
    if np.isnan(got).any():
        return Feedback(name, WRONG, "the answer contains NaN.")
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return Feedback(name, CORRECT, "correct!")
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, expected.T,
                                                                      rtol=rtol, atol=atol):
        return Feedback(name, WRONG, "this is the transpose: row j is unit j, column k input k "
                                     "(check the order of the product)." + _with(hint))
    nonzero = expected != 0
    if nonzero.any() and np.all(got[~nonzero] == 0):
        ratio = got[nonzero] / expected[nonzero]
        words = ""
        if np.allclose(ratio, ratio.flat[0], rtol=1e-6):
            words = _factor_hint(float(ratio.flat[0]), ratio.size)
        if words:
            return Feedback(name, WRONG, words + _with(hint))
    worst = float(np.max(np.abs(got - expected)))
    return Feedback(name, WRONG, f"not quite: off by up to {worst:.3g}." + _with(hint))


def _with(hint: str) -> str:
    return f" Hint: {hint}" if hint else ""


def check_true(name: str, answer: Any, expected: object, explanation: str = "") -> Feedback:
    """Check an answer that must equal `expected` exactly (a label, a word, True/False).

    A tuple expected (a shape) also accepts the same numbers as a list or a 1-D array.
    """
    if answer is None or answer is Ellipsis:
        return Feedback(name, NOT_ATTEMPTED, "not attempted yet: replace None with your answer.")
    if isinstance(expected, tuple) and isinstance(answer, (list, np.ndarray)) \
            and np.ndim(answer) == 1:
        answer = tuple(answer.tolist() if isinstance(answer, np.ndarray) else answer)
    try:
        same = bool(answer == expected)
    except ValueError:  # an array of several numbers against a single expected value
        same = False
    if same:
        return Feedback(name, CORRECT, "correct!" + (f" {explanation}" if explanation else ""))
    if isinstance(answer, (bool, np.bool_)) and isinstance(expected, bool):
        said = "no." if expected else "yes, and it should not be."  # "not False." reads badly
    else:
        said = f"not {answer!r}."
    return Feedback(name, WRONG, said + _with(explanation))
