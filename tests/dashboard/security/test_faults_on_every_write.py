"""A write under an upstream fault never answers a 500 and never loses what was typed (issue 9).

Every POST route that sends something to CM.com is sent with a valid body while CM.com fails
that call: a lost answer (500, 503, a timeout, an unreadable body) or a refusal (400, 404, 409,
429 with a short and with a long Retry-After, 401, 403). With and without htmx the person gets
a page (never a 500 of ours; a redirect is followed, as a browser would): a form comes back
with what was typed still in its inputs, a button-only write (switch, delete, submit, cancel…)
still shows the thing it was about, and the failure is in words: CM.com's own message for a
400 or 409, ``describe_failure``'s otherwise. The assertions are about what the person sees,
not how the write is sent, so they hold whether a lost answer then says "was not saved — you
can send it again", "could not check" or "a check shows … was saved".

The upstream call of each write is found by sending it once to a healthy sandbox (then reset),
so the table only names the route, its body and what must stay on the page. POST routes that
send nothing to CM.com are listed in ``SENDS_NOTHING`` with why, and
``test_every_post_route_is_in_the_table_or_sends_nothing`` fails on a new one, including a
page that answers both GET and POST.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from channels_api import fetch_all
from dashboard import upstream
from dashboard.studio.models import TemplateDraft
from dashboard.upstream import client_for, writes
from tests.dashboard.channels.helpers import seeded as seeded_channels
from tests.dashboard.copying import sweeps as copy_sweeps
from tests.dashboard.imports.sweeps import sample_import_created, sample_import_ready
from tests.dashboard.matrix import routes
from tests.dashboard.matrix.imports import SAMPLE_NAME as IMPORTED_NAME
from tests.dashboard.matrix.tracker import samples as tracker_samples
from tests.dashboard.reviews.sweeps import survey_review_waiting
from tests.dashboard.security.faults import (
    Fault,
    before_each_request,
    fast_upstream,  # noqa: F401  (a fixture)
    plain,
    says_one_of,
    text_of,
)
from tests.dashboard.security.helpers import api_prefix, shown_times
from tests.dashboard.test_access_matrix import MATRIX, SAMPLE_PROVIDERS
from tests.dashboard.whatsapp.helpers import NO_OTP, OTP_CODE, OTP_SENT, seeded_profiles

CM_SAYS = "This endpoint is on CM.com's list of refused hosts"
SHORT_RETRY_AFTER = 1
LONG_RETRY_AFTER = 600


def _said(*sentences: str) -> Callable[[], set[str]]:
    return lambda: set(sentences)


def _try_again_at(seconds: int) -> Callable[[], set[str]]:
    return lambda: {f"Too many requests to CM.com — try again at {t}" for t in shown_times(seconds)}


# The phrases (any one) each kind must show. A lost answer's phrase is in describe_failure's
# words and in every sentence of upstream.write (not saved, saved after a check, could not check).
WRITE_FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        # Too slow for the client, and then not carried out either: a write landing after the
        # next case started would make the cases depend on each other.
        Fault("timeout", _said("CM.com did not answer in time"), delay_ms=3_000, status=503),
        Fault("500", _said("CM.com failed on its side (status 500)"), status=500),
        Fault("503", _said("CM.com failed on its side (status 503)"), status=503),
        Fault(
            "malformed",
            _said("CM.com's answer could not be read", "CM.com sent an answer the dashboard"),
            malformed=True,
        ),
        Fault("400", _said(CM_SAYS), status=400, body={"message": CM_SAYS}),
        Fault("409", _said(CM_SAYS), status=409, body={"message": CM_SAYS}),
        Fault(
            "404",
            # describe_failure's, or a write's own: the item went away since the page loaded.
            _said("CM.com has no such item any more", "CM.com no longer has this"),
            status=404,
        ),
        Fault(
            "429 short",
            _try_again_at(SHORT_RETRY_AFTER),
            status=429,
            retry_after=SHORT_RETRY_AFTER,
        ),
        Fault(
            "429 long", _try_again_at(LONG_RETRY_AFTER), status=429, retry_after=LONG_RETRY_AFTER
        ),
        Fault("401", _said("CM.com refused this account's product token"), status=401),
        Fault("403", _said("CM.com refused this account's product token"), status=403),
    )
}


@dataclass(frozen=True)
class Samples:
    """Ids and values of the seeded sandbox account the bodies and URLs are made of."""

    ids: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


@dataclass(frozen=True)
class Write:
    route: str
    body: Callable[[Samples], dict[str, str]]
    typed: Callable[[Samples], tuple[str, ...]] = lambda s: ()
    """Values that must still be in the inputs of the form that comes back."""
    shows: Callable[[Samples], tuple[str, ...]] = lambda s: ()
    """Words that show the thing written is still on the page (a button-only write)."""
    url: dict[str, str] = field(default_factory=dict)
    """Path parameters other than the access matrix's samples: sample names to use instead."""
    before: Callable[[Any, str, Samples], dict[str, str]] | None = None
    """What the person does first each time (a dry run), with the client and URL: it adds to
    the body."""
    call: int = 0
    """Which of the write's upstream calls fails (0: the first; -1: the last)."""
    words: dict[str, Callable[[], set[str]]] = field(default_factory=dict)
    """Words of this route that replace a kind's (a diagnostic that says more)."""
    typed_in_htmx: bool = True
    """False when the htmx answer is only the form's state and the inputs stay in the browser."""
    skip: dict[str, str] = field(default_factory=dict)
    """Kinds of fault that are no failure for this write, each with why."""
    is_read: bool = False
    """True for a POST whose call to CM.com is a read (testing an account's connection)."""
    sends_get: bool = False
    """True for a POST whose write to CM.com is a GET (starting OTP sends a text)."""
    chosen: Callable[[Samples], tuple[str, ...]] = lambda s: ()
    """Values of radio buttons that must still be the checked ones in the form that comes back."""


