"""The WhatsApp home: the business account's state and dates, the active languages, and the
supported ones to activate, searchable by name or code; three reads at once, cached."""

from __future__ import annotations

import pytest

from tests.dashboard.channels.helpers import in_one_round
from tests.dashboard.whatsapp.helpers import HTMX, api_calls, base, whatsapp_requests


def _home(account, request_id=None):
    return f"{base(account)}/{request_id or whatsapp_requests(account)['active']}/"


@pytest.mark.parametrize(
    ("state", "label", "dates"),
    [
        ("active", "Fulfilled", ["Requested", "Fulfilled"]),
        ("pending", "Pending", ["Requested"]),
        ("closed", "Cancelled", ["Requested", "Cancelled"]),
    ],
)
def test_the_business_account_shows_its_state_with_dates(
    support_client, account_a, state, label, dates
):
    request_id = whatsapp_requests(account_a)[state]
    response = support_client.get(_home(account_a, request_id))
    assert response.status_code == 200
    business = response.context["business"]
    assert business.state_label == label
    body = response.content.decode()
    assert f'<span class="badge badge-{business.state}">{label}</span>' in body
    for date in dates:
        assert f"<dt>{date}</dt>" in body
    if state == "pending":
        assert "<dd>not yet</dd>" in body


def test_the_active_languages_are_listed_by_name_with_their_codes(marketing_client, account_a):
    response = marketing_client.get(_home(account_a))
    active = response.context["languages"].active
    assert [lang.code for lang in active] == ["nl", "en_GB", "en_US", "fr", "de", "pt_BR", "es"]
    assert "Active (7)" in response.content.decode()
    assert "<li>Dutch <code>nl</code></li>" in response.content.decode()


def test_the_home_makes_one_call_per_resource_and_none_on_a_repeat_view(
    support_client, account_a, sandbox
):
    request_id = whatsapp_requests(account_a)["active"]
    sandbox.clear_log()
    support_client.get(_home(account_a, request_id))
    assert sorted(api_calls(sandbox, account_a)) == sorted(
        [
            ("GET", "/whatsapp/supportedlanguages"),
            ("GET", f"/whatsapp/{request_id}/businessaccount"),
            ("GET", f"/whatsapp/{request_id}/languages"),
        ]
    )
    sandbox.clear_log()
    support_client.get(_home(account_a, request_id))
    assert api_calls(sandbox, account_a) == []


def test_the_three_reads_run_at_once(support_client, account_a, sandbox):
    request_id = whatsapp_requests(account_a)["active"]
    sandbox.fault(
        "GET", f"/channels/v1/accounts/{account_a.account_id}/whatsapp/*", count=3, delay_ms=400
    )
    sandbox.clear_log()
    response = support_client.get(_home(account_a, request_id))
    assert "Active (7)" in response.content.decode()
    reads = [entry for entry in sandbox.log() if entry["fault"]]
    assert len(reads) == 3
    assert in_one_round(reads), "each read waited for the one before it"


def test_the_languages_to_activate_leave_out_the_active_ones(support_client, account_a):
    available = support_client.get(_home(account_a)).context["languages"].available
    codes = {lang.code for lang in available}
    assert len(codes) == 71 - 7
    assert not codes & {"nl", "en_GB", "en_US", "fr", "de", "pt_BR", "es"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [("portug", {"pt_PT"}), ("PT_", {"pt_PT"}), ("zh", {"zh_CN", "zh_HK", "zh_TW"})],
)
def test_the_supported_languages_are_searched_by_name_or_code(
    support_client, account_a, q, expected
):
    response = support_client.get(_home(account_a), {"q": q})
    assert {lang.code for lang in response.context["languages"].available} == expected
    assert f'value="{q}"' in response.content.decode()


def test_a_search_that_finds_nothing_says_so(support_client, account_a):
    response = support_client.get(_home(account_a), {"q": "klingon"})
    assert "No supported language that is not active yet matches “klingon”." in (
        response.content.decode()
    )


def test_an_htmx_search_answers_only_the_supported_list(support_client, account_a):
    response = support_client.get(_home(account_a), {"part": "supported", "q": "swa"}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="supported-languages"')
    assert "Swahili" in body
    assert "Business account" not in body


def test_marketing_sees_the_languages_but_cannot_activate_one(marketing_client, account_a):
    body = marketing_client.get(_home(account_a)).content.decode()
    assert "Active (7)" in body
    assert "Activate another language" not in body
    assert "/languages/" not in body


def test_support_is_offered_to_activate_a_language(support_client, account_a):
    body = support_client.get(_home(account_a)).content.decode()
    assert "Activate another language" in body
    assert 'Activate <span class="visually-hidden">Afrikaans</span>' in body


def test_a_failing_business_account_shows_in_place_and_the_languages_still_show(
    support_client, account_a, sandbox
):
    request_id = whatsapp_requests(account_a)["active"]
    sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/businessaccount",
        status=500,
    )
    response = support_client.get(_home(account_a, request_id))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The business account could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 500)" in body
    assert "Active (7)" in body


def test_try_again_reloads_only_the_business_account(support_client, account_a):
    response = support_client.get(_home(account_a), {"part": "business"}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="whatsapp-business"')
    assert "Fulfilled" in body
    assert "Languages" not in body


def test_a_request_cm_does_not_know_is_a_404_that_says_so(support_client, account_a):
    response = support_client.get(f"{base(account_a)}/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert "CM.com has no such WhatsApp channel request" in response.content.decode()


def test_the_section_menu_links_each_requests_own_pages_in_each_persons_language(
    support_client, support_user, account_a
):
    # The menu is written once per request, section and language, and remembered: the first
    # one written must not stand in for another request's, another section's or language's.
    requests = whatsapp_requests(account_a)
    active, pending = requests["active"], requests["pending"]
    first = support_client.get(_home(account_a, active)).content.decode()
    assert f'<a href="{base(account_a)}/{active}/" aria-current="page">' in first
    assert f'<a href="{base(account_a)}/{active}/profiles/">Profiles</a>' in first
    other = support_client.get(_home(account_a, pending)).content.decode()
    assert f'<a href="{base(account_a)}/{pending}/profiles/">Profiles</a>' in other
    assert f"{base(account_a)}/{active}/" not in other
    profiles = support_client.get(f"{_home(account_a, active)}profiles/").content.decode()
    assert f'<a href="{base(account_a)}/{active}/profiles/" aria-current="page">' in profiles
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    dutch = support_client.get(_home(account_a, active)).content.decode()
    assert ">Bedrijfsaccount en talen</a>" in dutch
    assert ">Business account and languages</a>" not in dutch
