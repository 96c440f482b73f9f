"""Every POST write of the dashboard is sent once; when its answer is lost (here a 503), one read
finds out what happened before the page says anything, end to end against the sandbox.

Two ways for each write: the sandbox carries it out and then answers 503 (``after_apply``): the
page says it was saved, offers nothing to send again, and the thing exists once; or the sandbox
answers 503 without carrying it out: the page says it was not saved and offers to send it
again, with what was typed still there. A long Retry-After on a read answers "try again at
HH:MM" without waiting: tests/dashboard/security/test_rate_limits.py
(``test_a_long_retry_after_says_try_again_at_without_waiting``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from channels_api import fetch_all
from dashboard.audit.models import AuditEntry
from dashboard.studio.models import PushState, TemplateDraft
from dashboard.upstream import client_for
from tests.dashboard.channels.helpers import seeded as seeded_channels
from tests.dashboard.security.helpers import api_prefix
from tests.dashboard.whatsapp.helpers import (
    NO_OTP,
    OTP_CODE,
    OTP_SENT,
    live_request_id,
    seeded_profiles,
)


@dataclass
class Write:
    """One POST write as a person makes it, and how to find what it made."""

    url: str
    data: dict[str, str]
    check_path: str
    """How the path of the verifying read ends."""
    action: str
    """Its audit action."""
    count: Callable[[], int]
    """How many of the thing it makes CM.com has now."""
    saved: str
    """The words that say the check found it saved."""
    kept: tuple[str, ...] = ()
    """What the page shows again when it was not saved: the typed values, the resend button."""
    before: Callable[[Any], dict[str, str]] | None = None
    """What the person does first (a dry run), with the client: it adds to ``data``."""
    post_ends: str = ""
    """How the path of the write's POST ends, when the page sends other POSTs after it."""
    redirects: bool = False
    """Whether "not saved" is said on the page a redirect leads to (the studio's editor)."""


def _channel_writes(account: Any) -> dict[str, Callable[[], Write]]:
    ids = seeded_channels(account)
    cid = ids.channel_id
    kw = {"account_id": account.account_id, "channel_id": cid}
    config_path = f"/channels/{cid}/configuration"

    def inbound() -> Any:
        with client_for(account) as client:
            return client.configuration.get_all(cid).inbound

    url = "https://checked.example.com/in"
    address = "checked@example.com"
    sent_at = timezone.now() - timedelta(seconds=5)

    def new_sms_requests() -> int:
        with client_for(account) as client:
            found = fetch_all(client.channels.list_requests, channel_type_id=ids.sms_type_id)
        return sum(1 for r in found if r.created_on_utc and r.created_on_utc >= sent_at)

    enabled = inbound().messaging_log.enabled
    wanted = "false" if enabled else "true"
    return {
        "webhook": lambda: Write(
            url=reverse("channels:webhook_add", kwargs=kw),
            data={"webhook-add-url": url, "webhook-add-method": "POST", "webhook-add-type": "Json"},
            check_path=config_path,
            action="webhook.add",
            count=lambda: sum(e.url == url for e in inbound().webhook.endpoints),
            saved="but a check shows the webhook was saved.",
            kept=(f'value="{url}"', "Send it again"),
        ),
        "e-mail address": lambda: Write(
            url=reverse("channels:email_add", kwargs=kw),
            data={"email-add-address": address},
            check_path=config_path,
            action="email.add",
            count=lambda: sum(a.address == address for a in inbound().email.addresses),
            saved="but a check shows the e-mail address was saved.",
            kept=(f'value="{address}"', "Send it again"),
        ),
        "event webhook": lambda: (
            _without_event_webhook(account, cid)
            or Write(
                url=reverse("channels:event_webhook_add", kwargs=kw),
                data={
                    "event-webhook-add-url": url,
                    "event-webhook-add-method": "POST",
                    "event-webhook-add-type": "Json",
                },
                check_path=config_path,
                action="event_webhook.add",
                count=lambda: sum(e.url == url for e in inbound().event_webhook.endpoints),
                saved="but a check shows the event webhook was saved.",
                kept=(f'value="{url}"', "Send it again"),
            )
        ),
        "customer contact": lambda: Write(
            url=reverse("channels:customer_contact_set", kwargs=kw),
            data={
                "customer-contact-url": url,
                "customer-contact-method": "POST",
                "customer-contact-type": "Json",
            },
            check_path=config_path,
            action="customer_contact.set",
            count=lambda: sum(e.url == url for e in inbound().customer_contact.endpoints),
            saved="but a check shows the customer contact endpoint was saved.",
            kept=(f'value="{url}"', "Send it again"),
        ),
        "messaging log": lambda: Write(
            url=reverse("channels:messaging_log_set", kwargs=kw),
            data={"messaging-log-enabled": wanted},
            check_path=config_path,
            action="messaging_log.set",
            count=lambda: int(inbound().messaging_log.enabled == (wanted == "true")),
            saved="but a check shows the messaging log setting was saved.",
            kept=("Send it again",),
        ),
        "channel request": lambda: Write(
            url=reverse(
                "channels:request_channel_create",
                kwargs={"account_id": account.account_id, "channel_type_id": ids.sms_type_id},
            ),
            data={"confirm": "yes"},
            check_path="/channels/requests",
            action="channel_request.create",
            count=new_sms_requests,
            saved="but a check shows the channel request was saved.",
            kept=("Send the request again",),
        ),
    }


