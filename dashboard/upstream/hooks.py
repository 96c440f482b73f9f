"""Hooks the upstream package calls but does not own: apps above it register into them.

The audit trail sits above this package (it records accounts, people and outcomes), so a
write's audit entry is handed to whatever ``register_write_recorder`` was given; the audit app
registers ``audit.record`` in its ``AppConfig.ready``. Keeping it a registry, not an import,
keeps the layers pointing down: upstream never imports ``dashboard.audit``.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class WriteRecorder(Protocol):
    """Stores one audit entry of a write (the keywords of ``dashboard.audit.record``)."""

    def __call__(
        self,
        *,
        actor: Any,
        account: Any,
        action: str,
        target: str,
        sent: Any,
        outcome: str,
        upstream_status: int | None,
        message: str,
    ) -> Any: ...


_write_recorders: list[WriteRecorder] = []


def register_write_recorder(recorder: WriteRecorder) -> None:
    """Have ``recorder`` store every audited write (idempotent: ``ready()`` may run twice)."""
    if recorder not in _write_recorders:
        _write_recorders.append(recorder)


def unregister_write_recorder(recorder: WriteRecorder) -> None:
    """Stop handing writes to ``recorder`` (for tests that swap it)."""
    if recorder in _write_recorders:
        _write_recorders.remove(recorder)


def record_write(**entry: Any) -> None:
    """Hand one audited write to every registered recorder.

    A write asked to be audited with nobody to record it is a wiring bug (the audit app is not
    installed or not ready): it is logged, never silently dropped.
    """
    if not _write_recorders:
        logger.error("an audited write %s has no recorder registered", entry.get("action"))
        return
    for recorder in _write_recorders:
        recorder(**entry)
