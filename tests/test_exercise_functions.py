"""check_function, the check of every "write it yourself" exercise, names each kind of mistake."""

import numpy as np
import pytest

from course_utils.exercises import CORRECT, NOT_ATTEMPTED, WRONG, check_function
from course_utils.layers import dense_backward


def reference(dZ, A_prev, W):
    dA_prev, dW, db = dense_backward(dZ, (A_prev, W))
    return dA_prev, dW, db


def inputs(rng):
    m, n_in = rng.integers(2, 6), rng.integers(2, 5)
    n_out = n_in + 1  # unequal widths, so a wrong product cannot line up by chance
    return rng.normal(size=(m, n_out)), rng.normal(size=(m, n_in)), rng.normal(size=(n_out, n_in))


def numeric(dZ, A_prev, W):
    """dA_prev, dW, db of J = sum(dZ * (A_prev W^T + b)) by central differences."""
    def J(A, W_, b):
        return float(np.sum(dZ * (A @ W_.T + b)))
    b = np.zeros(W.shape[0])
    out = []
    for x in (A_prev, W, b):
        g = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + 1e-6
            plus = J(A_prev, W, b)
            x[i] = old - 1e-6
            minus = J(A_prev, W, b)
            x[i] = old
            g[i] = (plus - minus) / 2e-6
        out.append(g)
    return tuple(out)


NAMES = ["dJ/dA_prev", "dJ/dW", "dJ/db"]


def check(fn, **kwargs):
    return check_function("dense_backward", fn, reference, inputs, numeric=numeric,
                          output_names=NAMES, **kwargs)


def test_a_stub_is_not_attempted_and_the_reference_is_correct():
    assert check(lambda dZ, A, W: None).status == NOT_ATTEMPTED
    done = check(reference)
    assert done.status == CORRECT and "finite differences" in done.message


@pytest.mark.parametrize("wrong, words", [
    (lambda dZ, A, W: (dZ @ W, A.T @ dZ, dZ.sum(axis=0)), "transpose"),
    (lambda dZ, A, W: (dZ @ W, -(dZ.T @ A), dZ.sum(axis=0)), "sign"),
    (lambda dZ, A, W: (dZ @ W, dZ.T @ A, dZ.sum(axis=1)), "shape"),
    (lambda dZ, A, W: (dZ @ W, 2 * (dZ.T @ A), dZ.sum(axis=0)), "twice"),
    (lambda dZ, A, W: (dZ @ W.T, dZ.T @ A, dZ.sum(axis=0)), "raised"),
    (lambda dZ, A, W: (dZ @ W, dZ.T @ A), "3 outputs"),
])
def test_each_kind_of_mistake_is_named(wrong, words):
    feedback = check(wrong)
    assert feedback.status == WRONG and words in feedback.message, feedback.message


def test_a_known_mistake_of_the_exercise_is_named_by_its_words():
    def mean_not_sum(dZ, A, W):
        return dZ @ W, dZ.T @ A / len(A), dZ.mean(axis=0)
    feedback = check(mean_not_sum, mistakes={"an extra 1/m (dZ already holds it)": mean_not_sum})
    assert feedback.status == WRONG and "an extra 1/m" in feedback.message


def test_the_learner_cannot_change_the_reference_inputs():
    def in_place(dZ, A, W):
        dZ *= 0  # works on its copy only
        return reference(dZ, A, W)
    assert check(in_place).status == WRONG
