"""The one place that speaks HTTP to the Channels API.

It adds the product token and a User-Agent to every request, applies connect and read
timeouts, retries what is safe to retry, maps failures onto ``channels_api.errors``, and
turns JSON into models. Resources (``channels_api.resources``) describe operations; this
module carries them out.

Retry policy (issue 2): GET, PUT and DELETE are retried on connection failures and on
429, 502, 503 and 504, at most ``max_retries`` times and within ``retry_budget`` seconds
in all, with exponential backoff and full jitter, honouring Retry-After. A Retry-After
that does not fit in what is left of the budget is not waited for: the caller gets
``RateLimited`` with ``retry_after`` so a person can be told when to try again. POST is
never retried: it may have been carried out even when the answer was lost. A read
timeout is not retried either: the server may still be working on it, and waiting again
would break the time bound the caller asked for.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, urlsplit

import requests
from pydantic import TypeAdapter, ValidationError
from requests.adapters import HTTPAdapter

from channels_api import errors
from channels_api._version import __version__

logger = logging.getLogger("channels_api")

DEFAULT_BASE_URL = "https://api.cm.com/channels/v1"
USER_AGENT = f"channels-dashboard-client/{__version__} (+channels_api; python-requests)"
TOKEN_HEADER = "X-CM-PRODUCTTOKEN"  # noqa: S105 (a header name, not a secret)

RETRY_METHODS = frozenset({"GET", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})

T = TypeVar("T")
QueryValue = str | int | float | bool | Sequence[str] | None


@dataclass(frozen=True)
class Operation:
    """One documented operation: its group, its name in the docs, method and path template."""

    group: str
    name: str
    method: str
    path: str
    safe_to_repeat: bool = True
    """False for a GET or PUT with an effect a retry would repeat (starting an OTP sends a
    text or rings a phone); such an operation is sent once, like a POST."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up: retries, total seconds, and backoff."""

    max_retries: int = 3
    budget_seconds: float = 10.0
    backoff_base: float = 0.2
    backoff_max: float = 2.0

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based): full jitter."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)


class CallGuard(Protocol):
    """Told about every call of a transport: a place for a circuit breaker or metrics.

    ``before`` runs before anything is sent and may raise a ``ChannelsAPIError`` to stop the
    call; ``after`` runs once per call (after the transport's own retries) with the error the
    caller is about to get, or None when the call succeeded.
    """

    def before(self, method: str, path: str) -> None:
        """Raise to stop the call before it is sent."""

    def after(self, method: str, path: str, error: errors.ChannelsAPIError | None) -> None:
        """Learn how the call ended."""


_ADAPTER_CACHE: dict[type[Any], TypeAdapter[Any]] = {}
_ADAPTER_LOCK = threading.Lock()


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    key = annotation
    with _ADAPTER_LOCK:
        adapter = _ADAPTER_CACHE.get(key)
        if adapter is None:
            adapter = TypeAdapter(annotation)
            _ADAPTER_CACHE[key] = adapter
        return adapter


def _format_query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return [_format_query_value(item) for item in value]
    return value