# A DELETE reads no answer body: a 200 whose body cannot be read is CM.com saying yes.
NO_BODY = {"malformed": "a DELETE reads no answer body: a 200 with any body is a yes"}

WEBHOOK_URL = "https://hooks.example.net/typed-under-fault"
ADDRESS = "typed.under.fault@example.net"
PHONE = "+31 6 1234 5678"
TEMPLATE_TEXT = "Hello {{1}}, this was typed under a fault."
KEYWORD = "TYPEDFAULT"


def _endpoint(prefix: str) -> Callable[[Samples], dict[str, str]]:
    return lambda s: {
        f"{prefix.format(**s.ids)}-url": WEBHOOK_URL,
        f"{prefix.format(**s.ids)}-method": "POST",
        f"{prefix.format(**s.ids)}-type": "Json",
    }


def _token(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, "the dry run's page carries a confirmation token"
    return match.group(1)


def _dry_run(route: str, body: Callable[[Samples], dict[str, str]]) -> Callable[..., Any]:
    def before(client: Any, url: str, s: Samples) -> dict[str, str]:
        check = reverse(route, kwargs={"account_id": s["account_id"]})
        return {"token": _token(client.post(check, body(s)).content.decode())}

    return before


_TYPED_URL = lambda s: (WEBHOOK_URL,)  # noqa: E731

WRITES: dict[str, Write] = {
    write.route: write
    for write in (
        # --- channels: inbound configuration ------------------------------------------------
        Write(
            "channels:element_set_enabled",
            lambda s: {"enabled": "false"},
            shows=lambda s: ("Webhooks",),
        ),
        Write(
            "channels:messaging_log_set",
            lambda s: {"messaging-log-enabled": "true"},
            shows=lambda s: ("Messaging log",),
        ),
        Write("channels:customer_contact_set", _endpoint("customer-contact"), typed=_TYPED_URL),
        Write(
            "channels:email_add",
            lambda s: {"email-add-address": ADDRESS},
            typed=lambda s: (ADDRESS,),
        ),
        Write(
            "channels:email_update",
            lambda s: {f"email-{s['address_id']}-address": ADDRESS},
            typed=lambda s: (ADDRESS,),
        ),
        Write(
            "channels:email_delete",
            lambda s: {"confirm": "yes"},
            shows=lambda s: (s["address"],),
            skip=NO_BODY,
        ),
        Write("channels:webhook_add", _endpoint("webhook-add"), typed=_TYPED_URL),
        Write("channels:webhook_update", _endpoint("webhook-{webhook_id}"), typed=_TYPED_URL),
        Write(
            "channels:webhook_delete",
            lambda s: {"confirm": "yes"},
            shows=lambda s: (s["webhook_url"],),
            skip=NO_BODY,
        ),
        Write(
            "channels:event_webhook_add",
            _endpoint("event-webhook-add"),
            typed=_TYPED_URL,
            before=lambda client, url, s: _without_event_webhook(s),
        ),
        Write(
            "channels:event_webhook_update",
            _endpoint("event-webhook-{event_webhook_id}"),
            typed=_TYPED_URL,
        ),
        Write(
            "channels:event_webhook_delete",
            lambda s: {"confirm": "yes"},
            shows=lambda s: (s["event_webhook_url"],),
            skip=NO_BODY,
        ),
        Write(
            "channels:request_channel_create",
            lambda s: {"confirm": "yes"},
            shows=lambda s: ("SMS",),
            url={"channel_type_id": "sms_type_id"},
        ),
        # --- WhatsApp ---------------------------------------------------------------------
        Write(
            "whatsapp:language_activate",
            lambda s: {"language_id": s["italian_id"]},
            shows=lambda s: ("Italian",),
        ),
        Write(
            "whatsapp:profile_phone_number",
            lambda s: {"phone_number": PHONE},
            typed=lambda s: (PHONE,),
        ),
        Write("whatsapp:otp_number", lambda s: {"phone_number": PHONE}, typed=lambda s: (PHONE,)),
        Write(
            "whatsapp:otp_send",
            lambda s: {"method": "voice"},
            chosen=lambda s: ("voice",),
            url={"profile_id": "no_otp_profile_id"},
            before=lambda client, url, s: _no_code_sent_yet(s),
            # Starting OTP is a GET that sends a text: the write is the last GET, after the
            # profile's read.
            sends_get=True,
            call=-1,
            skip={"malformed": "starting OTP reads no answer body: a 200 with any body is a yes"},
        ),
        Write(
            "whatsapp:otp_verify",
            lambda s: {"code": OTP_CODE},
            typed=lambda s: (OTP_CODE,),
            url={"profile_id": "otp_sent_profile_id"},
        ),
        # --- the template studio ------------------------------------------------------------
        Write(
            "studio:create",
            lambda s: {"name": "typed_under_fault", "category_id": s["category_id"]},
            typed=lambda s: ("typed_under_fault",),
            # A conflict on create is the name: said at the name, with what to do.
            words={"409": _said("A template named typed_under_fault already exists")},
        ),
        Write(
            "studio:save",
            lambda s: {"content-english-us": TEMPLATE_TEXT},
            typed=lambda s: (TEMPLATE_TEXT,),
            url={"template_id": "survey_id"},
            typed_in_htmx=False,
        ),
        Write(
            "studio:validate",
            lambda s: {"content-english-us": TEMPLATE_TEXT},
            typed=lambda s: (TEMPLATE_TEXT,),
            url={"template_id": "survey_id"},
            call=-1,
            typed_in_htmx=False,
        ),
        Write(
            "studio:duplicate",
            lambda s: {},
            shows=lambda s: ("survey_request",),
            url={"template_id": "survey_id"},
        ),
        # --- numbers and keywords -----------------------------------------------------------
        Write(
            "numbers:request_check",
            lambda s: {"number_type_id": s["mobile_type_id"]},
            # The type is a pick from the list: a refusal says why and links back to it.
            shows=lambda s: ("Back to number types",),
            words={"404": _said("CM.com does not know this number type")},
        ),
        Write(
            "numbers:request_confirm",
            lambda s: {},
            before=_dry_run(
                "numbers:request_check", lambda s: {"number_type_id": s["mobile_type_id"]}
            ),
        ),
        Write(
            "numbers:cancel_confirm",
            lambda s: {"typed_number": s["owned_number"]},
            typed=lambda s: (s["owned_number"],),
            skip=NO_BODY,
        ),
        Write(
            "numbers:keyword_claim_check",
            lambda s: {"phone_number_id": s["shortcode_id"], "keyword": KEYWORD},
            typed=lambda s: (KEYWORD,),
            words={"404": _said("CM.com does not know this number as one of your")},
        ),
        Write(
            "numbers:keyword_claim_confirm",
            lambda s: {},
            typed=lambda s: (KEYWORD,),
            before=_dry_run(
                "numbers:keyword_claim_check",
                lambda s: {"phone_number_id": s["shortcode_id"], "keyword": KEYWORD},
            ),
        ),
        Write(
            "numbers:keyword_cancel_confirm",
            lambda s: {"keyword": s["claim_keyword"]},
            shows=lambda s: (s["claim_keyword"],),
            skip=NO_BODY,
        ),
        # --- template versions (issue 15)
        # --- reviews (issue 15)
        Write(
            "reviews:approve",
            lambda s: {},
            shows=lambda s: ("survey_request",),
            # Sends at most once: each case approves a review made waiting again.
            before=lambda client, url, s: survey_review_waiting(client, url, s),
            call=-1,
        ),
        # --- reviews of numbers, keywords and channels (issue 15)
        # --- copy to another account (issue 15)
        Write("copying:start", copy_sweeps.copy_body, shows=lambda s: ("survey_request",)),
        Write(
            "copying:retry",
            lambda s: {},
            shows=lambda s: (copy_sweeps.RETRIED,),
            before=copy_sweeps.run_left_to_retry,
        ),
        # --- bulk import (issue 15)
        Write(
            "imports:run",
            lambda s: {},
            shows=lambda s: (IMPORTED_NAME,),
            # Each case imports the sample's template again (a fault leaves it not created).
            before=sample_import_ready,
        ),
        Write(
            "imports:submit",
            lambda s: {},
            shows=lambda s: (IMPORTED_NAME,),
            # The template imported first (on a healthy sandbox), then its validation fails.
            before=sample_import_created,
        ),
        # --- accounts -----------------------------------------------------------------------
        Write(
            "accounts:test",
            lambda s: {},
            is_read=True,
            # A diagnostic for admins: it names what to check for each refusal, in words of
            # its own; the rest are describe_failure's.
            words={
                "timeout": _said("The API did not answer at this base URL"),
                "401": _said("CM.com does not accept this product token"),
                "403": _said("CM.com knows the token but not for this account id"),
                "404": _said("CM.com does not know this account id"),
                "malformed": _said("CM.com sent an answer the dashboard could not read"),
            },
        ),
        # --- "Check now" (issue 16): a POST whose one call to CM.com is a read
        Write(
            "tracker:item_check",
            lambda s: {},
            shows=lambda s: ("WhatsApp channel request", "Check now"),
            is_read=True,
        ),
    )
}

# POST routes that send something to CM.com but are not in WRITES yet, each with why.
NOT_COVERED: dict[str, str] = {}

# POST routes (and pages that also take a POST) that send nothing to CM.com, each with why.
SENDS_NOTHING: dict[str, str] = {
    "login": "signs a person in to the dashboard",
    "logout": "ends the session",
    "tracker:poll_now": "queues a poll for the worker (its faults: tests/dashboard/tracker)",
    "tracker:mark_read": "marks this person's notifications read",
    "tracker:subscriptions_save": "saves this person's e-mail subscriptions",
    "notify:preferences_save": "saves which notifications reach this person, and how",
    "me:language_save": "saves the language this person reads the dashboard in",
    "whatsapp:otp_confirm": "remembers in the session that the number shown is right",
    "studio:draft": "autosave: keeps what was typed in the local draft",
    "studio:field_add": "adds a field to the local draft (sent on Save)",
    "studio:field_delete": "removes a field from the local draft (sent on Save)",
    "studio:language_add": "adds a language to the local draft (sent on Save)",
    "studio:language_remove": "removes a language the local draft added (sent on Save)",
    "accounts:add": "stores an account (its token encrypted) in the dashboard's database",
    "accounts:edit": "changes an account in the dashboard's database",
    "people:add": "adds a person to the dashboard",
    "people:edit": "changes a person of the dashboard",
    "sso:mapping_add": "maps a company group to a role and accounts (the dashboard's own)",
    "sso:mapping_edit": "changes a company group's mapping (the dashboard's own)",
    "sso:mapping_delete": "removes a company group's mapping (the dashboard's own)",
    "oidc_backchannel_logout": "the identity provider ends sessions here; nothing to CM.com",
    # --- template versions (issue 15)
    "studio:restore": "puts an old version in the local draft (sent on Save)",
    # --- reviews (issue 15)
    "reviews:subscribe": "saves whether this person hears about an account's reviews",
    "reviews:send_back": "sends a review back to its author (nothing goes to CM.com)",
    "reviews:policy": "saves which writes of an account need review (the dashboard's own)",
    # --- reviews of numbers, keywords and channels (issue 15)
    # --- copy to another account (issue 15)
    # --- bulk import (issue 15)
    "imports:start": "keeps an uploaded file's rows in the dashboard (sent only on Import)",
    # --- "Send a test event" (issue 16): the dashboard sends it to the endpoint, not to CM.com
    "channels:webhook_test": "sends a test event to the webhook itself (tests: test_webhook_test)",
    "channels:event_webhook_test": "sends a test event to the event webhook itself",
    "channels:customer_contact_test": "sends a test event to the customer contact endpoint",
}


@functools.cache
def _extra_samples(account_id: str, base_url: str) -> dict[str, str]:
    from dashboard.accounts.models import CMAccount

    account = CMAccount.objects.get(account_id=account_id)
    found: dict[str, str] = {}
    for provider in SAMPLE_PROVIDERS:
        found.update({k: str(v) for k, v in provider(account).items()})
    channels = seeded_channels(account)
    rid = found["whatsapp_request_id"]
    profiles = seeded_profiles(account, rid)
    with client_for(account) as client:
        active = {lang.id for lang in client.whatsapp.list_active_languages(rid)}
        italian = next(
            lang
            for lang in client.whatsapp.list_supported_languages()
            if lang.code == "it" and lang.id not in active
        )
        category = client.templates.list_categories(rid)[0].id
        survey = next(
            t
            for t in client.templates.list(rid, q="survey_request", take=50)
            if t.name == "survey_request"
        )
        types = client.numbers.list_types(take=100)
        numbers = fetch_all(client.numbers.list)
        owned = next(n for n in numbers if str(n.id) == found["phone_number_id"])
        claim = client.keywords.get(found["keyword_claim_id"])
    found.update(
        account_id=account_id,
        account_name=account.name,
        address=channels.address,
        webhook_url=channels.webhook_url,
        event_webhook_url=channels.event_webhook_url,
        sms_type_id=channels.sms_type_id,
        italian_id=str(italian.id),
        otp_sent_profile_id=str(profiles[OTP_SENT].id),
        no_otp_profile_id=str(profiles[NO_OTP].id),
        category_id=str(category),
        survey_id=str(survey.id),
        mobile_type_id=str(
            next(t for t in types if t.country == "NL" and t.category == "MOBILE").id
        ),
        shortcode_id=str(next(n for n in numbers if n.number == "3010").id),
        owned_number=str(owned.number),
        claim_keyword=str(claim.keyword),
    )
    return found


def _samples(account: Any) -> Samples:
    # The upstream samples are read once; a tracked item is a row of this test's database, so
    # its id is made again each time (a cached one would name a row rolled away).
    found = _extra_samples(str(account.account_id), account.base_url)
    return Samples({**found, **tracker_samples(account)})


def _without_event_webhook(s: Samples) -> dict[str, str]:
    """The page offers to set the event webhook only when there is none: take the seeded one
    away first, as a person would."""
    from dashboard.accounts.models import CMAccount

    account = CMAccount.objects.get(account_id=s["account_id"])
    with client_for(account) as client:
        endpoint = client.configuration.get_all(s["channel_id"]).inbound.event_webhook.endpoint
        if endpoint is not None:
            client.configuration.delete_event_webhook(s["channel_id"], endpoint.id)
    upstream.invalidate(account)
    return {}


def _no_code_sent_yet(s: Samples) -> dict[str, str]:
    """A code sent a moment ago (by the healthy run that found the call) holds the next one
    back for the resend wait: forget it, as if that wait were over."""
    from dashboard.whatsapp.models import OtpSend

    OtpSend.objects.filter(account__account_id=s["account_id"]).delete()
    return {}


def _url_of(write: Write, s: Samples) -> str:
    converters = routes()[write.route].pattern.converters
    chosen = {name: s[write.url.get(name, name)] for name in converters}
    return reverse(write.route, kwargs=chosen or None)


def _posts_accepted(client: Any, account: Any, person: Any) -> set[str]:
    """Every route that takes a POST: the matrix's POST rows, and pages whose view takes one
    too (an empty POST to a GET-only view is a 405)."""
    from tests.dashboard.test_access_matrix import _url

    found = {name for name, row in MATRIX.items() if row.method == "POST"}
    for name, row in MATRIX.items():
        if row.method == "GET" and client.post(_url(name, account, person)).status_code != 405:
            found.add(name)
    return found


def test_every_post_route_is_in_the_table_or_sends_nothing(
    admin_client: Any, account_a: Any, support_user: Any
) -> None:
    posts = _posts_accepted(admin_client, account_a, support_user)
    listed = set(WRITES) | set(SENDS_NOTHING) | set(NOT_COVERED)
    assert len(listed) == len(WRITES) + len(SENDS_NOTHING) + len(NOT_COVERED)
    assert posts - listed == set(), "add these to WRITES"
    assert listed - posts == set(), "these take no POST any more"


def _between(account: Any) -> None:
    """A clean start for one request: no cached reads (a read cached before a write would hide
    the item), a closed breaker, no held Retry-After."""
    before_each_request(account)


def _send(client: Any, write: Write, url: str, body: dict[str, str], htmx: bool) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, body, headers=headers)


