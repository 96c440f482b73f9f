"""Every documented operation can be found in the dashboard by searching for its client method.

A search for ``add_webhook`` must lead to the code that adds a webhook. So every one of the 51
operations of endpoints.tsv is called literally somewhere in ``dashboard/`` as
``client.<group>.<method>(`` (the client variable is always called ``client``), and nothing
there looks a client method up by a name built at run time.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from channels_api.resources import OPERATIONS

ROOT = Path(__file__).resolve().parent.parent
ENDPOINTS = ROOT / "tests" / "channels_api" / "data" / "endpoints.tsv"
DASHBOARD = ROOT / "dashboard"

# ``getattr(client, …)``, ``getattr(client.configuration, …)``, ``getattr(self.api_client, …)``.
LOOKUP_BY_NAME = re.compile(r"getattr\(\s*[\w.]*client\b")


def _documented_operations() -> list[str]:
    lines = [
        line for line in ENDPOINTS.read_text().splitlines() if line and not line.startswith("#")
    ]
    return [row["operation"] for row in csv.DictReader(lines, delimiter="\t")]


def _call_of(operation: str) -> str:
    """``client.<group>.<method>`` for an operation, as the client registers it."""
    implemented, qualname = OPERATIONS[operation]
    return f"client.{implemented.group}.{qualname.rsplit('.', 1)[-1]}"


def _dashboard_sources() -> dict[Path, str]:
    return {path: path.read_text() for path in sorted(DASHBOARD.rglob("*.py"))}


def test_every_documented_operation_is_called_by_name_somewhere_in_the_dashboard() -> None:
    operations = _documented_operations()
    assert len(operations) == 51
    sources = "\n".join(_dashboard_sources().values())
    missing = [
        f"{operation}: {_call_of(operation)}(…)"
        for operation in operations
        if not re.search(rf"\b{re.escape(_call_of(operation))}\(", sources)
    ]
    assert not missing, "no literal call in dashboard/ for:\n" + "\n".join(missing)


def test_the_dashboard_never_looks_up_a_client_method_by_name() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path, text in _dashboard_sources().items()
        for number, line in enumerate(text.splitlines(), start=1)
        if LOOKUP_BY_NAME.search(line)
    ]
    assert not found, "a client method looked up by name:\n" + "\n".join(found)
