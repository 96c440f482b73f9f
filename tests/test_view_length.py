"""Views read straight down: no function in a views module is over 40 lines (issue 14).

A view that needs more is assembling what a selector should build, or handing behaviour
around; ARCHITECTURE.md says where that goes instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 40


def _views_modules() -> list[Path]:
    dashboard = ROOT / "dashboard"
    found = set(dashboard.glob("**/views.py")) | set(dashboard.glob("**/views/*.py"))
    return sorted(path for path in found if path.name != "__init__.py")


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := node.end_lineno - node.lineno + 1) > LIMIT
    ]


def test_the_views_modules_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in _views_modules()}
    assert "dashboard/studio/views.py" in names
    assert "dashboard/channels/views/configuration.py" in names


def test_no_function_in_a_views_module_is_over_forty_lines():
    long = [entry for path in _views_modules() for entry in _long_functions(path)]
    assert long == [], "split these, or let a selector build what they assemble:\n" + "\n".join(
        long
    )
