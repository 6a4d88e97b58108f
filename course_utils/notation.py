"""The names of the notes, written the way the notebooks print them.

    w¹₂₁   weight w^(1)_21: layer 1, unit 2, input 1 (1-based, as in the notes)
    b²₁    bias b^(2)_1: layer 2, unit 1
    x₁     input 1;  z¹₂, a¹₂: pre-activation and activation of unit 2 of layer 1

One function makes them all (`symbol`), so the engine of notebook 10, the diagrams of 04 and
the dashboards' sliders spell every name alike.
"""

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n: int) -> str:
    """'¹²' for 12."""
    return str(n).translate(SUPERSCRIPTS)


def subscript(n: int) -> str:
    """'₁₂' for 12."""
    return str(n).translate(SUBSCRIPTS)


def symbol(name: str, layer: int | None, *indices: int) -> str:
    """'w¹₂₁' for symbol('w', 1, 2, 1); no layer gives a plain subscripted name ('x₁')."""
    head = superscript(layer) if layer is not None else ""
    return name + head + "".join(subscript(i) for i in indices)


def weight_name(l: int, j: int, k: int) -> str:
    """The name of W^(l)_jk (unit j of layer l, input k), e.g. w¹₂₁; 1-based j, k."""
    return symbol("w", l, j, k)


def bias_name(l: int, j: int) -> str:
    """The name of b^(l)_j, e.g. b²₁; 1-based j."""
    return symbol("b", l, j)