class _NoNetrc(requests.auth.AuthBase):
    """Authentication that adds nothing: the product token travels in its own header. Set on
    the session so requests does not look for ``~/.netrc`` on every call (two file lookups a
    call), nor send a Basic login it found there for CM.com's host along with the token."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        return request


class _Session(requests.Session):
    """A requests session that reads the environment's proxy and CA bundle settings once per
    origin instead of on every call (requests scans the environment, ``no_proxy`` included,
    each time: a fraction of a millisecond on every call of every page). The environment of a
    running process does not change; a new setting takes a restart, like every other."""

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._environment_lock = threading.Lock()

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        parts = urlsplit(str(url))
        key = (
            parts.scheme,
            parts.netloc,
            tuple(sorted((proxies or {}).items())),
            stream,
            verify,
            cert if not isinstance(cert, list) else tuple(cert),
        )
        with self._environment_lock:
            found = self._environment.get(key)
        if found is None:
            found = super().merge_environment_settings(url, proxies, stream, verify, cert)
            with self._environment_lock:
                self._environment[key] = found
        # A copy: requests hands the dict to the adapter, which must not change the remembered.
        return {**found, "proxies": dict(found["proxies"])}


def new_session() -> requests.Session:
    """A session with a connection pool, sending no token by itself (each request carries its
    account's), so several clients may share it and keep their connections open between calls.
    """
    session = _Session()
    session.auth = _NoNetrc()
    # Pages fetch several resources concurrently: keep enough pooled connections.
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return session


class Transport:
    """Sends operations for one account; holds the session, the token and the policy."""

    def __init__(
        self,
        *,
        account_id: str,
        product_token: str,
        base_url: str = DEFAULT_BASE_URL,
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        guard: CallGuard | None = None,
    ) -> None:
        if not account_id or not str(account_id).strip():
            raise ValueError("account_id is required")
        if not product_token or not str(product_token).strip():
            raise ValueError("product_token is required")
        self.account_id = str(account_id).strip()
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self.guard = guard
        self._token = str(product_token).strip()
        # A session handed in is the caller's to keep open (a pool shared between clients).
        self._owns_session = session is None
        self._session = session or new_session()

    def __repr__(self) -> str:
        return f"Transport(account_id={self.account_id!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        """Release pooled connections, unless the session was handed in (and so shared)."""
        if self._owns_session:
            self._session.close()

    def path_for(self, operation: Operation, path_params: Mapping[str, str]) -> str:
        """The operation's path with the account and every id filled in and quoted."""
        values = {"accountId": self.account_id, **path_params}
        path = operation.path
        for name, value in values.items():
            text = str(value).strip() if value is not None else ""
            if not text:
                raise ValueError(f"{name} is required for {operation.name!r}")
            path = path.replace("{" + name + "}", quote(text, safe=""))
        if "{" in path:
            raise ValueError(f"missing path parameters for {operation.name!r}: {path}")
        return path

    def call(
        self,
        operation: Operation,
        *,
        path_params: Mapping[str, str] | None = None,
        query: Mapping[str, QueryValue] | None = None,
        body: Any = None,
        parse: Any = None,
    ) -> Any:
        """Carry out ``operation`` and return its body parsed as ``parse`` (None if empty)."""
        path = self.path_for(operation, path_params or {})
        params = {
            key: _format_query_value(value)
            for key, value in (query or {}).items()
            if value is not None
        }
        if self.guard is not None:
            self.guard.before(operation.method, path)
        try:
            response = self._send(
                operation.method, path, params, body, repeat=operation.safe_to_repeat
            )
            result = self._parse(operation.method, path, response, parse)
        except errors.ChannelsAPIError as error:
            if self.guard is not None:
                self.guard.after(operation.method, path, error)
            raise
        if self.guard is not None:
            self.guard.after(operation.method, path, None)
        return result

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any],
        body: Any,
        *,
        repeat: bool = True,
    ) -> requests.Response:
        url = self.base_url + path
        headers = {TOKEN_HEADER: self._token}
        data = None
        if body is not None:
            data = json.dumps(body, default=str)
            headers["Content-Type"] = "application/json"
        retryable = repeat and method in RETRY_METHODS
        deadline = time.monotonic() + self.retry.budget_seconds
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                response = self._session.request(
                    method, url, params=params, data=data, headers=headers, timeout=self.timeout
                )
            except requests.exceptions.ConnectTimeout as exc:
                failure: errors.ChannelsAPIError = errors.ConnectionFailed(
                    f"could not connect within {self.timeout[0]:g} s", method=method, path=path
                )
                cause: BaseException | None = exc
            except requests.exceptions.Timeout as exc:
                logger.warning("%s %s timed out after %.2f s", method, path, self.timeout[1])
                raise errors.Timeout(
                    f"no answer within {self.timeout[1]:g} s", method=method, path=path
                ) from exc
            except requests.exceptions.ConnectionError as exc:
                failure = errors.ConnectionFailed(
                    "could not reach the Channels API", method=method, path=path
                )
                cause = exc
            except requests.exceptions.RequestException as exc:
                raise errors.ConnectionFailed(
                    f"request failed: {type(exc).__name__}", method=method, path=path
                ) from exc
            else:
                elapsed = time.monotonic() - started
                logger.info("%s %s -> %s in %.3f s", method, path, response.status_code, elapsed)
                if response.status_code < 400:
                    return response
                failure = self._error_for(method, path, response)
                cause = None
                if not (retryable and response.status_code in RETRY_STATUSES):
                    raise failure
            if not retryable or attempt >= self.retry.max_retries:
                raise failure from cause
            attempt += 1
            wait = self.retry.backoff(attempt)
            retry_after = getattr(failure, "retry_after", None)
            if retry_after is not None:
                wait = max(wait, retry_after)
            if time.monotonic() + wait > deadline:
                # Waiting would break the budget: say so now rather than hang a page.
                raise failure from cause
            logger.info("retrying %s %s in %.2f s (retry %d)", method, path, wait, attempt)
            self._sleep(wait)

    @staticmethod
    def _error_for(method: str, path: str, response: requests.Response) -> errors.HTTPStatusError:
        status = response.status_code
        cls = errors.error_class_for(status)
        default = response.reason or f"HTTP {status}"
        message = errors.message_from_body(response.text, default=default)
        kwargs: dict[str, Any] = {
            "method": method,
            "path": path,
            "status": status,
            "body": response.text[:2000],
        }
        if cls is errors.RateLimited:
            retry_after = errors.parse_retry_after(response.headers.get("Retry-After"))
            return errors.RateLimited(message, retry_after=retry_after, **kwargs)
        return cls(message, **kwargs)

    @staticmethod
    def _parse(method: str, path: str, response: requests.Response, parse: Any) -> Any:
        text = response.text
        if parse is None or not text.strip():
            return None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            # RecursionError: JSON nested deeper than the decoder can go is not an answer.
            raise errors.MalformedResponse(
                "the answer is not valid JSON",
                method=method,
                path=path,
                status=response.status_code,
                body=text[:2000],
            ) from exc
        try:
            return _adapter(parse).validate_python(data)
        except ValidationError as exc:
            detail = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
                for err in exc.errors()[:5]
            )
            raise errors.MalformedResponse(
                f"the answer does not have the documented shape ({detail})",
                method=method,
                path=path,
                status=response.status_code,
                body=text[:2000],
            ) from exc
        except Exception as exc:
            # A tolerant reader that trips over a value it did not foresee is a bug to fix, but
            # the caller must still get a typed error, not an exception it cannot expect.
            logger.warning(
                "%s %s: parsing the answer raised %s",
                method,
                path,
                type(exc).__name__,
                exc_info=True,
            )
            raise errors.MalformedResponse(
                "the answer could not be read",
                method=method,
                path=path,
                status=response.status_code,
                body=text[:2000],
            ) from exc
