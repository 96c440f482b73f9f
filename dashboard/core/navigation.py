"""The menus: what each role sees in the header, in one table later apps add to.

Three parts, in the order the header shows them: the current account's areas
(``ACCOUNT_SECTIONS``, in ``ACCOUNT_GROUPS``), what spans accounts (``ACROSS_ACCOUNTS``) and
administration (``MANAGE_PAGES``, a menu of its own). An item appears when the person has its
capability (``people.context_processors`` decides, from ``people.access``; this table only
names links by URL name, importing no app). Apps append theirs in their ``ready()``, e.g.
``ACCOUNT_SECTIONS.append(NavItem("Channels", "channels:list", Capability.BROWSE,
group=CHANNELS, current_on=("channels:*",)))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.utils.translation import gettext_noop

from dashboard.core.capabilities import Capability

# The account's areas, each a dropdown in the header (an item without a group is a link of
# its own, before them). A group not listed here still shows, after these.
# Names and labels are marked with gettext_noop (they are keys too) and translated when a
# menu is built for a request (people.context_processors); an app may pass a lazy label.
CHANNELS = gettext_noop("Channels")
WHATSAPP = gettext_noop("WhatsApp")
SMS = gettext_noop("SMS")
APPROVALS = gettext_noop("Approvals")
ACCOUNT_GROUPS: tuple[str, ...] = (CHANNELS, WHATSAPP, SMS, APPROVALS)
# What spans accounts, and administration: a group each, after the account's areas.
ACROSS = gettext_noop("All accounts")
ADMIN = gettext_noop("Admin")


@dataclass(frozen=True)
class NavItem:
    """One link: its label, URL name (and query), the capability that shows it, the group it is
    listed under, and the other pages (view names, ``*`` patterns) that count as being in it."""

    label: str
    url_name: str
    need: Capability
    group: str = ""
    current_on: tuple[str, ...] = ()
    query: str = ""

    def match(self, view_name: str) -> int:
        """How closely the page named ``view_name`` is this item's: 0 not at all, more for
        closer (its own URL name beats any pattern; a longer pattern beats a shorter one)."""
        if not view_name:
            return 0
        if view_name == self.url_name:
            return 1000
        scores = [
            len(pattern.rstrip("*"))
            for pattern in self.current_on
            if fnmatchcase(view_name, pattern)
        ]
        return max(scores, default=0)


def current_item(items: list[NavItem], view_name: str) -> NavItem | None:
    """The item the page belongs to: the closest match (the first of equals), or None."""
    best, score = None, 0
    for item in items:
        found = item.match(view_name)
        if found > score:
            best, score = item, found
    return best


ACCOUNT_SECTIONS: list[NavItem] = [
    NavItem(gettext_noop("Overview"), "overview:account", Capability.BROWSE),
]

ACROSS_ACCOUNTS: list[NavItem] = []

MANAGE_PAGES: list[NavItem] = [
    NavItem(
        gettext_noop("Accounts"),
        "accounts:list",
        Capability.MANAGE_ACCOUNTS,
        ADMIN,
        current_on=("accounts:*",),
    ),
    NavItem(
        gettext_noop("People"),
        "people:list",
        Capability.MANAGE_PEOPLE,
        ADMIN,
        current_on=("people:*",),
    ),
    NavItem(
        gettext_noop("Audit"), "audit:list", Capability.VIEW_AUDIT, ADMIN, current_on=("audit:*",)
    ),
]


def register(section: list[NavItem], *items: NavItem) -> None:
    """Append items to a section once: ``ready()`` can run twice (tests, autoreload)."""
    for item in items:
        if item not in section:
            section.append(item)
