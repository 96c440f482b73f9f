"""``{% tracker_health current_account %}``: the broken-connection banner on account pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from dashboard.accounts.models import CMAccount
from dashboard.core.render_once import remembered
from dashboard.tracker import selectors

register = template.Library()


@register.inclusion_tag("tracker/_health_banner.html")
def tracker_health(account: CMAccount | None) -> dict[str, Any]:
    """The banner when the tracker marked this account's connection broken; else nothing."""
    if account is None:
        return {"panel": None}
    # Only what the banner shows (``selectors.health_of`` builds the whole polling panel).
    reason = selectors.broken_reason_of(account)
    return {"panel": {"account": account, "broken_reason": reason} if reason else None}


@register.simple_tag(takes_context=True)
def bell(context: template.Context) -> SafeString:
    """The header's bell with its unread count, counted here so a page shows it without
    JavaScript (htmx then keeps it current)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    unread = selectors.unread_count(user) if user is not None and user.is_authenticated else 0
    return _bell_html(unread, get_language(), get_script_prefix(), get_urlconf())


@remembered(maxsize=256)
def _bell_html(unread: int, language: str | None, prefix: str, urlconf: Any) -> SafeString:
    """The bell's markup is a function of the count, the language and the links alone: every
    page draws it, so it is rendered once per count and remembered (its two reversed links
    and translations were ~0.4 ms of a light page's own time; issue 19)."""
    return render_to_string("tracker/_bell.html", {"unread": unread, "refresh": False})
