"""Talking to CM.com for a page: the client factory, the circuit breaker, failures in words,
cached concurrent reads, and writes that find out what happened when the answer was lost.

    from dashboard import upstream

    channels = upstream.fetch(account, "channels", lambda client: client.channels.list())
                                        # may raise
    parts = upstream.fetch_many(account, {
        "channels": lambda client: client.channels.list(),
        "channels.requests": lambda client: client.channels.list_requests(),
    })                                  # never raises: each value is a result or UpstreamFailure
    upstream.invalidate(account, "channels")  # after a write: drops channels and channels.*
    result = upstream.write(account, lambda client: ..., verify=..., what="the webhook",
                            audit=upstream.AuditRecord(actor=user, action="webhook.add"))
                                        # never raises: result.ok, result.message, result.state

One module per concept, each importing only those listed before it:

- ``breaker``: the circuit breaker per account (``CircuitOpen``, ``reset_breaker``);
- ``clients``: ``client_for`` and the per-thread pooled sessions;
- ``wording``: ``describe_failure``, ``describe_write``, ``UpstreamFailure``, ``lost_answer``;
- ``reads``: ``fetch``, ``fetch_or_failure``, ``fetch_many`` (``fetch_many_started``: begun
  now, answered when asked, for a page with database work to do meanwhile), cache keys,
  ``invalidate``,
  ``read_at`` (when a cached read was read);
- ``hooks``: where the audit app registers the recorder of audited writes;
- ``writes``: ``write`` (the one way to send a POST, PUT or DELETE), ``AuditRecord``,
  ``WriteResult``, ``WriteState``.

Callers use the names re-exported here. The package sits above ``dashboard.accounts`` (it
reads an account's token and base URL) and below every app that reads CM.com; it never
imports the audit trail (see ``hooks``).
"""

from dashboard.upstream.breaker import (
    Breaker,
    CircuitOpen,
    breaker_open_until,
    counts_against_breaker,
    reset_breaker,
    reset_breaker_of,
)
from dashboard.upstream.clients import Call, client_for
from dashboard.upstream.reads import (
    cache_key,
    fetch,
    fetch_many,
    fetch_many_started,
    fetch_or_failure,
    invalidate,
    is_failure,
    read_at,
)
from dashboard.upstream.wording import (
    UpstreamFailure,
    describe_failure,
    describe_write,
    lost_answer,
)
from dashboard.upstream.writes import (
    CHECK_DELAY_AFTER_TIMEOUT,
    AuditRecord,
    WriteResult,
    WriteState,
    write,
)

__all__ = [
    "CHECK_DELAY_AFTER_TIMEOUT",
    "AuditRecord",
    "Breaker",
    "Call",
    "CircuitOpen",
    "UpstreamFailure",
    "WriteResult",
    "WriteState",
    "breaker_open_until",
    "cache_key",
    "client_for",
    "counts_against_breaker",
    "describe_failure",
    "describe_write",
    "fetch",
    "fetch_many",
    "fetch_many_started",
    "fetch_or_failure",
    "invalidate",
    "is_failure",
    "lost_answer",
    "read_at",
    "reset_breaker",
    "reset_breaker_of",
    "write",
]
