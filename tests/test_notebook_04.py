"""Notebook 04's claims: the 2-2-2 sum by hand, the order of the updates, the plateau against
the run that creeps, and the notebook's notation and slides."""

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils.data import xor_points
from course_utils.experiments import two_two_one as ex
from course_utils.gradcheck import network_gradient_errors

NB = Path(__file__).resolve().parent.parent / "notebooks" / "04_two_two_one_by_hand.ipynb"


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NB, as_version=4)


def markdown(nb):
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def outputs(nb):
    return "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))


def sig(t):
    return 1.0 / (1.0 + math.exp(-t))


def by_hand_222():
    """The 2-2-2 example one scalar at a time: each hidden delta as its two terms."""
    e = ex.WORKED_EXAMPLE_222
    x, y, W1, b1, W2, b2 = e["x"], e["y"], e["W1"], e["b1"], e["W2"], e["b2"]
    h = [sig(W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j]) for j in range(2)]
    out = [sig(W2[k][0] * h[0] + W2[k][1] * h[1] + b2[k]) for k in range(2)]
    d2 = [(out[k] - y[k]) * out[k] * (1 - out[k]) for k in range(2)]
    terms = [[W2[k][j] * d2[k] * h[j] * (1 - h[j]) for k in range(2)] for j in range(2)]
    d1 = [terms[j][0] + terms[j][1] for j in range(2)]
    grads = [[[d1[j] * x[i] for i in range(2)] for j in range(2)], d1,
             [[d2[k] * h[j] for j in range(2)] for k in range(2)], d2]
    loss = 0.5 * sum((out[k] - y[k]) ** 2 for k in range(2))
    return {"h": h, "out": out, "d2": d2, "terms": terms, "d1": d1, "grads": grads, "loss": loss}


def test_the_222_sum_by_hand_agrees_with_mlp_and_finite_differences(nb):
    n = by_hand_222()
    net, x, y, _ = ex.worked_example_222()
    tr = ex.batch_trace(net, x, y)
    np.testing.assert_allclose(tr.dZ[2][0], n["d2"], rtol=1e-13)
    np.testing.assert_allclose(ex.hidden_delta_terms(net.layer(2).W, tr.dZ[2][0], tr.A[1][0]),
                               n["terms"], rtol=1e-13)
    grads = [g for pair in net.gradients(x.reshape(1, -1), y.reshape(1, -1)) for g in pair]
    for got, want in zip(grads, n["grads"]):
        np.testing.assert_allclose(got, want, rtol=1e-13)
    errors = network_gradient_errors(net, x.reshape(1, -1), y.reshape(1, -1))
    assert max(max(e["dW"], e["db"]) for e in errors) < 1e-8
    # each hidden delta really is a sum of two non-zero terms, of the same sign (as the prose says)
    for t in n["terms"]:
        assert min(abs(t[0]), abs(t[1])) > 1e-3 and t[0] * t[1] > 0
    assert "of the same sign for\nunit 1 and for unit 2" in markdown(nb)
    # the numbers the notebook printed are these
    text = outputs(nb)
    for j in range(2):
        assert f"{n['terms'][j][0]:.6f}".lstrip("-") in text
        assert f"= {n['d1'][j]:.6f}" in text
    assert f"ℒ = ½‖ŷ − y‖² = {n['loss']:.6f}" in text
    # the first term of delta1_1 is the 2-2-1 network's delta1_1 (prose)
    tr1 = ex.batch_trace(*ex.worked_example()[:3])
    assert n["terms"][0][0] == pytest.approx(tr1.dZ[1][0, 0], rel=1e-13)


def test_the_study_notes_are_introduced_where_first_quoted(nb):
    text = markdown(nb)
    first = text.index("study notes")
    assert text[first:].startswith("study notes (the course's source notes")
    assert "notebook 05 maps onto this notation" in text[first:first + 200]


def test_the_order_of_the_updates(nb):
    net, x, y, lr = ex.worked_example()
    order = ex.update_order(net, x, y, lr)
    assert np.round(order["right"], 6).tolist() == [-0.013311, 0.007888]
    assert np.round(order["wrong"], 6).tolist() == [-0.013956, 0.007076]
    np.testing.assert_allclose(order["numeric"], order["right"], rtol=1e-6)
    off = np.abs(order["wrong"] - order["right"]) / np.abs(order["right"])
    assert np.round(100 * off).tolist() == [5, 10]
    text = markdown(nb)
    assert "δ¹ = [−0.013311, 0.007888]" in text and "[−0.013956, 0.007076]" in text
    assert "off by 5% and 10%" in text
    np.testing.assert_allclose(net.get_weights()[2], ex.WORKED_EXAMPLE["W2"])  # unchanged


def test_a_plateau_that_ends_and_a_run_that_creeps(nb):
    plateau, creep = ex.xor_long_run(5), ex.xor_long_run(1)
    assert plateau["plateau"] > 1000 and plateau["solved_at"] > 1000
    assert plateau["accuracy"] == 1.0
    assert creep["solved_at"] is None and creep["accuracy"] < 1.0
    _, y = xor_points()  # "two points right, two left at ½"
    undecided = np.abs(creep["y_hat"] - 0.5) < 0.01
    assert undecided.sum() == 2 and np.all(np.abs(creep["y_hat"] - y)[~undecided] < 0.05)
    # "just on the wrong side of 0.5": below ½ where y = 1, above where y = 0 -> accuracy 0.50
    half = creep["y_hat"][undecided]
    assert np.all((half > 0.5) != (y[undecided] == 1)) and creep["accuracy"] == 0.5
    printed = "  ".join(f"{v:.4f}" for v in creep["y_hat"])
    assert f"seed 1, final outputs ŷ on (0,0), (0,1), (1,0), (1,1) = {printed}" in outputs(nb)
    assert "2 outputs within 0.01 of ½, 2 on the wrong side of 0.5 -> accuracy 0.50" in outputs(nb)
    assert "Those two ½ outputs land just on the wrong side of 0.5" in markdown(nb)
    costs = list(creep["cost"].values())
    assert all(a > b > 1 / 16 for a, b in zip(costs, costs[1:]))  # falls, towards 1/16
    grads, weights = list(creep["grad_norm"].values()), list(creep["max_weight"].values())
    assert all(a > b > 0 for a, b in zip(grads, grads[1:]))  # the slope gets gentler...
    assert all(a < b for a, b in zip(weights, weights[1:]))  # ...as the weights grow
    text = markdown(nb)
    assert "poor local minimum" not in text
    assert "Seed 5 sits at $J \\approx 1/8$ (every output ½) for over a thousand epochs" in text


def test_notation_subscripts_and_the_loss_symbol(nb):
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r'[zaδ][12]\[\{', code), "1-based names in Python brackets"
    assert "z¹₁ =" in outputs(nb) and "δ¹₂ =" in outputs(nb)
    everything = code + markdown(nb)
    assert "∂L/" not in everything and "\\partial L" not in everything
    assert "\\mathcal{L}" in markdown(nb)


def test_slides_imports_skipped_and_exercises_skipped(nb):
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    imports = next(i for i, c in enumerate(nb.cells) if "import numpy" in c.source)
    assert kinds[imports] == "skip" and nb.cells[imports - 1].source.startswith("# 04")
    summary = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Summary"))
    assert "Exercise" not in nb.cells[summary].source
    for cell, kind in zip(nb.cells[summary + 1:], kinds[summary + 1:]):
        assert kind == "skip", cell.source[:60]