def _upstream_call(client: Any, sandbox: Any, account: Any, write: Write, s: Samples) -> tuple:
    """The (method, path) of the call this write makes that the faults fail, found on a healthy
    sandbox (which is reset afterwards)."""
    url = _url_of(write, s)
    _between(account)
    body = {**write.body(s), **(write.before(client, url, s) if write.before else {})}
    _between(account)
    sandbox.clear_log()
    client.post(url, body)
    sent = [
        (entry["method"], entry["path"])
        for entry in sandbox.log()
        if entry["path"].startswith(api_prefix(account))
        and (entry["method"] != "GET" or write.is_read or write.sends_get)
    ]
    assert sent, f"{url} sent nothing to CM.com with {body}"
    sandbox.reset()
    upstream.invalidate(account)
    # A draft the healthy save pushed would now differ from CM.com's reset copy.
    TemplateDraft.objects.filter(account=account).delete()
    return sent[write.call]


def _toasts(response: Any) -> str:
    """The toasts an htmx answer carries in its HX-Trigger header (Django messages)."""
    try:
        events = json.loads(response.headers.get("HX-Trigger") or "{}")
    except ValueError:
        return ""
    toast = events.get("toast") if isinstance(events, dict) else None
    items = toast.get("items", []) if isinstance(toast, dict) else []
    return " ".join(str(item.get("message", "")) for item in items if isinstance(item, dict))


