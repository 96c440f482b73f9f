"""The WhatsApp home: the business account's state and dates, the active languages, and the
supported ones to activate, searchable by name or code; three reads at once, cached."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from dashboard.whatsapp.selectors import BusinessAccount
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


# What home.html wrote in template syntax before business_facts and active_languages wrote it
# in Python (issue 19): the tags must say the same, in each language and time zone.
FACTS_AS_TEMPLATE = Template(
    """{% load i18n %}<dl class="facts">
      <dt>{% translate "Requested" %}</dt><dd>{{ business.created_on_utc|date:"j M Y, H:i"|default:"—" }}</dd>
      <dt>{% translate "Fulfilled" %}</dt><dd>{{ business.fulfilled_on_utc|date:"j M Y, H:i"|default:_("not yet") }}</dd>
      {% if business.cancelled_on_utc %}<dt>{% translate "Cancelled" %}</dt><dd>{{ business.cancelled_on_utc|date:"j M Y, H:i" }}</dd>{% endif %}
    </dl>"""  # noqa: E501
)
FACTS = Template("{% load whatsapp_tags %}{% business_facts business %}")
ACTIVE_AS_TEMPLATE = Template(
    "{% for lang in languages %}<li>{{ lang.name }} <code>{{ lang.code }}</code></li>{% endfor %}"
)
ACTIVE = Template("{% load whatsapp_tags %}{% active_languages languages %}")


def _business(*dates: datetime.datetime | None) -> BusinessAccount:
    created, fulfilled, cancelled = dates
    return BusinessAccount("fulfilled", created, fulfilled, cancelled)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/New_York"])
def test_the_business_accounts_dates_read_as_the_template_wrote_them_in_each_language_and_zone(
    language, zone
):
    # Remembered per dates, language and zone: each must get its own, not the first one's.
    may = datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC)
    march = datetime.datetime(2026, 3, 1, 8, 5, tzinfo=datetime.UTC)
    cases = [_business(may, march, None), _business(may, None, march), _business(None, None, None)]
    with translation.override(language), timezone.override(zone):
        for business in cases:
            context = {"business": business}
            expected = FACTS_AS_TEMPLATE.render(Context(context))
            assert FACTS.render(Context(context)) == expected
    assert "<dd>1 Jun 2026, 01:30</dd>" in _facts_in("en", "Europe/Amsterdam", cases[0])
    assert "<dd>31 Mei 2026, 19:30</dd>" in _facts_in("nl", "America/New_York", cases[0])


def _facts_in(language: str, zone: str, business: BusinessAccount) -> str:
    with translation.override(language), timezone.override(zone):
        return FACTS.render(Context({"business": business}))


def test_the_active_languages_read_as_the_template_wrote_them_with_cm_coms_text_escaped():
    languages = [
        SimpleNamespace(name="Dutch", code="nl"),
        SimpleNamespace(name='<b>"Klingon" & co</b>', code="tlh'"),
        SimpleNamespace(name=None, code=None),
    ]
    context = {"languages": languages}
    written = ACTIVE.render(Context(context))
    assert written == ACTIVE_AS_TEMPLATE.render(Context(context))
    assert "&lt;b&gt;&quot;Klingon&quot; &amp; co&lt;/b&gt;" in written


def test_one_moment_in_two_offsets_reads_in_each_when_time_zones_are_off():
    # Equal as instants, so one key for the remembered list but for their offsets.
    utc = datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC)
    plus_two = utc.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    for moment in (utc, plus_two):
        context = {"business": _business(moment, None, None)}
        expected = FACTS_AS_TEMPLATE.render(Context(context, use_tz=False))
        assert FACTS.render(Context(context, use_tz=False)) == expected
    assert "<dd>1 Jun 2026, 01:30</dd>" in expected
