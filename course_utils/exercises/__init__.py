"""The exercises' side of the course: the checks that give feedback, and the reference answers.

    checks.py     check_array, check_true and their Feedback: what is right, or what is wrong
                  (a shape, a sign, a transpose, a missing factor)
    functions.py  check_function, for "write it yourself": runs the learner's function on
                  fresh inputs against the reference and finite differences, names the mistake
    answers.py    the reference answers of notebooks 04-07, computed from each exercise's inputs
    neuron_backward.py  03: "write a neuron's backward pass" (reference, inputs, finite
                  differences, named mistakes)
    two_two_one_backward.py  04: "write one step of the 2-2-1 network" (reference, inputs,
                  finite differences, named mistakes)
    batch_backward.py  05: the reference, inputs, finite differences and named mistakes of
                  "write dense_backward" and "write the batch backward loop"

`from course_utils.exercises import check_array` works as it always has.
"""

from .checks import CORRECT, NOT_ATTEMPTED, WRONG, Feedback, check_array, check_true
from .functions import check_function

__all__ = ["CORRECT", "NOT_ATTEMPTED", "WRONG", "Feedback", "check_array", "check_true",
           "check_function"]