def _page_seen(client: Any, response: Any, htmx: bool) -> tuple[int, str]:
    """The status and text a person ends up with: a redirect is followed, as a browser (or
    htmx, for HX-Redirect) does, and an htmx answer's toasts are read with it."""
    target = response.headers.get("HX-Redirect") if htmx else None
    if response.status_code in (301, 302, 303):
        target = response["Location"]
    toasts = _toasts(response)
    if target:
        response = client.get(target)
    return response.status_code, f"{text_of(response)} {toasts} {_toasts(response)}"


def _kept(text: str, value: str) -> bool:
    return (
        f'value="{value}"' in text
        or re.search(r"<textarea[^>]*>\s*" + re.escape(value), text) is not None
    )


def _checked(text: str, value: str) -> bool:
    return any(
        f'value="{value}"' in tag and re.search(r"\schecked\b", tag)
        for tag in re.findall(r"<input[^>]*>", text)
    )


CASES = [
    pytest.param(write, id=write.route)
    for write in WRITES.values()
    if write.route not in NOT_COVERED
]


@pytest.fixture
def no_check_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """No pause before the check after a timed-out write: no fault here ever carries a write
    out, so waiting for it could only cost time."""
    monkeypatch.setattr(writes, "CHECK_DELAY_AFTER_TIMEOUT", 0.0)


