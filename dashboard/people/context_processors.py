"""Context for base.html: the account switcher, the menus, and what the person may do.

Here, not in core: it asks ``people.access`` what the person may see (core holds only the
menus' table, ``core.navigation``)."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from dashboard.core.navigation import ACCOUNT_SECTIONS, MANAGE_PAGES
from dashboard.people.access import capabilities_of, visible_accounts


def _link(url_name: str, **kwargs: Any) -> str | None:
    # Every page reverses the same dozen menu links: remembered per URL configuration and
    # script prefix, which are all a reverse depends on besides its arguments.
    return _reversed(url_name, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reversed(
    url_name: str, kwargs: tuple[tuple[str, Any], ...], urlconf: Any, prefix: str
) -> str | None:
    try:
        return reverse(url_name, kwargs=dict(kwargs) or None, urlconf=urlconf)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_accounts``, ``current_account``, ``account_nav``, ``manage_nav`` and ``can``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    caps = capabilities_of(user)
    current = getattr(request, "current_account", None)
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    account_nav = []
    if current is not None:
        for item in ACCOUNT_SECTIONS:
            href = _link(item.url_name, account_id=current.account_id)
            if item.need in caps and href:
                account_nav.append(
                    {"label": item.label, "href": href, "current": view_name == item.url_name}
                )
    manage_nav = []
    for item in MANAGE_PAGES:
        href = _link(item.url_name)
        if item.need in caps and href:
            current_page = view_name.split(":")[0] == item.url_name.split(":")[0]
            manage_nav.append({"label": item.label, "href": href, "current": current_page})
    return {
        # A queryset, not a list: only a full page's header shows the switcher; an htmx
        # fragment (and the bell polling every 30 s) never reads it, so never queries it.
        "nav_accounts": visible_accounts(user).only("name", "account_id"),
        "current_account": current,
        "account_nav": account_nav,
        "manage_nav": manage_nav,
        "can": {cap.name: True for cap in caps},
    }
