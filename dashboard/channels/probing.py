""" "Send a test event" to a channel's webhook, event webhook or customer contact endpoint.

The dashboard itself sends it (``dashboard.core.outbound.probe``, which refuses addresses
inside the network), not CM.com: nothing here goes through ``upstream``. Each test, refused
or sent, is kept (the last ``models.KEPT`` per endpoint) and audited as ``<kind>.test``; a
person may send ``WEBHOOK_TEST_PER_MINUTE`` tests a minute to one endpoint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import Outcome
from dashboard.audit.services import record
from dashboard.channels.models import KEPT, EndpointTest
from dashboard.core import outbound

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Endpoint:
    """Where a test goes: a configured endpoint as CM.com lists it."""

    kind: str
    endpoint_id: str
    url: str
    method: str


def history(account: CMAccount, channel_id: str, kind: str, endpoint_id: str) -> list[EndpointTest]:
    """The endpoint's last tests, newest first."""
    return list(
        EndpointTest.objects.filter(
            account=account, channel_id=channel_id, kind=kind, endpoint_id=endpoint_id
        )
        .select_related("actor")
        .order_by("-id")[:KEPT]
    )


def histories(account: CMAccount, channel_id: str) -> dict[str, list[EndpointTest]]:
    """Every endpoint's last tests on the channel, newest first, keyed ``"<kind>:<id>"``: the
    channel's page lists them before anyone presses "Send a test event" (one query; at most
    ``KEPT`` are kept per endpoint, so the channel's rows are few)."""
    found: dict[str, list[EndpointTest]] = {}
    rows = EndpointTest.objects.filter(account=account, channel_id=channel_id)
    for test in rows.order_by("-id"):
        kept = found.setdefault(f"{test.kind}:{test.endpoint_id}", [])
        if len(kept) < KEPT:
            kept.append(test)
    return found


def _rate_key(actor: Any, account: CMAccount, channel_id: str, endpoint: Endpoint) -> str:
    who = getattr(actor, "pk", None) or "-"
    return f"endpoint-test:{who}:{account.pk}:{channel_id}:{endpoint.kind}:{endpoint.endpoint_id}"


def rate_limited(actor: Any, account: CMAccount, channel_id: str, endpoint: Endpoint) -> str:
    """Why this person may not test this endpoint now (empty when they may); counts the try."""
    key = _rate_key(actor, account, channel_id, endpoint)
    now = time.time()
    recent = [moment for moment in cache.get(key, []) if now - moment < WINDOW_SECONDS]
    limit = settings.WEBHOOK_TEST_PER_MINUTE
    if len(recent) >= limit:
        wait = max(1, int(WINDOW_SECONDS - (now - min(recent))) + 1)
        cache.set(key, recent, WINDOW_SECONDS)
        return (
            f"Not sent: you sent {limit} test events to this endpoint in the last minute; "
            f"try again in {wait} s."
        )
    cache.set(key, [*recent, now], WINDOW_SECONDS)
    return ""


def _audit_outcome(result: outbound.ProbeResult) -> str:
    if result.kind == outbound.Kind.REFUSED:
        return Outcome.REFUSED
    return Outcome.OK if result.answered else Outcome.FAILED


def _summary(result: outbound.ProbeResult) -> str:
    if result.answered:
        return f"answered {result.status} in {result.elapsed_ms} ms"
    return result.failure


def endpoint_test(
    *, actor: Any, account: CMAccount, channel_id: str, endpoint: Endpoint
) -> EndpointTest:
    """Send one test event to the endpoint, keep and audit what came of it."""
    result = outbound.probe(
        endpoint.url,
        endpoint.method,
        body=outbound.sample_body(endpoint.kind, channel_id),
        allow=outbound.parse_allowances(settings.WEBHOOK_TEST_ALLOWED),
        timeout=float(settings.WEBHOOK_TEST_TIMEOUT_SECONDS),
        ca_file=settings.WEBHOOK_TEST_CA_FILE or None,
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        test = EndpointTest.objects.create(
            account=account,
            channel_id=channel_id,
            kind=endpoint.kind,
            endpoint_id=endpoint.endpoint_id,
            actor=user,
            actor_username=user.get_username() if user is not None else "",
            url=endpoint.url,
            method=endpoint.method,
            outcome=result.kind,
            sent=result.sent,
            status=result.status,
            elapsed_ms=result.elapsed_ms,
            address=result.address,
            tls=result.tls[:200],
            tls_valid=result.tls_valid,
            body=result.body,
            body_bytes=result.body_bytes,
            location=result.location,
            failure=result.failure,
        )
        mine = EndpointTest.objects.filter(
            account=account,
            channel_id=channel_id,
            kind=endpoint.kind,
            endpoint_id=endpoint.endpoint_id,
        )
        keep = list(mine.order_by("-id").values_list("id", flat=True)[:KEPT])
        mine.exclude(id__in=keep).delete()
    record(
        actor=actor,
        account=account,
        action=f"{endpoint.kind.replace('-', '_')}.test",
        target=f"{channel_id}/{endpoint.kind}/{endpoint.endpoint_id}",
        sent={"url": endpoint.url, "method": endpoint.method},
        outcome=_audit_outcome(result),
        message=_summary(result),
    )
    return test
