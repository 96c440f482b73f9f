"""A watch for product tokens in everything the dashboard renders, answers or logs in tests.

While a dashboard or browser test runs, every response Django produces (test client and live
server alike: body, streamed chunks and headers), every log record, and every e-mail in the
outbox is searched for every product token the test run knows: the sandbox's two, and each
plain token handed to ``dashboard.accounts.crypto.encrypt``. A test during which one shows up
fails at teardown, naming where. Tokens shorter than ``MIN_LENGTH`` are not searched for
(a test's "x" would be found everywhere); real product tokens are uuids.

Wired in by the autouse fixtures in ``tests/dashboard/conftest.py`` and
``tests/browser/conftest.py``; ``SCANNER`` is the one instance.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from django.core import mail
from django.core.handlers.base import BaseHandler
from django.http import HttpRequest, HttpResponseBase

from channels_api.sandbox.seed import DEMO_PRODUCT_TOKEN
from dashboard.accounts import crypto
from tests.conftest import SECOND_PRODUCT_TOKEN

MIN_LENGTH = 16


class LeakScanner:
    """Knows the tokens, searches what it is shown, and keeps what it found."""

    def __init__(self, permanent: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._permanent = {t.encode() for t in permanent}
        self._secrets: set[bytes] = set(self._permanent)
        self.findings: list[str] = []
        self._installed = False

    def register(self, plain: str) -> None:
        """Search for this token from now on (until ``reset``)."""
        if len(plain.strip()) >= MIN_LENGTH:
            with self._lock:
                self._secrets.add(plain.strip().encode())

    def scan(self, where: str, data: bytes | str) -> None:
        """Note every known token found in ``data``."""
        blob = data.encode("utf-8", "replace") if isinstance(data, str) else data
        with self._lock:
            secrets = list(self._secrets)
        for secret in secrets:
            if secret in blob:
                with self._lock:
                    self.findings.append(f"{where}: contains the product token …{secret[-4:]!r}")

    def reset(self) -> None:
        """Forget findings and the tokens one test registered."""
        with self._lock:
            self.findings = []
            self._secrets = set(self._permanent)

    def scan_outbox(self) -> None:
        """Search the e-mails sent during the test (locmem backend)."""
        for message in getattr(mail, "outbox", []):
            parts = [
                message.subject,
                message.body,
                *(str(a[0]) for a in getattr(message, "alternatives", [])),
            ]
            self.scan(f"e-mail {message.subject!r} to {message.to}", "\n".join(parts))

    def install(self) -> None:
        """Patch the places to watch (once per process)."""
        if self._installed:
            return
        self._installed = True
        scanner = self
        original_encrypt = crypto.encrypt
        original_get_response = BaseHandler.get_response

        def encrypt(plain: str) -> str:
            scanner.register(plain)
            return original_encrypt(plain)

        def get_response(handler: BaseHandler, request: HttpRequest) -> HttpResponseBase:
            response = original_get_response(handler, request)
            where = f"{request.method} {request.get_full_path()} -> {response.status_code}"
            scanner.scan(f"{where} headers", str(dict(response.headers)))
            if response.streaming:
                response.streaming_content = scanner._streamed(where, response.streaming_content)
            else:
                scanner.scan(f"{where} body", response.content)
            return response

        crypto.encrypt = encrypt  # type: ignore[assignment]
        BaseHandler.get_response = get_response  # type: ignore[method-assign]
        logging.getLogger().addHandler(_LogWatch(self))

    def _streamed(self, where: str, chunks: Iterable[Any]) -> Iterator[Any]:
        for chunk in chunks:
            self.scan(f"{where} streamed body", chunk)
            yield chunk


class _LogWatch(logging.Handler):
    """Searches every log record, with its traceback, at any level."""

    def __init__(self, scanner: LeakScanner) -> None:
        super().__init__(level=logging.DEBUG)
        self.scanner = scanner
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:  # a record whose arguments do not fit its message: search the parts
            text = f"{record.msg} {record.args}"
        self.scanner.scan(f"log record of {record.name}", text)


SCANNER = LeakScanner(permanent=(DEMO_PRODUCT_TOKEN, SECOND_PRODUCT_TOKEN))
