"""No product token in anything the dashboard renders or logs.

Two nets: the watch in ``leakscan.py`` runs around every dashboard and browser test (it fails
the test during which a token shows up); and this module walks every GET route of every app as
an admin, plain and with htmx, for both accounts, and searches the answers and the log. The
first tests here prove the watch itself finds a token wherever it may appear.
"""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from dashboard.accounts import crypto
from tests.dashboard.matrix import load, routes
from tests.dashboard.security.leakscan import SCANNER, LeakScanner

TOKEN = "7c6b5a49-8382-4170-9f5e-4d3c2b1a9e8d"


@pytest.fixture
def scanner():
    watch = LeakScanner()
    watch.register(TOKEN)
    return watch


def test_the_watch_finds_a_token_in_a_page_a_header_a_stream_a_log_line_and_an_e_mail(scanner):
    scanner.scan("page", f"<p>{TOKEN}</p>")
    scanner.scan("header", str({"HX-Trigger": f'{{"toast": "{TOKEN}"}}'}))
    list(scanner._streamed("export", iter([b"a,b\n", f"x,{TOKEN}\n".encode()])))
    handler = logging.getLogger("leak-test")
    from tests.dashboard.security.leakscan import _LogWatch

    watch = _LogWatch(scanner)
    handler.addHandler(watch)
    try:
        handler.error("refused %s", TOKEN)
    finally:
        handler.removeHandler(watch)
    mail.outbox = [mail.EmailMessage("Subject", f"token {TOKEN}", to=["a@example.com"])]
    scanner.scan_outbox()
    where = [finding.split(":")[0] for finding in scanner.findings]
    assert where == [
        "page",
        "header",
        "export streamed body",
        "log record of leak-test",
        "e-mail 'Subject' to ['a@example.com']",
    ]


def test_the_watch_ignores_short_values_and_forgets_a_tests_tokens(scanner):
    scanner.register("x")
    scanner.scan("page", "x marks the spot")
    scanner.reset()
    scanner.scan("page", TOKEN)
    assert scanner.findings == []


def test_the_installed_watch_learns_every_token_the_dashboard_encrypts(rf: RequestFactory):
    SCANNER.install()
    crypto.encrypt(TOKEN)
    SCANNER.scan("page", TOKEN)
    assert SCANNER.findings
    SCANNER.reset()  # this test's finding is the point, not a leak


def test_the_installed_watch_sees_what_django_answers(support_client, account_a):
    SCANNER.install()
    from django.core.handlers.base import BaseHandler

    assert BaseHandler.get_response.__name__ == "get_response"
    assert "leakscan" in BaseHandler.get_response.__code__.co_filename
    assert isinstance(HttpResponse(), HttpResponse)
    assert isinstance(StreamingHttpResponse([]), StreamingHttpResponse)


# --- every GET route, as an admin ---------------------------------------------------------------


MATRIX, SAMPLES = load()


def _url(name, pattern, account, person):
    kwargs = {}
    converters = pattern.pattern.converters
    if "account_id" in converters:
        kwargs["account_id"] = account.account_id
    if "person_id" in converters:
        kwargs["person_id"] = person.pk
    for provider in SAMPLES:
        for key, value in provider(account).items():
            if key in converters and key not in kwargs:
                kwargs[key] = value
    return reverse(name, kwargs=kwargs or None)


def test_no_get_page_of_any_app_shows_or_logs_a_product_token(
    admin_client, account_a, account_b, support_user, caplog
):
    caplog.set_level(logging.DEBUG)
    tokens = [account_a.token.reveal(), account_b.token.reveal()]
    visited = 0
    for name, pattern in routes().items():
        if MATRIX[name].method != "GET" or name == "login":
            continue
        for account in (account_a, account_b):
            url = _url(name, pattern, account, support_user)
            for headers in ({}, {"HX-Request": "true"}):
                response = admin_client.get(url, headers=headers)
                body = b"".join(response) if response.streaming else response.content
                visited += 1
                for token in tokens:
                    assert token.encode() not in body, url
                    assert token not in str(dict(response.headers)), url
    assert visited > 40
    for token in tokens:
        assert token not in caplog.text
