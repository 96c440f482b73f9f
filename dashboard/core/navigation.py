"""The menus: what each role sees in the header, in one table later apps add to.

An account section appears for the current account when the person has its capability;
a manage page appears when they have its capability (``people.context_processors`` decides,
from ``people.access``; this table only names links by URL name, importing no app). Apps
append theirs in their ``ready()``, e.g.
``ACCOUNT_SECTIONS.append(NavItem("Channels", "channels:list", Capability.BROWSE))``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.capabilities import Capability


@dataclass(frozen=True)
class NavItem:
    """One link: its label, URL name, and the capability that shows it."""

    label: str
    url_name: str
    need: Capability


ACCOUNT_SECTIONS: list[NavItem] = [
    NavItem("Overview", "overview:account", Capability.BROWSE),
]

MANAGE_PAGES: list[NavItem] = [
    NavItem("Accounts", "accounts:list", Capability.MANAGE_ACCOUNTS),
    NavItem("People", "people:list", Capability.MANAGE_PEOPLE),
    NavItem("Audit", "audit:list", Capability.VIEW_AUDIT),
]
