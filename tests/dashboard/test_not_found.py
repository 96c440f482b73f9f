"""An object CM.com does not have (deleted, or another account's id) is a real 404 that says
what is missing: the product's 404 page with a way back, or for htmx a 404 that swaps nothing
and says it in a toast (``dashboard.core.notfound`` and ``core.views.page_not_found``).

Which routes answer it is proven route by route in
``tests/dashboard/security/test_cross_account_objects.py``; this is what the answer says.
"""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from dashboard.accounts.models import CMAccount
from tests.dashboard.security.helpers import api_prefix
from tests.dashboard.security.objects import HTMX, seeds

MISSING = "00000000-0000-4000-8000-000000000000"
TEMPLATE_GONE = "CM.com has no such template in this account — it may have been deleted."


def _template_url(account: CMAccount, template_id: str, name: str = "studio:edit") -> str:
    request_id = seeds(account).path["whatsapp_request_id"]
    return reverse(name, args=[account.account_id, request_id, template_id])


def _toasts(response: Any) -> list[dict[str, str]]:
    return json.loads(response.headers["HX-Trigger"])["toast"]["items"]


def _writes(sandbox: Any) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in sandbox.log() if e["method"] != "GET"]


def test_the_404_page_says_which_object_cm_com_does_not_have_and_links_back(
    marketing_client: Any, account_a: CMAccount
) -> None:
    response = marketing_client.get(_template_url(account_a, MISSING))

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert TEMPLATE_GONE in page
    back = reverse(
        "studio:list", args=[account_a.account_id, seeds(account_a).path["whatsapp_request_id"]]
    )
    assert f'<a href="{back}">Back to the templates</a>' in page
    # An item that is missing is no reason to send an admin to the account's settings.
    assert "check the account id" not in page


def test_an_htmx_part_of_a_missing_object_is_a_404_with_a_toast_and_no_swap(
    marketing_client: Any, account_a: CMAccount
) -> None:
    response = marketing_client.get(
        _template_url(account_a, MISSING) + "?part=preview", headers=HTMX
    )

    assert response.status_code == 404
    assert response.headers["HX-Reswap"] == "none"
    assert _toasts(response) == [{"level": "error", "message": f"{TEMPLATE_GONE} Reload the page."}]
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response.headers["Vary"]


def test_an_htmx_post_to_an_item_that_is_gone_says_so_in_a_toast_and_sends_nothing(
    support_client: Any, account_a: CMAccount, sandbox: Any
) -> None:
    ids = seeds(account_a).path
    url = reverse(
        "channels:webhook_update",
        kwargs={
            "account_id": account_a.account_id,
            "channel_id": ids["channel_id"],
            "webhook_id": MISSING,
        },
    )
    body = {
        f"webhook-{MISSING}-url": "https://example.com/changed",
        f"webhook-{MISSING}-method": "POST",
        f"webhook-{MISSING}-type": "Json",
    }

    response = support_client.post(url, body, headers=HTMX)

    assert response.status_code == 404
    assert response.headers["HX-Reswap"] == "none"
    (toast,) = _toasts(response)
    assert toast["message"].startswith("CM.com has no such webhook in this account")
    assert _writes(sandbox) == []


def test_the_same_post_without_htmx_is_the_404_page_with_a_way_back_to_the_channel(
    support_client: Any, account_a: CMAccount, sandbox: Any
) -> None:
    ids = seeds(account_a).path
    kwargs = {"account_id": account_a.account_id, "channel_id": ids["channel_id"]}
    url = reverse("channels:webhook_delete", kwargs={**kwargs, "webhook_id": MISSING})

    response = support_client.post(url, {"confirm": "yes"})

    assert response.status_code == 404
    page = response.content.decode()
    assert "CM.com has no such webhook in this account" in page
    assert f'<a href="{reverse("channels:detail", kwargs=kwargs)}">Back to the channel</a>' in page
    assert _writes(sandbox) == []


def test_any_other_404_for_htmx_is_a_toast_too_never_a_page_in_a_fragment(
    support_client: Any, account_b: CMAccount
) -> None:
    # Account B is not shared with support: a 404 from the access check, not from CM.com.
    response = support_client.get(f"/a/{account_b.account_id}/channels/", headers=HTMX)

    assert response.status_code == 404
    assert response.headers["HX-Reswap"] == "none"
    (toast,) = _toasts(response)
    assert toast["message"].startswith("There is nothing here, or it is not shared with you.")
    assert "<html" not in response.content.decode()


def test_a_missing_secondary_read_is_said_in_place_and_the_page_still_shows(
    marketing_client: Any, account_a: CMAccount, sandbox: Any
) -> None:
    request_id = seeds(account_a).path["whatsapp_request_id"]
    template_id = seeds(account_a).path["template_id"]
    path = f"{api_prefix(account_a)}/whatsapp/{request_id}/templates/categories"
    sandbox.fault("GET", path, status=404, count=5)

    response = marketing_client.get(_template_url(account_a, template_id))

    assert response.status_code == 200
    page = response.content.decode()
    assert "survey_request" in page
    assert "CM.com has no such item any more (it may have been deleted) — reload the list" in page