def _without_event_webhook(account: Any, channel_id: str) -> None:
    """The page offers to set the event webhook only when there is none: take the seeded one
    away first, as a person would."""
    with client_for(account) as client:
        endpoint = client.configuration.get_all(channel_id).inbound.event_webhook.endpoint
        client.configuration.delete_event_webhook(channel_id, endpoint.id)


def _whatsapp_writes(account: Any) -> dict[str, Callable[[], Write]]:
    rid = live_request_id(account)
    billing = seeded_profiles(account, rid)[OTP_SENT]
    with client_for(account) as client:
        active = {lang.id for lang in client.whatsapp.list_active_languages(rid)}
        italian = next(
            lang
            for lang in client.whatsapp.list_supported_languages()
            if lang.code == "it" and lang.id not in active
        )
        category = client.templates.list_categories(rid)[0].id
    name = "checked_after_a_lost_answer"

    def active_italian() -> int:
        with client_for(account) as client:
            found = client.whatsapp.list_active_languages(rid)
        return sum(lang.id == italian.id for lang in found)

    def billing_processed() -> int:
        with client_for(account) as client:
            return int(bool(client.profiles.get(rid, billing.id).is_otp_processed))

    def named() -> int:
        with client_for(account) as client:
            return sum(t.name == name for t in client.templates.list(rid, q=name, take=500))

    request_kw = {"account_id": account.account_id, "whatsapp_request_id": rid}
    return {
        "language": lambda: Write(
            url=reverse("whatsapp:language_activate", kwargs=request_kw),
            data={"language_id": italian.id},
            check_path=f"/whatsapp/{rid}/languages",
            action="whatsapp.language.activate",
            count=active_italian,
            saved="but a check shows the activation of Italian (it) was saved.",
            kept=('name="language_id"',),
        ),
        "OTP code": lambda: Write(
            url=reverse("whatsapp:otp_verify", kwargs={**request_kw, "profile_id": billing.id}),
            data={"code": OTP_CODE},
            check_path=f"/profiles/{billing.id}",
            action="profile.otp.finish",
            count=billing_processed,
            saved="but a check shows the verification was saved.",
            kept=(f'value="{OTP_CODE}"',),
        ),
        "template": lambda: Write(
            url=reverse("studio:create", kwargs=request_kw),
            data={"name": name, "category_id": category},
            check_path=f"/whatsapp/{rid}/templates",
            action="template.create",
            count=named,
            saved=f"but a check shows the template {name} was saved.",
            kept=(f'value="{name}"', "Create template"),
        ),
    }


