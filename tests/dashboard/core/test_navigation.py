"""The main menu as the server draws it: grouped by the work, each page's own link marked
``aria-current="page"`` and its group ``aria-current="true"``, only what the role may do."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dashboard.core.capabilities import Capability
from dashboard.core.navigation import NavItem, current_item
from tests.dashboard.whatsapp.helpers import whatsapp_requests

CURRENT_LINK = re.compile(r'<a href="[^"]*" aria-current="page">([^<]+)</a>')
CURRENT_GROUP = re.compile(r'<summary aria-current="true">([^<]+)</summary>')
GROUPS = re.compile(r"<summary(?: aria-current=\"true\")?>([^<]+)</summary>")


def main_menu(body: str) -> str:
    return body[body.index('aria-label="Main"') : body.index('class="account-fold"')]


def marked(client, url: str) -> tuple[list[str], list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    menu = main_menu(response.content.decode())
    return CURRENT_LINK.findall(menu), CURRENT_GROUP.findall(menu)


@pytest.mark.parametrize(
    ("path", "link", "group"),
    [
        ("", "Overview", None),
        ("channels/", "Channels", "Channels"),
        ("requests/", "Channel requests", "Channels"),
        ("channel-types/", "Channel types", "Channels"),
        ("keywords/", "Keywords", "SMS"),
        ("numbers/", "Numbers", "SMS"),
        ("numbers/types/", "Numbers", "SMS"),
        ("pending/", "Pending", "Approvals"),
        ("reviews/", "Reviews", "Approvals"),
        ("approval-times/", "Approval times", "Approvals"),
    ],
)
def test_each_account_page_marks_its_own_link_and_group(
    support_client, account_a, path, link, group
):
    links, groups = marked(support_client, f"/a/{account_a.account_id}/{path}")
    assert links == [link]
    assert groups == ([group] if group else [])


def test_the_whatsapp_pages_mark_business_account_profiles_and_templates(support_client, account_a):
    picker = support_client.get(f"/a/{account_a.account_id}/whatsapp/")
    home = picker.headers["Location"]
    assert marked(support_client, home) == (["Business account"], ["WhatsApp"])
    profiles = support_client.get(f"/a/{account_a.account_id}/whatsapp/?to=profiles")
    assert marked(support_client, profiles.headers["Location"]) == (["Profiles"], ["WhatsApp"])
    active = whatsapp_requests(account_a)["active"]
    templates = reverse("studio:list", args=[account_a.account_id, active])
    assert marked(support_client, templates) == (["Templates"], ["WhatsApp"])


def test_pages_across_accounts_and_admin_pages_mark_their_groups(admin_client, account_a):
    assert marked(admin_client, reverse("tracker:board")) == (["All pending"], ["All accounts"])
    assert marked(admin_client, reverse("reviews:board")) == (["All reviews"], ["All accounts"])
    assert marked(admin_client, reverse("people:list")) == (["People"], ["Admin"])
    assert marked(admin_client, reverse("audit:list")) == (["Audit"], ["Admin"])


def test_the_groups_come_in_the_order_of_the_work_and_admin_only_for_admins(
    admin_client, support_client, account_a
):
    url = f"/a/{account_a.account_id}/"
    admin_menu = main_menu(admin_client.get(url).content.decode())
    assert GROUPS.findall(admin_menu) == [
        "Channels",
        "WhatsApp",
        "SMS",
        "Approvals",
        "All accounts",
        "Admin",
    ]
    support_menu = main_menu(support_client.get(url).content.decode())
    assert "Admin" not in GROUPS.findall(support_menu)
    assert ">People<" not in support_menu


def test_a_pages_own_url_name_beats_a_pattern_and_a_longer_pattern_a_shorter():
    numbers = NavItem("Numbers", "numbers:list", Capability.BROWSE, "SMS", ("numbers:*",))
    keywords = NavItem(
        "Keywords", "numbers:keywords", Capability.BROWSE, "SMS", ("numbers:keyword*",)
    )
    items = [numbers, keywords]
    assert current_item(items, "numbers:keyword_detail") is keywords
    assert current_item(items, "numbers:detail") is numbers
    assert current_item(items, "numbers:keywords") is keywords
    assert current_item(items, "overview:account") is None