@pytest.mark.parametrize("write", CASES)
def test_a_write_under_a_fault_comes_back_with_what_was_typed_and_words(
    write: Write,
    admin_client: Any,
    account_a: Any,
    sandbox: Any,
    fast_upstream: None,  # noqa: F811
    no_check_delay: None,
) -> None:
    s = _samples(account_a)
    url = _url_of(write, s)
    method, path = _upstream_call(admin_client, sandbox, account_a, write, s)
    problems: dict[str, list[str]] = {}
    # One test per route, every kind of fault in turn, with and without htmx: the setup
    # (people, accounts, a sandbox reset, finding the call) is paid once, not 22 times. No
    # fault carries a write out, so the sandbox needs no reset between them.
    for fault in WRITE_FAULTS.values():
        if fault.name in write.skip:
            continue
        words = write.words.get(fault.name, fault.words)()
        for htmx in (False, True):
            # First: a Retry-After held for this path must not refuse the dry run made before it.
            _between(account_a)
            body = {**write.body(s), **(write.before(admin_client, url, s) if write.before else {})}
            _between(account_a)
            fault.arm(sandbox, method, path)
            response = _send(admin_client, write, url, body, htmx)
            found, text = [], ""
            if response.status_code >= 500:
                found.append(f"answered {response.status_code}")
            else:
                status, text = _page_seen(admin_client, response, htmx)
                if status != 200:
                    found.append(f"answered {status}")
                if not says_one_of(text, words):
                    found.append(f"does not say {sorted(words)[0]!r}")
                typed = write.typed(s) if write.typed_in_htmx or not htmx else ()
                lost = [value for value in typed if not _kept(text, value)]
                lost += [value for value in write.chosen(s) if not _checked(text, value)]
                if lost:
                    found.append(f"lost what was typed: {lost}")
                gone = [marker for marker in write.shows(s) if marker not in plain(text)]
                if gone:
                    found.append(f"no longer shows {gone}")
            if found:
                problems[f"{fault.name}{' (htmx)' if htmx else ''}"] = found
            # What is left of the fault must not meet the next request's dry run.
            sandbox.clear_faults()
    assert problems == {}, plain(str(problems))
