"""Layers point down: no import cycle in ``dashboard/`` or ``channels_api/``, between modules or
between apps, read from the source (nothing is imported to build the graph).

Every ``import`` and ``from … import`` of a ``dashboard.*`` or ``channels_api.*`` module counts,
at module level and inside functions (a function-level import is still a dependency, only a
later one), except under ``if TYPE_CHECKING:``. Relative imports are resolved, and
``from pkg import name`` counts as importing ``pkg.name`` when that is a module, else ``pkg``.

An app is a top-level package under ``dashboard/`` (``dashboard.core``, ``dashboard.upstream``,
…) or ``channels_api``; the project's own modules directly in ``dashboard/`` (settings, urls,
the Celery app) wire the apps together and are no app: they are in the module graph only.

The layers, bottom first: ``channels_api``; ``core``; ``accounts``; ``upstream``; ``audit``;
``people``; then the pages (``overview``, ``channels``, ``whatsapp``, ``studio``, ``numbers``,
``tracker``) and ``manage``.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dashboard", "channels_api")


@dataclass
class Graph:
    """Modules (dotted names) and, for each, the project modules it imports (where, too)."""

    modules: set[str] = field(default_factory=set)
    edges: dict[str, dict[str, int]] = field(default_factory=dict)
    """module → {imported module: line of the first such import}."""
    foreign: dict[str, dict[str, int]] = field(default_factory=dict)
    """module → {top-level name of a non-project import (``django``, …): line}."""


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except the body of ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _base_of(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a ``from`` import names (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    package = module if is_package else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def build(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> Graph:
    """The import graph of ``packages`` under ``root``."""
    packages = tuple(packages)
    files = {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }
    graph = Graph(modules=set(files))

    def project(name: str) -> bool:
        return name.split(".")[0] in packages

    for module, path in files.items():
        targets: dict[str, int] = {}
        foreign: dict[str, int] = {}
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"

        for node in _imports(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = _base_of(node, module, is_package)
                subs = (f"{base}.{alias.name}" for alias in node.names)
                names = [sub if sub in files else base for sub in subs] if project(base) else [base]
            for name in names:
                if not project(name):
                    foreign.setdefault(name.split(".")[0], node.lineno)
                elif name != module:
                    targets.setdefault(name, node.lineno)
        graph.edges[module] = targets
        graph.foreign[module] = foreign
    return graph


def app_of(module: str) -> str | None:
    """``dashboard.core.views`` → ``dashboard.core``; ``channels_api.x`` → ``channels_api``;
    the project's modules directly in ``dashboard/`` → None (they wire the apps, are no app)."""
    parts = module.split(".")
    if parts[0] != "dashboard":
        return parts[0]
    if len(parts) == 1 or (ROOT / "dashboard" / f"{parts[1]}.py").exists():
        return None
    return ".".join(parts[:2])


def module_edges(graph: Graph) -> dict[str, set[str]]:
    return {module: set(targets) for module, targets in graph.edges.items()}


def app_edges(graph: Graph) -> dict[str, set[str]]:
    apps: dict[str, set[str]] = {}
    for module, targets in module_edges(graph).items():
        source = app_of(module)
        if source is None:
            continue
        apps.setdefault(source, set())
        for target in targets:
            app = app_of(target)
            if app is not None and app != source:
                apps[source].add(app)
    return apps


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``a → b → … → a``) for each strongly connected group of nodes (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [_one_cycle(edges, group) for group in groups]


def _one_cycle(edges: dict[str, set[str]], group: set[str]) -> list[str]:
    """The shortest way from the group's first member back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for target in sorted(edges.get(node, set()) & group):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    nxt.append(target)
        frontier = nxt
    return sorted(group)  # unreachable for a strongly connected group


def _describe(found: list[list[str]], graph: Graph | None = None) -> str:
    lines = []
    for cycle in found:
        steps = []
        for source, target in itertools.pairwise(cycle):
            line = graph.edges.get(source, {}).get(target) if graph else None
            steps.append(f"{source} → {target}" + (f" (line {line})" if line else ""))
        lines.append("  " + "; ".join(steps))
    return "\n".join(lines)


GRAPH = build()


def test_no_two_modules_import_each_other_directly_or_through_others():
    found = cycles(module_edges(GRAPH))
    assert not found, "import cycles between modules:\n" + _describe(found, GRAPH)


def test_no_two_apps_import_each_other_directly_or_through_others():
    found = cycles(app_edges(GRAPH))
    assert not found, "import cycles between apps:\n" + _describe(found)


def test_core_imports_no_other_dashboard_app():
    wrong = {
        f"{module} → {target} (line {line})"
        for module, targets in GRAPH.edges.items()
        if app_of(module) == "dashboard.core"
        for target, line in targets.items()
        if target.startswith("dashboard.") and app_of(target) not in ("dashboard.core", None)
    }
    project = {
        f"{module} → {target}"
        for module, targets in GRAPH.edges.items()
        if app_of(module) == "dashboard.core"
        for target in targets
        if target.startswith("dashboard") and app_of(target) is None
    }
    assert not wrong | project, "core imports other apps:\n" + "\n".join(sorted(wrong | project))


def test_the_upstream_package_does_not_import_the_audit_trail():
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in GRAPH.edges.items()
        if app_of(module) == "dashboard.upstream"
        for target in targets
        if app_of(target) == "dashboard.audit"
    )
    assert not wrong, "upstream imports audit (use dashboard.upstream.hooks):\n" + "\n".join(wrong)


def test_channels_api_imports_nothing_from_the_dashboard_nor_django():
    wrong = sorted(
        f"{module} → {target}"
        for module in GRAPH.modules
        if app_of(module) == "channels_api"
        for target in [
            *(t for t in GRAPH.edges[module] if t.split(".")[0] == "dashboard"),
            *(name for name in GRAPH.foreign[module] if name == "django"),
        ]
    )
    assert not wrong, "channels_api must stay plain Python:\n" + "\n".join(wrong)


def test_the_graph_counts_imports_in_functions_resolves_relative_ones_and_skips_type_checking(
    tmp_path: Path,
):
    package = tmp_path / "dashboard"
    (package / "a").mkdir(parents=True)
    (package / "b").mkdir()
    for name, text in {
        "__init__.py": "",
        "a/__init__.py": "",
        "a/one.py": (
            "from typing import TYPE_CHECKING\n"
            "from . import two\n"
            "if TYPE_CHECKING:\n"
            "    from dashboard.b import models\n"
            "def later():\n"
            "    from dashboard.b.models import Thing\n"
        ),
        "a/two.py": "import django\nfrom dashboard.a.one import later\n",
        "b/__init__.py": "",
        "b/models.py": "from dashboard import a\n",
    }.items():
        (package / name).write_text(text)
    graph = build(tmp_path, ("dashboard",))
    assert set(graph.edges["dashboard.a.one"]) == {"dashboard.a.two", "dashboard.b.models"}
    assert graph.edges["dashboard.b.models"] == {"dashboard.a": 1}
    assert graph.foreign["dashboard.a.two"] == {"django": 1}
    assert cycles({name: set(t) for name, t in graph.edges.items()}) == [
        ["dashboard.a.one", "dashboard.a.two", "dashboard.a.one"]
    ]
