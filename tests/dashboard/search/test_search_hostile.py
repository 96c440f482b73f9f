"""Names CM.com gave (templates, profiles, keywords…) reach search through the index the
poller fills; poisoned with markup, htmx attributes and template syntax, they show as
characters on the results page and in its htmx fragment (the hostile-text sweep's rule)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.dashboard.security.test_hostile_text_on_every_page import (
    _checked,
    _poll_poisoned,
    _shows_text_from,
)

HTMX = {"HX-Request": "true"}


def test_names_polled_from_cm_com_show_as_text_in_search(
    admin_client: Client, account_a: Any, sandbox: Any
):
    _poll_poisoned(account_a, sandbox, "manual:1")

    # A poisoned name keeps its start ("SUSHI<img …>"): typing the start finds it. (The
    # channel types' names are poisoned too, so no request is WhatsApp's: no templates.)
    for query in ("sushi", "deals", "channel request"):
        assert _shows_text_from(_checked(admin_client, f"/search/?q={query}")), query
        assert _shows_text_from(_checked(admin_client, f"/search/?q={query}", **HTMX)), query
