"""The audit hook: an audited write reaches every recorder registered into
``dashboard.upstream.hooks`` (the audit app registers ``audit.record`` when it is ready), and a
write with nobody to record it says so in the log instead of vanishing."""

from __future__ import annotations

import logging

from dashboard import audit, upstream
from dashboard.upstream import hooks
from tests.dashboard.upstream.fakes import Counter


def test_the_audit_app_registers_its_recorder_when_it_is_ready():
    assert audit.record in hooks._write_recorders


def test_an_audited_write_reaches_every_registered_recorder(account, monkeypatch):
    seen: list[dict] = []
    monkeypatch.setattr(hooks, "_write_recorders", [lambda **entry: seen.append(entry)])
    result = upstream.write(
        account,
        Counter(value={"id": "w1"}),
        audit=upstream.AuditRecord(actor=None, action="webhook.add", target="w1", sent={"a": 1}),
    )
    assert result.ok
    assert len(seen) == 1
    assert seen[0]["action"] == "webhook.add"
    assert seen[0]["outcome"] == "ok"
    assert seen[0]["account"] == account


def test_an_audited_write_with_no_recorder_is_logged_as_an_error(account, monkeypatch, caplog):
    monkeypatch.setattr(hooks, "_write_recorders", [])
    with caplog.at_level(logging.ERROR, logger="dashboard.upstream.hooks"):
        upstream.write(
            account, Counter(value=1), audit=upstream.AuditRecord(actor=None, action="x.y")
        )
    assert "x.y" in caplog.text


def test_registering_a_recorder_twice_records_each_write_once(monkeypatch):
    monkeypatch.setattr(hooks, "_write_recorders", [])

    def recorder(**entry: object) -> None:
        pass

    hooks.register_write_recorder(recorder)
    hooks.register_write_recorder(recorder)
    assert hooks._write_recorders == [recorder]
    hooks.unregister_write_recorder(recorder)
    assert hooks._write_recorders == []
