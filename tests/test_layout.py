"""The package's layout holds: rooms import only the rooms below them, the reference modules
never need a screen, no private name crosses a module, and every function fits on a page.

See course_utils/__init__.py for the map these tests enforce.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import course_utils

PACKAGE = Path(course_utils.__file__).parent
MATH = {"activations", "losses", "init", "notation"}
DISPLAY = ("matplotlib", "ipywidgets", "IPython")
MAX_FUNCTION_LINES = 80


def modules():
    """{dotted name inside the package: path}, e.g. 'network', 'experiments.depth'."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def room(name):
    """'top' for a top-level module, else the folder: 'experiments', 'dashboards', 'exercises'."""
    return name.split(".")[0] if "." in name or name in ("experiments", "dashboards",
                                                          "exercises") else "top"


def imports_of(name, path):
    """The package's own modules that module `name` imports (dotted names, as in modules())."""
    tree = ast.parse(path.read_text())
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            for alias in node.names:  # `from . import style` names a module
                candidate = ".".join(target + [alias.name])
                found.add(candidate if candidate in modules() else ".".join(target))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
            found.add(node.module.removeprefix("course_utils").lstrip("."))
    return {m for m in found if m}


REFERENCE = [m for m in modules() if room(m) in ("top", "experiments", "exercises") and m]


@pytest.mark.parametrize("module", ["course_utils"] + [f"course_utils.{m}" for m in REFERENCE])
def test_reference_modules_import_without_a_screen(module):
    """Importing it in a fresh interpreter loads none of matplotlib, ipywidgets, IPython."""
    code = (f"import sys, json; import {module}; "
            f"print(json.dumps([m for m in {DISPLAY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == [], f"{module} pulls in {out.stdout.strip()}"


def test_rooms_import_only_the_rooms_below_them():
    allowed = {"top": {"top"}, "experiments": {"top", "experiments"},
               "dashboards": {"top", "experiments", "dashboards"},
               "exercises": {"top", "experiments", "exercises"}}
    wrong = []
    for name, path in modules().items():
        if not name:
            continue
        for target in imports_of(name, path):
            if room(target) not in allowed[room(name)]:
                wrong.append(f"{name} imports {target}")
    assert not wrong, wrong


def test_the_math_and_the_data_stand_on_their_own():
    """activations, losses, init and notation import only each other; data imports nothing."""
    mods = modules()
    for name in MATH:
        assert imports_of(name, mods[name]) <= MATH, name
    assert imports_of("data", mods["data"]) == set()


def test_display_libraries_are_imported_in_dashboards_only():
    for name, path in modules().items():
        if room(name) == "dashboards":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for imported in names:
                assert imported.split(".")[0] not in DISPLAY, f"{name} imports {imported}"


def test_no_private_name_crosses_a_module():
    crossing = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                crossing += [f"{name}: from {node.module} import {a.name}" for a in node.names
                             if a.name.startswith("_")]
    assert not crossing, crossing


def test_every_function_fits_on_a_page():
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n_lines = node.end_lineno - node.lineno + 1
                if n_lines > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {n_lines} lines")
    assert not long, long


def test_the_public_api_is_declared_and_importable():
    assert len(course_utils.__all__) == len(set(course_utils.__all__))
    for name in course_utils.__all__:
        assert hasattr(course_utils, name), name
    # the paths learners and notebooks have always used keep working
    from course_utils.autograd import Value  # noqa: F401
    from course_utils.exercises import check_array  # noqa: F401
    from course_utils.network import MLP, dense_forward  # noqa: F401
    from course_utils.optim import Adam  # noqa: F401


def test_this_test_sees_a_wrong_import(tmp_path):
    """The import check itself works: a top-level module importing a dashboard is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("from .dashboards import style\nfrom .network import MLP\n")
    found = imports_of("probe", probe)
    assert found == {"dashboards.style", "network"}
    assert room("dashboards.style") == "dashboards" and room("network") == "top"