def _token(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, "the dry run's page carries a confirmation token"
    return match.group(1)


def _numbers_writes(account: Any) -> dict[str, Callable[[], Write]]:
    with client_for(account) as client:
        types = client.numbers.list_types(take=100)
        numbers = client.numbers.list(take=100)
        requests_before = len(fetch_all(client.numbers.list_requests))
    mobile = next(t for t in types if t.country == "NL" and t.category == "MOBILE")
    shortcode = next(n for n in numbers if n.number == "3010")
    keyword = "CHECKED"

    def request_dry_run(client: Any) -> dict[str, str]:
        page = client.post(
            reverse("numbers:request_check", kwargs={"account_id": account.account_id}),
            {"number_type_id": mobile.id},
        ).content.decode()
        return {"token": _token(page)}

    def claim_dry_run(client: Any) -> dict[str, str]:
        page = client.post(
            reverse("numbers:keyword_claim_check", kwargs={"account_id": account.account_id}),
            {"phone_number_id": shortcode.id, "keyword": keyword},
        ).content.decode()
        return {"token": _token(page)}

    def new_requests() -> int:
        with client_for(account) as client:
            return len(fetch_all(client.numbers.list_requests)) - requests_before

    def claims() -> int:
        with client_for(account) as client:
            found = fetch_all(client.keywords.list, keywords=keyword)
        return sum(c.keyword == keyword for c in found)

    return {
        "number request": lambda: Write(
            url=reverse("numbers:request_confirm", kwargs={"account_id": account.account_id}),
            data={},
            check_path="/phonenumbers/requests",
            action="number_request.create",
            count=new_requests,
            saved="but a check shows the number request was saved.",
            kept=("Check the cost again",),
            before=request_dry_run,
        ),
        "keyword claim": lambda: Write(
            url=reverse("numbers:keyword_claim_confirm", kwargs={"account_id": account.account_id}),
            data={},
            check_path="/keywords",
            action="keyword_claim.create",
            count=claims,
            saved=f"but a check shows the claim of {keyword} was saved.",
            kept=(f'value="{keyword}"', "Check cost again"),
            before=claim_dry_run,
        ),
    }


def _studio_writes(account: Any) -> dict[str, Callable[[], Write]]:
    rid = live_request_id(account)
    with client_for(account) as client:
        found = {t.name: t.id for t in client.templates.list(rid, take=100)}
    # A rejected template offers to be copied; a draft one to be submitted.
    rejected, draft = found["spring_sale"], found["survey_request"]
    copy = "spring_sale_v2"

    def kw(template_id: str) -> dict[str, Any]:
        return {
            "account_id": account.account_id,
            "whatsapp_request_id": rid,
            "template_id": template_id,
        }

    def copies() -> int:
        with client_for(account) as client:
            return sum(t.name == copy for t in client.templates.list(rid, q=copy, take=500))

    def validation_requested() -> int:
        with client_for(account) as client:
            return int(bool(client.templates.get(rid, draft).is_validation_requested))

    return {
        "template copy": lambda: Write(
            url=reverse("studio:duplicate", kwargs=kw(rejected)),
            data={},
            check_path=f"/whatsapp/{rid}/templates",
            action="template.create",
            count=copies,
            saved=f"but a check shows the template {copy} was saved.",
            kept=("Duplicate as a new template",),
            # The copy's fields are added (POSTs too) once the copy is made.
            post_ends=f"/whatsapp/{rid}/templates",
            redirects=True,
        ),
        "validation request": lambda: Write(
            url=reverse("studio:validate", kwargs=kw(draft)),
            data={},
            check_path=f"/templates/{draft}",
            action="template.request_validation",
            count=validation_requested,
            saved="but a check shows the request for validation was saved.",
            kept=("Request validation</button>",),
            redirects=True,
        ),
    }


WRITES = {
    **dict.fromkeys(
        [
            "webhook",
            "e-mail address",
            "event webhook",
            "customer contact",
            "messaging log",
            "channel request",
        ],
        _channel_writes,
    ),
    **dict.fromkeys(["language", "OTP code", "template"], _whatsapp_writes),
    **dict.fromkeys(["number request", "keyword claim"], _numbers_writes),
    **dict.fromkeys(["template copy", "validation request"], _studio_writes),
}


@pytest.fixture
def write(request, account_a, admin_client, sandbox) -> Write:
    made = WRITES[request.param](account_a)[request.param]()
    if made.before is not None:
        made.data = {**made.data, **made.before(admin_client)}
    sandbox.clear_log()
    return made


def _posts(log: list[dict[str, Any]], ends: str = "") -> list[int]:
    """Where the real (not dry run) POSTs (to a path ending with ``ends``) stand in the log."""
    return [
        i
        for i, entry in enumerate(log)
        if entry["method"] == "POST"
        and "simulate" not in {k.lower() for k in entry["params"]}
        and entry["path"].endswith(ends)
    ]


def _post(client: Any, write: Write) -> Any:
    return client.post(write.url, write.data)


@pytest.mark.parametrize("write", list(WRITES), indirect=True)
def test_a_post_carried_out_whose_answer_was_lost_is_found_by_one_read_and_never_offered_again(
    write, account_a, admin_client, sandbox
):
    sandbox.fault("POST", f"{api_prefix(account_a)}/*", status=503, after_apply=True)

    response = _post(admin_client, write)

    log = sandbox.log()
    (post,) = _posts(log, write.post_ends)  # sent once: the client never repeats a POST
    checks = [
        e for e in log[post + 1 :] if e["method"] == "GET" and e["path"].endswith(write.check_path)
    ]
    assert len(checks) == 1
    assert response.status_code == 302  # on to the saved thing, as after a plain success
    page = admin_client.get(response["Location"]).content.decode()
    assert "CM.com failed on its side (status 503), " + write.saved in page
    assert "send it again" not in page.lower()
    assert write.count() == 1
    entry = AuditEntry.objects.get(action=write.action)
    assert (entry.outcome, entry.upstream_status) == ("ok", 503)


@pytest.mark.parametrize("write", list(WRITES), indirect=True)
def test_a_post_not_carried_out_says_so_and_offers_to_send_it_again_with_the_form_kept(
    write, account_a, admin_client, sandbox
):
    sandbox.fault("POST", f"{api_prefix(account_a)}/*", status=503)

    response = _post(admin_client, write)

    assert len(_posts(sandbox.log(), write.post_ends)) == 1
    if write.redirects:
        assert response.status_code == 302
        response = admin_client.get(response["Location"])
    assert response.status_code == 200
    page = response.content.decode()
    said = write.saved.replace("but a check shows", "and a check shows").replace(
        "was saved.", "was not saved — you can send it again."
    )
    assert "CM.com failed on its side (status 503), " + said in page
    for shown in write.kept:
        assert shown in page
    assert write.count() == 0
    entry = AuditEntry.objects.get(action=write.action)
    assert (entry.outcome, entry.upstream_status) == ("failed", 503)


@pytest.mark.parametrize("write", ["webhook"], indirect=True)
def test_when_the_check_fails_too_the_form_stays_but_nothing_offers_to_send_it_again(
    write, account_a, admin_client, sandbox
):
    # The page as the person saw it: its configuration read is cached, so only the check reads.
    channel = reverse(
        "channels:detail",
        kwargs={
            "account_id": account_a.account_id,
            "channel_id": seeded_channels(account_a).channel_id,
        },
    )
    assert admin_client.get(channel).status_code == 200
    sandbox.fault("POST", f"{api_prefix(account_a)}/*", status=503)
    # The check and the client's three retries of it all fail.
    sandbox.fault("GET", f"{api_prefix(account_a)}/*", status=503, count=4)

    page = _post(admin_client, write).content.decode()

    assert "the dashboard could not check whether the webhook was saved" in page
    assert 'value="https://checked.example.com/in"' in page
    assert "Send it again" not in page
    assert "See what CM.com has now" in page
    assert len(_posts(sandbox.log())) == 1


# --- the replacement-field POST inside a template save ---------------------------------------


def _save_with_a_new_field(client: Any, account: Any) -> tuple[str, str, Any]:
    """survey_request with a field "reward" added in the draft and a text using it, saved:
    (the template's id, the text, the save's answer)."""
    rid = live_request_id(account)
    with client_for(account) as api:
        template_id = next(
            t.id
            for t in api.templates.list(rid, q="survey_request", take=50)
            if t.name == "survey_request"
        )
    kw = {"account_id": account.account_id, "whatsapp_request_id": rid, "template_id": template_id}
    client.post(
        reverse("studio:field_add", kwargs=kw),
        {"new_field_name": "reward", "new_field_type": "currency"},
        headers={"HX-Request": "true"},
    )
    text = "Hi {{1}}, answer three questions and get {{2}} off."
    response = client.post(reverse("studio:save", kwargs=kw), {"content-english-us": text})
    return template_id, text, response


def _template(account: Any, template_id: str) -> Any:
    with client_for(account) as api:
        return api.templates.get(live_request_id(account), template_id)


def _fields_path(account: Any) -> str:
    rid = live_request_id(account)
    with client_for(account) as api:
        template_id = next(
            t.id
            for t in api.templates.list(rid, q="survey_request", take=50)
            if t.name == "survey_request"
        )
    return f"{api_prefix(account)}/whatsapp/{rid}/templates/{template_id}/fields"


def test_a_field_added_whose_answer_was_lost_is_found_by_one_read_and_the_save_goes_on(
    account_a, admin_client, sandbox
):
    sandbox.fault("POST", _fields_path(account_a), status=503, after_apply=True)

    template_id, text, response = _save_with_a_new_field(admin_client, account_a)

    log = sandbox.log()
    (post,) = _posts(log, "/fields")  # sent once
    checks = [e for e in log[post + 1 :] if e["method"] == "GET"]
    assert [e["path"].endswith(f"/templates/{template_id}") for e in checks] == [True]
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert (
        "CM.com failed on its side (status 503), but a check shows the field reward was saved. "
        "Saved to CM.com." in page
    )
    saved = _template(account_a, template_id)
    assert [f.name for f in saved.replacement_fields] == ["customer_name", "reward"]
    assert saved.languages["English (US)"].content == text
    entry = AuditEntry.objects.get(action="template.field_add")
    assert (entry.outcome, entry.upstream_status) == ("ok", 503)
    assert TemplateDraft.objects.get(template_id=template_id).push_state == PushState.PUSHED


def test_a_field_not_added_stops_the_save_says_so_and_offers_to_save_again_with_the_draft_kept(
    account_a, admin_client, sandbox
):
    sandbox.fault("POST", _fields_path(account_a), status=503)

    template_id, text, response = _save_with_a_new_field(admin_client, account_a)

    assert len(_posts(sandbox.log(), "/fields")) == 1
    # The save stopped at the field: the text that uses it was not sent.
    assert [e for e in sandbox.log() if e["method"] == "PUT"] == []
    page = admin_client.get(response["Location"]).content.decode()
    assert (
        "Not saved to CM.com: CM.com failed on its side (status 503), and a check shows the "
        "field reward was not saved — you can send it again." in page
    )
    assert ">Retry</button>" in page
    draft = TemplateDraft.objects.get(template_id=template_id)
    assert (draft.push_state, draft.contents["English (US)"]) == (PushState.FAILED, text)
    assert [f["name"] for f in draft.fields] == ["customer_name", "reward"]
    assert [f.name for f in _template(account_a, template_id).replacement_fields] == [
        "customer_name"
    ]
    entry = AuditEntry.objects.get(action="template.field_add")
    assert (entry.outcome, entry.upstream_status) == ("failed", 503)

    rid = live_request_id(account_a)
    retry = reverse("studio:save", args=[account_a.account_id, rid, template_id])
    admin_client.post(retry, {})
    saved = _template(account_a, template_id)
    assert [f.name for f in saved.replacement_fields] == ["customer_name", "reward"]
    assert saved.languages["English (US)"].content == text


# --- starting OTP: a GET that sends a text ----------------------------------------------------


def test_a_code_start_whose_answer_was_lost_starts_the_wait_instead_of_offering_to_send_again(
    account_a, support_client, sandbox
):
    rid = live_request_id(account_a)
    sales = seeded_profiles(account_a, rid)[NO_OTP]
    kw = {"account_id": account_a.account_id, "whatsapp_request_id": rid, "profile_id": sales.id}
    otp = f"{api_prefix(account_a)}/whatsapp/{rid}/profiles/{sales.id}/phonenumber/otp"
    sandbox.fault("GET", otp, status=503, after_apply=True)

    response = support_client.post(reverse("whatsapp:otp_send", kwargs=kw), {"method": "voice"})

    assert response.status_code == 302
    page = support_client.get(response["Location"]).content.decode()
    assert (
        "CM.com failed on its side (status 503), so a code may have been sent: wait for it "
        "before asking for a new one." in page
    )
    assert 'aria-current="step">Enter the code</li>' in page
    assert "data-countdown-enable disabled>Send a new code</button>" in page
    again = support_client.post(reverse("whatsapp:otp_send", kwargs=kw), {"method": "voice"})
    assert "A code was sent less than 30 seconds ago" in again.content.decode()
    starts = [e for e in sandbox.log() if e["method"] == "GET" and e["path"] == otp]
    assert len(starts) == 1


def test_a_code_start_that_timed_out_holds_the_send_button_back_for_the_wait(
    account_a, support_client, sandbox, settings
):
    rid = live_request_id(account_a)
    sales = seeded_profiles(account_a, rid)[NO_OTP]
    kw = {"account_id": account_a.account_id, "whatsapp_request_id": rid, "profile_id": sales.id}
    otp = f"{api_prefix(account_a)}/whatsapp/{rid}/profiles/{sales.id}/phonenumber/otp"
    settings.UPSTREAM_TIMEOUT_SECONDS = 0.5
    # Not carried out: the profile still asks for a code, but one may be on its way.
    sandbox.fault("GET", otp, status=503, delay_ms=2_000)

    response = support_client.post(reverse("whatsapp:otp_send", kwargs=kw), {"method": "voice"})

    page = support_client.get(response["Location"]).content.decode()
    assert "CM.com did not answer in time, so a code may have been sent" in page
    assert "data-countdown-enable disabled>Send the code</button>" in page
    assert "A code may be on its way: you can ask for one in" in page
