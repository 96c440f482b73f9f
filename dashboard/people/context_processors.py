"""Context for base.html: the account switcher, the menus, and what the person may do.

Here, not in core: it asks ``people.access`` what the person may see (core holds only the
menus' table, ``core.navigation``)."""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from dashboard.core.capabilities import Capability
from dashboard.core.context_processors import header_get_many, register_header_keys
from dashboard.core.escaping import escape
from dashboard.core.navigation import (
    ACCOUNT_GROUPS,
    ACCOUNT_SECTIONS,
    ACROSS_ACCOUNTS,
    MANAGE_PAGES,
    NavItem,
    current_item,
)
from dashboard.core.render_once import remembered, reversed_url
from dashboard.people.access import capabilities_of, visible_accounts


def _link(url_name: str, **kwargs: Any) -> str | None:
    # Every page reverses the same dozen menu links: remembered (core.render_once).
    try:
        return reversed_url(url_name, kwargs=kwargs)
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


def _switcher(user: Any, current_pk: int | None) -> SafeString:
    """The switcher's list items (``<li>``, one per account the person may see), the page's
    account marked ``aria-current``; "" for none.

    Each account's item is written once, with its link reversed once (``_link``), and
    remembered per person, role and generation (``SWITCHER_GENERATION``, renewed when an
    account is added, renamed or removed, or a grant changes): a page asks the cache, not the
    database, and joins the items, rather than a loop in the template, which an agency with
    hundreds of accounts would pay on every view."""
    generation = switcher_generation()
    items = _switcher_items(
        user, user.role, user.is_active, generation, get_urlconf(), get_script_prefix()
    )
    return mark_safe(  # noqa: S308  (written by _switcher_items, every value escaped)
        "\n".join(current if pk == current_pk else plain for pk, plain, current in items)
    )


# The switcher's generation: a new value whenever what any switcher lists may have changed
# (people.signals). Not a count: after the cache is emptied a new random value cannot match
# a list remembered before.
SWITCHER_GENERATION = "people:switcher-gen"


def _switcher_keys(person: Any) -> list[str]:
    return [SWITCHER_GENERATION]


# On a page, read with the bell's count (core.context_processors.header_read): one round trip.
register_header_keys(_switcher_keys)


def switcher_generation() -> str:
    generation = header_get_many([SWITCHER_GENERATION]).get(SWITCHER_GENERATION)
    if generation is None:
        cache.add(SWITCHER_GENERATION, uuid.uuid4().hex, None)
        generation = cache.get(SWITCHER_GENERATION)
    # Unreadable (Redis down: core.resilient_cache replays what is set once it is back): a
    # value of its own, so the list is read afresh rather than remembered.
    return str(generation) if generation is not None else uuid.uuid4().hex


def switcher_changed() -> None:
    """Every switcher lists again on its next page (an account or a grant changed)."""
    cache.set(SWITCHER_GENERATION, uuid.uuid4().hex, None)


@remembered(maxsize=1024)
def _switcher_items(
    user: Any, role: str, is_active: bool, generation: str, urlconf: Any, prefix: str
) -> tuple[tuple[int, str, str], ...]:
    """(pk, the account's item, the same marked as the page's account), in the switcher's
    order. The person's role and whether they are active are in the key: an admin lists
    every account (and an instance compares equal to another of the same person)."""
    items = []
    for pk, name, account_id in visible_accounts(user).values_list("pk", "name", "account_id"):
        href, label = escape(_link("overview:account", account_id=account_id)), escape(name)
        plain = f'<li><a href="{href}">{label}</a></li>'
        items.append((pk, plain, f'<li><a href="{href}" aria-current="page">{label}</a></li>'))
    return tuple(items)


class Menus(NamedTuple):
    """The main menu's HTML: the account's areas and what spans accounts (``main``), and the
    administration entries (``manage``; base.html adds the logout form after them)."""

    main: SafeString
    manage: SafeString


@remembered(maxsize=2048)
def _menus(
    caps: frozenset[Capability],
    account_id: str | None,
    view_name: str,
    language: str | None,
    urlconf: Any,
    prefix: str,
) -> Menus:
    """The menus for these rights, account, page and language, rendered once per process.

    Every page renders the same menus for the same person on the same page: their HTML is a
    function of these arguments alone (the menus' table is filled at start-up, in the apps'
    ``ready()``; no database is read), so it is remembered instead of built and rendered per
    request. ``language`` because labels are translated here; the URL configuration and script
    prefix because the links are reversed here."""
    account_items = ACCOUNT_SECTIONS if account_id is not None else []
    here = current_item([*account_items, *ACROSS_ACCOUNTS, *MANAGE_PAGES], view_name)
    account_nav: list[dict[str, Any]] = []
    if account_id is not None:
        links = _links(account_items, caps, here, account_id=account_id)
        account_nav = _grouped(links, ACCOUNT_GROUPS)
    across_nav = _grouped(_links(ACROSS_ACCOUNTS, caps, here), ())
    manage_nav = _grouped(_links(MANAGE_PAGES, caps, here), ())
    main = render_to_string(
        "partials/nav_menu.html", {"account_nav": account_nav, "across_nav": across_nav}
    )
    manage = render_to_string("partials/nav_group.html", {"groups": manage_nav})
    return Menus(main, manage)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_switcher`` (the account switcher's items' HTML), ``current_account``,
    ``nav_menu`` (the main menu's HTML: the account's areas, grouped, what spans accounts and
    administration, see ``Menus``) and ``can``. The page's own item, and so its group, is
    marked ``current``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    caps = capabilities_of(user)
    current = getattr(request, "current_account", None)
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    account_id = current.account_id if current is not None else None
    return {
        # Lazy: only a full page's header shows the switcher; an htmx fragment (and the bell
        # polling every 30 s) never reads it, so never queries it. Read once when it is.
        "nav_switcher": SimpleLazyObject(
            lambda: _switcher(user, current.pk if current is not None else None)
        ),
        "current_account": current,
        # Lazy too: a fragment never shows the menu. Not remembered with DEBUG on, so an edited
        # menu template shows at once under the development server.
        "nav_menu": SimpleLazyObject(
            lambda: _menus(
                caps,
                str(account_id) if account_id is not None else None,
                view_name,
                get_language(),
                get_urlconf(),
                get_script_prefix(),
            )
        ),
        "can": {cap.name: True for cap in caps},
    }
