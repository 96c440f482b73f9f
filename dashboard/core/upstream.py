"""Reading from CM.com for a page: the client factory, a per-account cache, concurrent parts.

    from dashboard.core import upstream

    channels = upstream.fetch(account, "channels", lambda c: c.channels.list())  # may raise
    parts = upstream.fetch_many(account, {
        "channels": lambda c: c.channels.list(),
        "channels.requests": lambda c: c.channels.list_requests(),
    })                                  # never raises: each value is a result or UpstreamFailure
    upstream.invalidate(account, "channels")  # after a write: drops channels and channels.*

Cache keys are dotted names (``templates.<request id>``); ``invalidate(account, "templates")``
drops that key and every key under it, by bumping a generation kept in the cache, so it works
the same on local memory and on Redis. Repeat views within ``UPSTREAM_CACHE_SECONDS`` make no
upstream call, and concurrent reads of one key in a process make one call (single flight).

Failures become ``UpstreamFailure``: a message in words (what failed, what to do) that never
contains the product token; ``describe_failure`` is the one place those words are written.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format

from channels_api import errors
from channels_api.client import ChannelsClient
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount

logger = logging.getLogger(__name__)

T = TypeVar("T")
Call = Callable[[ChannelsClient], Any]

_MAX_WORKERS = 6
# When CM.com says "too many requests" without saying for how long.
_DEFAULT_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class UpstreamFailure:
    """Why a part could not be loaded, in words a person can act on."""

    kind: str
    """timeout, unreachable, token_refused, forbidden, not_found, rate_limited,
    upstream_error, malformed, bad_request, conflict, token_unreadable or unexpected."""
    message: str
    status: int | None = None
    retry_at: datetime | None = None
    # Lets a template tell a failure from a result: ``{% if part.is_failure %}``.
    is_failure: ClassVar[bool] = True

    def __str__(self) -> str:
        return self.message


def client_for(account: CMAccount, *, timeout: float | None = None) -> ChannelsClient:
    """A client for this account, with its token decrypted only to hand it to the client.

    Raises TokenDecryptionError when the stored token cannot be read with the current keys.
    """
    return ChannelsClient(
        account_id=str(account.account_id),
        product_token=account.token.reveal(),
        base_url=account.base_url,
        timeout=float(timeout or settings.UPSTREAM_TIMEOUT_SECONDS),
    )


def describe_failure(error: BaseException) -> UpstreamFailure:
    """Words for what went wrong talking to CM.com and what to do about it."""
    status = getattr(error, "status", None)
    if isinstance(error, errors.Timeout):
        return UpstreamFailure("timeout", "CM.com did not answer in time — try again in a minute.")
    if isinstance(error, errors.TransportError):
        return UpstreamFailure(
            "unreachable",
            "CM.com could not be reached — try again in a minute; if it lasts, an admin should "
            "check the account's API base URL.",
        )
    if isinstance(error, errors.Unauthorized):
        return UpstreamFailure(
            "token_refused",
            "CM.com refused this account's product token — an admin should update it.",
            status,
        )
    if isinstance(error, errors.Forbidden):
        return UpstreamFailure(
            "forbidden",
            "CM.com refused this account's product token for this account — an admin should "
            "check the account id and token.",
            status,
        )
    if isinstance(error, errors.NotFound):
        return UpstreamFailure(
            "not_found",
            "CM.com does not know this account or item — an admin should check the account id.",
            status,
        )
    if isinstance(error, errors.RateLimited):
        wait = error.retry_after if error.retry_after is not None else _DEFAULT_RETRY_AFTER
        retry_at = timezone.now() + timedelta(seconds=wait)
        # Round up to the next minute so "try again at 14:05" is never too early.
        shown = timezone.localtime(retry_at + timedelta(seconds=59)).replace(second=0)
        return UpstreamFailure(
            "rate_limited",
            f"Too many requests to CM.com — try again at {time_format(shown, 'H:i')}.",
            status,
            retry_at,
        )
    if isinstance(error, errors.UpstreamError):
        return UpstreamFailure(
            "upstream_error",
            f"CM.com failed on its side (status {status}) — try again in a few minutes.",
            status,
        )
    if isinstance(error, errors.MalformedResponse):
        return UpstreamFailure(
            "malformed",
            "CM.com sent an answer the dashboard could not read — try again later; if it "
            "lasts, tell the developers.",
            status,
        )
    if isinstance(error, errors.BadRequest):
        return UpstreamFailure(
            "bad_request", f"CM.com refused the request: {error.message}", status
        )
    if isinstance(error, errors.Conflict):
        return UpstreamFailure("conflict", f"CM.com said this conflicts: {error.message}", status)
    if isinstance(error, TokenDecryptionError):
        return UpstreamFailure(
            "token_unreadable",
            "This account's product token cannot be decrypted with the configured keys — an "
            "admin should set the token again.",
        )
    if isinstance(error, errors.ChannelsAPIError):
        return UpstreamFailure(
            "upstream_error",
            f"CM.com answered with an error{f' (status {status})' if status else ''} — "
            "try again later.",
            status,
        )
    return UpstreamFailure(
        "unexpected", "Something went wrong loading this — the error was logged; try again."
    )


# --- cache -----------------------------------------------------------------------------------

_flight_guard = threading.Lock()
_flights: dict[str, threading.Lock] = {}


def _flight_lock(name: str) -> threading.Lock:
    with _flight_guard:
        return _flights.setdefault(name, threading.Lock())


def _prefixes(key: str) -> list[str]:
    """``a.b.c`` → ``["", "a", "a.b", "a.b.c"]``: every prefix whose invalidation drops key."""
    parts = key.split(".")
    return ["", *(".".join(parts[: i + 1]) for i in range(len(parts)))]


def _generation_key(account: CMAccount, prefix: str) -> str:
    return f"upstream-gen:{account.pk}:{prefix}"


def cache_key(account: CMAccount, key: str) -> str:
    """The cache key for ``key`` of this account, at the current generations."""
    names = [_generation_key(account, prefix) for prefix in _prefixes(key)]
    found = cache.get_many(names)
    generations = ".".join(str(found.get(name, 0)) for name in names)
    return f"upstream:{account.cache_version}:{generations}:{key}"


def _ttl(ttl: int | None) -> int:
    return int(settings.UPSTREAM_CACHE_SECONDS if ttl is None else ttl)


def fetch(
    account: CMAccount, key: str, fn: Callable[[ChannelsClient], T], *, ttl: int | None = None
) -> T:
    """``fn(client)`` for this account, cached under ``key`` for ``ttl`` seconds.

    ``ttl`` defaults to UPSTREAM_CACHE_SECONDS; 0 does not cache. Raises the client's
    ``ChannelsAPIError`` (or TokenDecryptionError); failures are never cached. A page that
    should not fail whole uses ``fetch_many`` or ``fetch_or_failure``.
    """
    seconds = _ttl(ttl)
    if seconds <= 0:
        with client_for(account) as client:
            return fn(client)
    # One call per key at a time in this process: a second reader waits for the first's answer.
    with _flight_lock(f"{account.pk}:{key}"):
        full_key = cache_key(account, key)
        hit = cache.get(full_key)
        if hit is not None:
            return hit[0]
        with client_for(account) as client:
            value = fn(client)
        # Wrapped in a tuple so a None answer is cached too.
        cache.set(full_key, (value,), seconds)
        return value


def fetch_or_failure(
    account: CMAccount, key: str, fn: Callable[[ChannelsClient], T], *, ttl: int | None = None
) -> T | UpstreamFailure:
    """Like ``fetch`` but returns an UpstreamFailure instead of raising."""
    try:
        return fetch(account, key, fn, ttl=ttl)
    except (errors.ChannelsAPIError, TokenDecryptionError) as error:
        logger.warning("upstream read %s for account %s failed: %r", key, account.pk, error)
        return describe_failure(error)
    except Exception as error:  # a bug must cost one part of a page, not the page
        logger.exception("upstream read %s for account %s raised", key, account.pk)
        return describe_failure(error)


def fetch_many(
    account: CMAccount, calls: Mapping[str, Call], *, ttl: int | None = None
) -> dict[str, Any]:
    """Run several reads at once; each name maps to its result or an UpstreamFailure.

    Each name is also the cache key of its call. Never raises for an upstream failure.
    The callables run on worker threads: they should talk to the client, not the database.
    """
    if not calls:
        return {}
    if len(calls) == 1:
        ((name, fn),) = calls.items()
        return {name: fetch_or_failure(account, name, fn, ttl=ttl)}
    with ThreadPoolExecutor(
        max_workers=min(len(calls), _MAX_WORKERS), thread_name_prefix="upstream"
    ) as pool:
        futures = {
            name: pool.submit(fetch_or_failure, account, name, fn, ttl=ttl)
            for name, fn in calls.items()
        }
        return {name: future.result() for name, future in futures.items()}


def invalidate(account: CMAccount, prefix: str = "") -> None:
    """Forget cached reads of this account under ``prefix`` (whole dotted segments; "" = all)."""
    cache.set(_generation_key(account, prefix), uuid.uuid4().hex[:8], None)


def is_failure(value: object) -> bool:
    """Whether a ``fetch_many`` value is a failure (handy in templates and selectors)."""
    return isinstance(value, UpstreamFailure)
