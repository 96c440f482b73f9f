"""Context for base.html: the account switcher, the menus, and what the person may do.

Here, not in core: it asks ``people.access`` what the person may see (core holds only the
menus' table, ``core.navigation``)."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from dashboard.core.capabilities import Capability
from dashboard.core.navigation import (
    ACCOUNT_GROUPS,
    ACCOUNT_SECTIONS,
    ACROSS_ACCOUNTS,
    MANAGE_PAGES,
    NavItem,
    current_item,
)
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


def _links(
    items: list[NavItem], caps: frozenset[Capability], current: NavItem | None, **kwargs: Any
) -> list[dict[str, Any]]:
    """The items the person may see that resolve, as the template reads them."""
    links = []
    for item in items:
        href = _link(item.url_name, **kwargs)
        if item.need in caps and href:
            links.append(
                {
                    # Labels are marked where they are written (gettext_noop or lazy) and
                    # translated here, per request, in the person's language.
                    "label": gettext(str(item.label)),
                    "href": f"{href}?{item.query}" if item.query else href,
                    "group": item.group,
                    "current": item is current,
                }
            )
    return links


def _grouped(links: list[dict[str, Any]], order: tuple[str, ...]) -> list[dict[str, Any]]:
    """Links without a group first, each on its own, then each group in ``order`` (others
    after, as registered): ``{"label", "items", "current"}``, ``label`` "" for a lone link."""
    groups: dict[str, list[dict[str, Any]]] = {}
    lone = []
    for link in links:
        if link["group"]:
            groups.setdefault(link["group"], []).append(link)
        else:
            lone.append({"label": "", "items": [link], "current": link["current"]})
    names = [name for name in order if name in groups]
    names += [name for name in groups if name not in order]
    return lone + [
        {
            "label": gettext(name),
            "items": groups[name],
            "current": any(link["current"] for link in groups[name]),
        }
        for name in names
    ]


def _switcher(user: Any) -> list[dict[str, Any]]:
    """The accounts of the switcher, each with its link: reversed once per account and
    remembered (``_link``), not by a ``{% url %}`` per account on every page, which an agency
    with hundreds of accounts would pay on every view."""
    return [
        {"pk": pk, "name": name, "href": _link("overview:account", account_id=account_id)}
        for pk, name, account_id in visible_accounts(user).values_list("pk", "name", "account_id")
    ]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_accounts``, ``current_account``, ``account_nav`` (the account's areas, grouped),
    ``across_nav`` (what spans accounts), ``manage_nav`` (administration, grouped) and
    ``can``. The page's own item, and so its group, is marked ``current``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    caps = capabilities_of(user)
    current = getattr(request, "current_account", None)
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    account_items = ACCOUNT_SECTIONS if current is not None else []
    here = current_item([*account_items, *ACROSS_ACCOUNTS, *MANAGE_PAGES], view_name)
    account_nav: list[dict[str, Any]] = []
    if current is not None:
        links = _links(account_items, caps, here, account_id=current.account_id)
        account_nav = _grouped(links, ACCOUNT_GROUPS)
    return {
        # Lazy: only a full page's header shows the switcher; an htmx fragment (and the bell
        # polling every 30 s) never reads it, so never queries it. Read once when it is.
        "nav_accounts": SimpleLazyObject(lambda: _switcher(user)),
        "current_account": current,
        "account_nav": account_nav,
        "across_nav": _grouped(_links(ACROSS_ACCOUNTS, caps, here), ()),
        "manage_nav": _grouped(_links(MANAGE_PAGES, caps, here), ()),
        "can": {cap.name: True for cap in caps},
    }
