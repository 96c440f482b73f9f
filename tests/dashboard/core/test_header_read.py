"""The header's parts read from the cache together (``core.context_processors.header_read``):
on a full page the bell's count and the account switcher's generation come in one
``get_many``, and what that read found is never served outside the page that read it."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.test import RequestFactory

from dashboard.core import context_processors
from dashboard.notify import bell
from dashboard.people.context_processors import SWITCHER_GENERATION, switcher_changed
from tests.dashboard.security.helpers import overview_url


def _reads(monkeypatch: Any) -> list[list[str]]:
    """The keys of every cache read (``get`` or ``get_many``) from now on."""
    reads: list[list[str]] = []
    inside: list[bool] = []
    real_get, real_get_many = cache.get, cache.get_many

    def get(key: str, *args: Any, **kwargs: Any) -> Any:
        if not inside:  # local memory's get_many asks get for each key
            reads.append([key])
        return real_get(key, *args, **kwargs)

    def get_many(keys: Any, *args: Any, **kwargs: Any) -> Any:
        reads.append(sorted(keys))
        inside.append(True)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    return reads


def test_a_full_page_reads_the_bell_and_the_switcher_together(
    support_client, account_a, support_user, monkeypatch
):
    support_client.get(overview_url(account_a))
    reads = _reads(monkeypatch)

    page = support_client.get(overview_url(account_a)).content.decode()

    assert account_a.name in page  # the switcher
    assert 'id="bell"' in page
    header = [read for read in reads if SWITCHER_GENERATION in read]
    assert header == [
        sorted([SWITCHER_GENERATION, "bell:generation", f"bell:unread:{support_user.pk}"])
    ]


def test_a_switcher_change_made_since_the_last_page_shows_on_the_next(support_client, account_a):
    support_client.get(overview_url(account_a))
    account_a.name = "Renamed for the switcher"
    account_a.save()
    switcher_changed()  # what people.signals does on a rename

    page = support_client.get(overview_url(account_a)).content.decode()

    assert "Renamed for the switcher" in page


def test_a_bell_counted_after_a_page_in_the_same_thread_is_read_afresh(support_user):
    """No request starts in between (a test, a task rendering with a request): what the
    page's header read must not stand for the cache afterwards."""
    request = RequestFactory().get("/")
    request.user = support_user
    context_processors.header_read(request)
    assert bell.unread(support_user, lambda person: 0) == 0  # the page's bell: remembered 0
    bell.forget([support_user.pk])  # a notification made: count again

    assert bell.unread(support_user, lambda person: 3) == 3


def test_another_persons_bell_is_not_taken_from_the_pages_read(
    support_user, marketing_user, monkeypatch
):
    request = RequestFactory().get("/")
    request.user = support_user
    context_processors.header_read(request)
    bell.unread(marketing_user, lambda person: 2)
    reads = _reads(monkeypatch)

    assert bell.unread(marketing_user, lambda person: 5) == 2  # remembered, read on its own
    assert reads == [sorted(["bell:generation", f"bell:unread:{marketing_user.pk}"])]
