"""Checks for "write it yourself" exercises: the learner writes a function, the check runs it.

The exercise cell holds a stub, e.g.

    def neuron_backward(x, w, b, y):
        return None  # your code: (dℒ/dw, dℒ/db)

    check_function("neuron_backward", neuron_backward, answers.neuron_backward,
                   answers.neuron_backward_inputs, numeric=answers.neuron_backward_numeric)

`check_function` says "not attempted yet" while the function returns None. Otherwise it calls
the learner's function on a few fresh random inputs (never the page's own numbers), compares
each output with the reference, and, when a finite-difference version is given, proves the
reference right on the same inputs first. A wrong result gets a name: a known mistake of the
exercise (`mistakes`: description -> the mistaken function), a transpose, a wrong shape, a sign,
a constant factor; or else how far off it is and for which output.
"""

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..gradcheck import TOLERANCE, relative_error
from .checks import CORRECT, NOT_ATTEMPTED, WRONG, Feedback, check_array

Inputs = tuple[Any, ...]


def _as_outputs(result: Any) -> list[np.ndarray]:
    """A function's result as a list of float arrays (a tuple or list of outputs, or one)."""
    items = result if isinstance(result, (tuple, list)) else (result,)
    return [np.asarray(item, dtype=float) for item in items]


def _same(got: Sequence[np.ndarray], expected: Sequence[np.ndarray], rtol: float,
          atol: float) -> bool:
    return len(got) == len(expected) and all(
        g.shape == e.shape and np.allclose(g, e, rtol=rtol, atol=atol)
        for g, e in zip(got, expected))


def _call(fn: Callable[..., Any], inputs: Inputs) -> Any:
    """fn(*inputs) on copies, so a function that changes its arguments in place cannot change
    what the reference sees."""
    return fn(*[np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in inputs])


def check_function(name: str, learner_fn: Callable[..., Any], reference_fn: Callable[..., Any],
                   make_inputs: Callable[[np.random.Generator], Inputs], *,
                   numeric: Callable[..., Any] | None = None,
                   mistakes: Mapping[str, Callable[..., Any]] | None = None,
                   output_names: Sequence[str] | None = None, trials: int = 3, seed: int = 0,
                   rtol: float = 1e-6, atol: float = 1e-9) -> Feedback:
    """Run the learner's function on `trials` fresh inputs and say what is right or wrong.

    reference_fn(*inputs): the expected result (one array or a tuple of arrays).
    make_inputs(rng): a tuple of fresh inputs. numeric(*inputs): the same result by finite
    differences (checked against the reference within gradcheck.TOLERANCE). mistakes: known
    wrong versions of the function, by the words that name them. output_names: one name per
    output, for the messages (e.g. ['dℒ/dw', 'dℒ/db']).
    """
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        inputs = make_inputs(rng)
        try:
            result = _call(learner_fn, inputs)
        except Exception as err:  # the learner's code: say what it raised, do not crash
            return Feedback(name, WRONG, f"your function raised {type(err).__name__}: {err} "
                                         "(check the shapes of what it multiplies).")
        if result is None or (isinstance(result, tuple) and all(r is None for r in result)):
            return Feedback(name, NOT_ATTEMPTED,
                            "not attempted yet: the function returns None; write its body.")
        expected = _as_outputs(_call(reference_fn, inputs))
        agreement = ""
        if numeric is not None:
            worst = max(relative_error(e, n) for e, n in
                        zip(expected, _as_outputs(_call(numeric, inputs))))
            assert worst < TOLERANCE, f"{name}: the reference disagrees with finite differences"
            agreement = f" It also matches finite differences (relative error {worst:.0e})."
        try:
            got = _as_outputs(result)
        except (TypeError, ValueError):
            return Feedback(name, WRONG, f"expected numbers or arrays; got {result!r:.80}.")
        if _same(got, expected, rtol, atol):
            continue
        return _explain(name, got, expected, inputs, mistakes or {}, output_names, rtol, atol)
    return Feedback(name, CORRECT, f"correct! It agrees with the reference on {trials} fresh "
                                   f"random inputs.{agreement}")


def _explain(name: str, got: list[np.ndarray], expected: list[np.ndarray], inputs: Inputs,
             mistakes: Mapping[str, Callable[..., Any]], output_names: Sequence[str] | None,
             rtol: float, atol: float) -> Feedback:
    """Name the mistake: a known one of the exercise first, then what check_array can tell."""
    for words, wrong_fn in mistakes.items():
        if _same(got, _as_outputs(_call(wrong_fn, inputs)), rtol, atol):
            return Feedback(name, WRONG, f"your result is what you get with this mistake: "
                                         f"{words}. Hint: compare with the equations above.")
    if len(got) != len(expected):
        return Feedback(name, WRONG, f"expected {len(expected)} outputs (a tuple); "
                                     f"got {len(got)}.")
    names = list(output_names or [f"output {k + 1}" for k in range(len(expected))])
    for label, g, e in zip(names, got, expected):
        feedback = check_array(label, g, e, rtol=rtol, atol=atol)
        if feedback.status == WRONG:
            return Feedback(name, WRONG, f"{label}: {feedback.message}")
    return Feedback(name, WRONG, "not quite (check every output).")
