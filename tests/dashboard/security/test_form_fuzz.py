"""Every form, fuzzed: whatever is typed, the dashboard answers without a 500, says what is
wrong at the field with what was typed still in it, and sends CM.com nothing it refuses.

The POST routes come from the URL resolver (each route's ``require_*`` decorator answers an
OPTIONS request with the methods it takes); every one is either fuzzed here (``CASES``) or
listed in ``NO_FIELDS`` with the reason it has nothing to type. The GET filters and searches
are fuzzed the same way (``FILTERS``). Values are drawn per field (``form_fuzz_support``):
valid and boundary values of that kind of field, hostile ones, any text; a key is sometimes
sent twice or left out; with and without htmx.

For each example: the sandbox and the cache start over; the answer is below 500; when the form
the view binds is invalid, the answer is the form again (200/400/422) with one of its messages
and each echo-safe typed value on the page; and the sandbox's log holds no request it refused
with 400 (only a well-formed but wrong OTP code may be refused: nothing can tell it apart
before CM.com does). Derandomized, so a run is reproducible.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.accounts.models import CMAccount
from dashboard.channels.forms import (
    ConfirmForm,
    CustomerContactForm,
    EmailAddressForm,
    EventWebhookForm,
    MessagingLogForm,
    SwitchForm,
    WebhookForm,
)
from dashboard.imports.forms import UploadForm
from dashboard.manage.accounts.forms import AccountForm
from dashboard.manage.audit.forms import AccessFilterForm, AuditFilterForm
from dashboard.notify.forms import PreferencesForm
from dashboard.notify.models import Event
from dashboard.numbers.forms import (
    KeywordCancelForm,
    KeywordClaimForm,
    KeywordFilterForm,
    NumberCancelForm,
    NumberFilterForm,
    NumberRequestCheckForm,
    NumberTypeFilterForm,
    RequestFilterForm,
)
from dashboard.people.access import visible_accounts
from dashboard.people.forms import LanguageForm, PersonForm
from dashboard.people.models import User
from dashboard.reviews.forms import PolicyForm, SendBackForm
from dashboard.reviews.models import ReviewKind, ReviewPolicy
from dashboard.sso.forms import GroupMappingForm
from dashboard.sso.models import GroupMapping
from dashboard.studio.forms import TemplateCreateForm
from dashboard.studio.models import TemplateDraft
from dashboard.tracker.forms import SubscriptionForm
from dashboard.upstream import client_for
from dashboard.whatsapp.forms import (
    LanguageActivateForm,
    OtpCodeForm,
    OtpConfirmForm,
    OtpSendForm,
    PhoneNumberForm,
)
from tests.dashboard.channels.helpers import seeded as channel_seeded
from tests.dashboard.matrix.imports import sample_run as _sample_import
from tests.dashboard.numbers.helpers import seeded as numbers_seeded
from tests.dashboard.reviews.sweeps import fuzz_review_url
from tests.dashboard.security.form_fuzz_support import (
    CODE,
    COUNTRIES,
    EMAILS,
    KEYWORDS,
    PAGES,
    PHONES,
    URLS,
    UUIDS,
    as_querydict,
    describe,
    echo_safe,
    encode,
    last,
    params_of,
    post_routes,
    rejected,
    sent,
    shown,
    typed,
)
from tests.dashboard.whatsapp.helpers import live_request_id, seeded_profiles

EXAMPLES = 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the world the forms act on ---------------------------------------------------------------


class World:
    """Ids of the sandbox's seeded data for account_a (the same after every reset), people,
    and the URLs the cases post to; read when first needed."""

    def __init__(self, account: CMAccount, other: CMAccount, people: dict[str, User]) -> None:
        self.account = account
        self.other = other
        self.people = people

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"account_id": self.account.account_id, **kwargs})

    @functools.cached_property
    def channels(self) -> Any:
        return channel_seeded(self.account)

    def channel_url(self, name: str, **kwargs: Any) -> str:
        return self.url(f"channels:{name}", channel_id=self.channels.channel_id, **kwargs)

    @functools.cached_property
    def bare_channel_id(self) -> str:
        """A channel without an event webhook, so its "Set the event webhook" form shows."""
        with client_for(self.account) as client:
            for channel in client.channels.list().available.channels():
                inbound = client.configuration.get_all(channel.id).inbound
                if inbound is not None and inbound.event_webhook.endpoint is None:
                    return str(channel.id)
        raise AssertionError("every seeded channel has an event webhook")

    @functools.cached_property
    def numbers(self) -> dict[str, Any]:
        return numbers_seeded(self.account)

    @functools.cached_property
    def whatsapp_request_id(self) -> str:
        return live_request_id(self.account)

    @functools.cached_property
    def profiles(self) -> dict[str, Any]:
        return seeded_profiles(self.account, self.whatsapp_request_id)

    def profile_url(self, name: str, label: str) -> str:
        return self.url(
            f"whatsapp:{name}",
            whatsapp_request_id=self.whatsapp_request_id,
            profile_id=self.profiles[label].id,
        )

    @functools.cached_property
    def languages(self) -> list[Any]:
        with client_for(self.account) as client:
            return list(client.whatsapp.list_supported_languages())

    @functools.cached_property
    def categories(self) -> list[tuple[str, str]]:
        with client_for(self.account) as client:
            found = client.templates.list_categories(self.whatsapp_request_id)
        return [(str(c.id), str(c.name)) for c in found]

    @functools.cached_property
    def template_id(self) -> str:
        with client_for(self.account) as client:
            found = client.templates.list(self.whatsapp_request_id, q="survey_request", take=50)
        return str(next(t.id for t in found if t.name == "survey_request"))

    def studio_url(self, name: str) -> str:
        return self.url(
            f"studio:{name}",
            whatsapp_request_id=self.whatsapp_request_id,
            template_id=self.template_id,
        )

    def draft(self) -> TemplateDraft | None:
        return TemplateDraft.objects.filter(template_id=self.template_id).first()


# --- what a case is -------------------------------------------------------------------------

Fields = Callable[[World], dict[str, st.SearchStrategy[Any]]]
FormOf = Callable[[World, Any], forms.Form]


@dataclass(frozen=True)
class Case:
    """One form: who posts it where, what is typed in each field, and the form the view binds
    (to know whether the input was invalid, and which messages it must show)."""

    role: str
    url: Callable[[World], str]
    fields: Fields
    form: FormOf | None = None
    echo: tuple[str, ...] = ()
    """Inputs whose typed value must be on the page again when the form is refused."""
    messages: tuple[str, ...] = ()
    """Messages the view itself says for an invalid form (instead of the form's own)."""
    before: Callable[[World, Client], None] | None = None
    """Run once before the examples (open a draft, say)."""
    allowed_400: Callable[[World, dict[str, Any]], bool] = lambda world, entry: False
    """CM.com's 400s that only CM.com can give (the dashboard cannot know beforehand)."""
    unbound_when_empty: bool = False
    """The view binds ``request.POST or None``: an empty POST is the page, not a refusal."""
    refused_on_200: bool = False
    """No form to bind beforehand (the login's needs the request): a 200 is the refusal."""
    statuses: tuple[int, ...] = ()
    """Statuses besides the usual a refused form may answer (the login's lockout, 429)."""
    examples: int = EXAMPLES
    extra: dict[str, Any] = field(default_factory=dict)


def _choices(*values: str) -> st.SearchStrategy[str]:
    return typed(values)


ON_OFF = ("true", "false", "TRUE", "on", "1", "yes")


def _channel_item(kind: str, form_class: type[forms.Form], prefix: str, values: Fields) -> Case:
    def url(w: World) -> str:
        if kind == "event_webhook":
            return w.url("channels:event_webhook_add", channel_id=w.bare_channel_id)
        return w.channel_url(f"{kind}_add")

    return Case(
        "support",
        url,
        values,
        form=lambda w, data: form_class(data, prefix=prefix),
        echo=tuple(f"{prefix}-{name}" for name in ("url", "address")),
    )


def _endpoint_fields(prefix: str, methods: tuple[str, ...], types: tuple[str, ...]) -> Fields:
    return lambda w: {
        f"{prefix}-url": sent(typed(URLS)),
        f"{prefix}-method": sent(_choices(*methods)),
        f"{prefix}-type": sent(_choices(*types)),
    }


WEBHOOK_METHODS = ("POST", "GET", "PUT", "UNKNOWN", "post", "DELETE")
WEBHOOK_TYPES = ("Json", "Xml", "Custom", "json", "Html")


def _update(
    kind: str, id_kwarg: str, form_class: type[forms.Form], fields: Callable[[str], Fields]
) -> Case:
    def item_id(w: World) -> str:
        return str(getattr(w.channels, id_kwarg))

    return Case(
        "support",
        lambda w: w.channel_url(f"{kind.replace('-', '_')}_update", **{id_kwarg: item_id(w)}),
        lambda w: fields(f"{kind}-{item_id(w)}")(w),
        form=lambda w, data: form_class(data, prefix=f"{kind}-{item_id(w)}"),
        echo=("url", "address"),
        extra={"echo_prefix": lambda w: f"{kind}-{item_id(w)}-"},
    )


def _delete(kind: str, id_kwarg: str) -> Case:
    return Case(
        "support",
        lambda w: w.channel_url(f"{kind}_delete", **{id_kwarg: str(getattr(w.channels, id_kwarg))}),
        lambda w: {"confirm": sent(_choices("yes", "YES", "no"))},
        form=lambda w, data: ConfirmForm(data),
    )


def _address_fields(prefix: str) -> Fields:
    return lambda w: {f"{prefix}-address": sent(typed(EMAILS))}


def _otp_code_allowed(world: World, entry: dict[str, Any]) -> bool:
    # CM.com alone knows whether a code is right: a well-formed wrong one is its 400 to give.
    code = (params_of(entry).get("otp") or [""])[0]
    return entry["method"] == "POST" and bool(CODE.fullmatch(code))


def _open_draft(w: World, client: Client) -> None:
    client.post(w.studio_url("draft"))


def _editor_fields(w: World) -> dict[str, st.SearchStrategy[Any]]:
    draft = w.draft()
    assert draft is not None, "the draft should have been opened"
    from dashboard.studio.forms import language_slugs

    found: dict[str, st.SearchStrategy[Any]] = {
        "name": sent(typed("survey_request", "Survey", "a" * 512, "a" * 513, "x_1")),
        "category_id": sent(typed([c for c, _ in w.categories], UUIDS)),
    }
    for slug in language_slugs(list(draft.contents)).values():
        found[f"content-{slug}"] = sent(
            typed("How was {{1}} today?", "{{1}}", "{{ 1 }}", "a\n\n\nb", "x" * 4097)
        )
    for index, item in enumerate(draft.fields):
        row = f"f-{index}"
        found[f"{row}-key"] = sent(typed(item["key"]))
        found[f"{row}-name"] = sent(typed("name", "a" * 100, "a" * 101, " " * 3))
        found[f"{row}-type"] = sent(_choices("text", "currency", "datetime"))
        found[f"{row}-sample"] = sent(typed("12.50", "2024-02-30 10:00", "€ 1,5"))
    return found


def _mapping(w: World) -> GroupMapping:
    """The group mapping the edit case changes (made the first time it is asked for)."""
    return GroupMapping.objects.get_or_create(group="fuzz-support", defaults={"role": "support"})[0]


def _mapping_fields(w: World) -> dict[str, st.SearchStrategy[Any]]:
    accounts = [str(w.account.pk), str(w.other.pk), "999", "x"]
    return {
        "group": sent(typed("dashboard-support", "fuzz-support", "a" * 200, "a" * 201, " ", "ü/ä")),
        "role": sent(_choices("admin", "support", "marketing", "root")),
        "accounts": st.lists(typed(accounts), max_size=3),
    }


def _people_fields(w: World) -> dict[str, st.SearchStrategy[Any]]:
    accounts = [str(w.account.pk), str(w.other.pk), "999", "x"]
    return {
        "username": sent(typed("newperson", "sam", "SAM", "a" * 150, "a" * 151, "ünï", "a b")),
        "first_name": sent(typed("Ada", "a" * 151)),
        "last_name": sent(typed("Lovelace")),
        "email": sent(typed(EMAILS, "a@" + "b" * 250 + ".com")),
        "role": sent(_choices("admin", "support", "marketing", "root")),
        "accounts": st.lists(typed(accounts), max_size=3),
        "is_active": sent(_choices("on", "true", "false", "")),
        "password": sent(typed("long-enough-password-42", "short", "password")),
    }


def _account_fields(w: World) -> dict[str, st.SearchStrategy[Any]]:
    users = [str(w.people["support"].pk), str(w.people["admin"].pk), "0", "x"]
    return {
        "name": sent(typed("Acme", "a" * 120, "a" * 121)),
        "account_id": sent(typed(UUIDS, str(w.account.account_id), str(w.other.account_id))),
        "token": sent(typed("2c1b9f0e-5d7a-4e3b-8a61-0f4c2d9e7b35", "t" * 201)),
        "base_url": sent(typed(URLS, "http://127.0.0.1:8765/channels/v1", "example.com")),
        "current_password": sent(typed("correct-horse-battery-staple", "wrong")),
        "users": st.lists(typed(users), max_size=3),
    }


def _import_run(w: World) -> Any:
    return _sample_import(w.account)


CASES: dict[str, Case] = {
    # --- channels: inbound configuration -------------------------------------------------------
    "channels:element_set_enabled": Case(
        "support",
        lambda w: w.channel_url(
            "element_set_enabled",
            element="webhook",
            configuration_id=w.channels.configuration_ids["webhook"],
        ),
        lambda w: {"enabled": sent(_choices(*ON_OFF))},
        form=lambda w, data: SwitchForm(data),
    ),
    "channels:messaging_log_set": Case(
        "support",
        lambda w: w.channel_url("messaging_log_set"),
        lambda w: {"messaging-log-enabled": sent(_choices(*ON_OFF))},
        form=lambda w, data: MessagingLogForm(data, prefix="messaging-log"),
    ),
    "channels:customer_contact_set": Case(
        "support",
        lambda w: w.channel_url("customer_contact_set"),
        _endpoint_fields("customer-contact", ("POST", "GET", "post"), ("Json", "Xml", "Custom")),
        form=lambda w, data: CustomerContactForm(data, prefix="customer-contact"),
        echo=("customer-contact-url",),
    ),
    "channels:email_add": _channel_item(
        "email", EmailAddressForm, "email-add", _address_fields("email-add")
    ),
    "channels:webhook_add": _channel_item(
        "webhook",
        WebhookForm,
        "webhook-add",
        _endpoint_fields("webhook-add", WEBHOOK_METHODS, WEBHOOK_TYPES),
    ),
    "channels:event_webhook_add": _channel_item(
        "event_webhook",
        EventWebhookForm,
        "event-webhook-add",
        _endpoint_fields("event-webhook-add", ("POST", "GET"), ("Json", "Xml")),
    ),
    "channels:email_update": _update("email", "address_id", EmailAddressForm, _address_fields),
    "channels:webhook_update": _update(
        "webhook",
        "webhook_id",
        WebhookForm,
        lambda prefix: _endpoint_fields(prefix, WEBHOOK_METHODS, WEBHOOK_TYPES),
    ),
    "channels:event_webhook_update": _update(
        "event-webhook",
        "event_webhook_id",
        EventWebhookForm,
        lambda prefix: _endpoint_fields(prefix, ("POST", "GET"), ("Json", "Xml")),
    ),
    "channels:email_delete": _delete("email", "address_id"),
    "channels:webhook_delete": _delete("webhook", "webhook_id"),
    "channels:event_webhook_delete": _delete("event_webhook", "event_webhook_id"),
    "channels:request_channel_create": Case(
        "support",
        lambda w: w.url("channels:request_channel_create", channel_type_id=w.channels.sms_type_id),
        lambda w: {"confirm": sent(_choices("yes", "no"))},
        form=lambda w, data: ConfirmForm(data),
    ),
    # --- numbers and keywords --------------------------------------------------------------------
    "numbers:request_check": Case(
        "support",
        lambda w: w.url("numbers:request_check"),
        lambda w: {"number_type_id": sent(typed([str(t.id) for t in w.numbers["types"]], UUIDS))},
        form=lambda w, data: NumberRequestCheckForm(data),
    ),
    "numbers:request_confirm": Case(
        "support",
        lambda w: w.url("numbers:request_confirm"),
        lambda w: {"token": sent(typed("a:b:c", "eyJ.x.y"))},
    ),
    "numbers:cancel_confirm": Case(
        "support",
        lambda w: w.url("numbers:cancel_confirm", phone_number_id=w.numbers["owned"][0].id),
        lambda w: {
            "typed_number": sent(
                typed(
                    PHONES,
                    str(w.numbers["owned"][0].number),
                    "+" + str(w.numbers["owned"][0].number)[2:],
                )
            )
        },
        form=lambda w, data: NumberCancelForm(data, number=str(w.numbers["owned"][0].number)),
        echo=("typed_number",),
    ),
    "numbers:keyword_claim_check": Case(
        "support",
        lambda w: w.url("numbers:keyword_claim_check"),
        lambda w: {
            "phone_number_id": sent(
                typed([str(n.id) for n in w.numbers["shared_sms"] + w.numbers["owned_sms"]])
            ),
            "keyword": sent(typed(KEYWORDS)),
            "q": sent(typed("31", "+31 6")),
        },
        form=lambda w, data: KeywordClaimForm(data),
        echo=("keyword",),
    ),
    "numbers:keyword_claim_confirm": Case(
        "support",
        lambda w: w.url("numbers:keyword_claim_confirm"),
        lambda w: {"token": sent(typed("a:b:c"))},
    ),
    "numbers:keyword_cancel_confirm": Case(
        "support",
        lambda w: w.url(
            "numbers:keyword_cancel_confirm", keyword_claim_id=w.numbers["claims"][0].id
        ),
        lambda w: {"keyword": sent(typed(KEYWORDS, str(w.numbers["claims"][0].keyword).lower()))},
        form=lambda w, data: KeywordCancelForm(data, keyword=str(w.numbers["claims"][0].keyword)),
    ),
    # --- WhatsApp ------------------------------------------------------------------------------
    "whatsapp:language_activate": Case(
        "support",
        lambda w: w.url("whatsapp:language_activate", whatsapp_request_id=w.whatsapp_request_id),
        lambda w: {
            "language_id": sent(typed([str(x.id) for x in w.languages[:20]], UUIDS, "en_US")),
            "q": sent(typed("dutch", "nl")),
        },
        form=lambda w, data: LanguageActivateForm(data),
    ),
    "whatsapp:profile_phone_number": Case(
        "support",
        lambda w: w.profile_url("profile_phone_number", "Sales"),
        lambda w: {"phone_number": sent(typed(PHONES, str(w.profiles["Sales"].phone_number)))},
        form=lambda w, data: PhoneNumberForm(data, current=str(w.profiles["Sales"].phone_number)),
        echo=("phone_number",),
    ),
    "whatsapp:otp_confirm": Case(
        "support",
        lambda w: w.profile_url("otp_confirm", "Sales"),
        lambda w: {"phone_number": sent(typed(PHONES, str(w.profiles["Sales"].phone_number)))},
        form=lambda w, data: OtpConfirmForm(data),
        messages=("Confirm the number shown, or change it.",),
    ),
    "whatsapp:otp_number": Case(
        "support",
        lambda w: w.profile_url("otp_number", "Sales"),
        lambda w: {"phone_number": sent(typed(PHONES))},
        form=lambda w, data: PhoneNumberForm(data, current=str(w.profiles["Sales"].phone_number)),
        echo=("phone_number",),
    ),
    "whatsapp:otp_send": Case(
        "support",
        lambda w: w.profile_url("otp_send", "Sales"),
        lambda w: {"method": sent(_choices("sms", "voice", "SMS", "email"))},
        form=lambda w, data: OtpSendForm(data),
    ),
    "whatsapp:otp_verify": Case(
        "support",
        lambda w: w.profile_url("otp_verify", "Billing"),
        lambda w: {
            "code": sent(
                typed(
                    "123456",
                    "123 456",
                    "000000",
                    "123",
                    "12345678901",
                    "\uff11\uff12\uff13\uff14\uff15\uff16",
                )
            )
        },
        form=lambda w, data: OtpCodeForm(data),
        echo=("code",),
        allowed_400=_otp_code_allowed,
    ),
    # --- studio --------------------------------------------------------------------------------
    "studio:create": Case(
        "marketing",
        lambda w: w.url("studio:create", whatsapp_request_id=w.whatsapp_request_id),
        lambda w: {
            "name": sent(typed("fuzz_template", "Fuzz", "a" * 512, "a" * 513, "survey_request")),
            "category_id": sent(typed([c for c, _ in w.categories], UUIDS)),
        },
        form=lambda w, data: TemplateCreateForm(data, categories=w.categories),
        unbound_when_empty=True,
        echo=("name",),
    ),
    "studio:draft": Case(
        "marketing", lambda w: w.studio_url("draft"), _editor_fields, before=_open_draft
    ),
    "studio:save": Case(
        "marketing", lambda w: w.studio_url("save"), _editor_fields, before=_open_draft
    ),
    "studio:validate": Case(
        "marketing", lambda w: w.studio_url("validate"), _editor_fields, before=_open_draft
    ),
    "studio:field_add": Case(
        "marketing",
        lambda w: w.studio_url("field_add"),
        lambda w: {
            "new_field_name": sent(typed("amount", "a" * 100, "a" * 101, " x ")),
            "new_field_type": sent(_choices("text", "currency", "datetime")),
        },
        before=_open_draft,
    ),
    "studio:field_delete": Case(
        "marketing",
        lambda w: w.studio_url("field_delete"),
        lambda w: {
            "field": sent(typed([f["key"] for f in (w.draft().fields if w.draft() else [])]))
        },
        before=_open_draft,
    ),
    "studio:language_add": Case(
        "marketing",
        lambda w: w.studio_url("language_add"),
        lambda w: {"add_language": sent(typed([x.name for x in w.languages[:10]], "en_US"))},
        before=_open_draft,
    ),
    "studio:language_remove": Case(
        "marketing",
        lambda w: w.studio_url("language_remove"),
        lambda w: {"language": sent(typed([x.name for x in w.languages[:10]]))},
        before=_open_draft,
    ),
    # --- template versions (issue 15)
    "studio:restore": Case(
        "marketing",
        lambda w: w.studio_url("restore"),
        lambda w: {"number": sent(typed("1", "2", "0", "-1", "999999999", "1e3", "\uff11"))},
        before=_open_draft,
    ),
    # --- reviews (issue 15)
    "reviews:send_back": Case(
        "admin",
        lambda w: fuzz_review_url(w.account, "send_back"),
        lambda w: {"comment": sent(typed("Say which products.", " ", "x" * 2001))},
        form=lambda w, data: SendBackForm(data),
        echo=("comment",),
    ),
    "reviews:policy": Case(
        "admin",
        lambda w: w.url("reviews:policy"),
        lambda w: {kind: sent(_choices(*ON_OFF)) for kind in ReviewKind.values},
        form=lambda w, data: PolicyForm(data, policy=ReviewPolicy(account=w.account)),
        unbound_when_empty=True,
    ),
    "reviews:subscribe": Case(
        "support",
        lambda w: w.url("reviews:subscribe"),
        lambda w: {"on": sent(typed("1", "0"))},
    ),
    # --- copy to another account (issue 15): survey_request within the account (a clash)
    "copying:start": Case(
        "marketing",
        lambda w: w.url("copying:start", whatsapp_request_id=w.whatsapp_request_id),
        lambda w: {
            "t": sent(typed(w.template_id, UUIDS)),
            "to": sent(typed(str(w.account.account_id), str(w.other.account_id), UUIDS)),
            "to_request": sent(typed(w.whatsapp_request_id, UUIDS)),
            f"do-{w.template_id}": sent(_choices("rename", "skip", "RENAME", "")),
            f"name-{w.template_id}": sent(
                typed("survey_request_copy", "survey_request", "Survey Copy", "x" * 513)
            ),
            "validate": sent(_choices("1", "0", "on")),
        },
    ),
    # --- bulk import (issue 15): the sample import of one template (tests/dashboard/matrix)
    "imports:start": Case(
        "marketing",
        lambda w: w.url("imports:start", whatsapp_request_id=_import_run(w).request_id),
        lambda w: {"file": sent(typed("templates.csv", "=1+1", "x" * 300))},
        # Sent as a form, not multipart: no file arrives, whatever the text.
        form=lambda w, data: UploadForm(data),
    ),
    "imports:run": Case(
        "marketing",
        lambda w: w.url(
            "imports:run",
            whatsapp_request_id=_import_run(w).request_id,
            run_id=_import_run(w).public_id,
        ),
        lambda w: {
            "item": st.lists(
                typed(str(_import_run(w).items.get().pk), "0", "-1", "x", "9" * 30, "\uff11"),
                max_size=3,
            )
        },
    ),
    # --- tracker -------------------------------------------------------------------------------
    "tracker:poll_now": Case(
        "support",
        lambda w: w.url("tracker:poll_now"),
        lambda w: {
            "next": sent(
                typed(
                    "/pending/", "//evil.example/", "https://evil.example/", "javascript:alert(1)"
                )
            )
        },
    ),
    "tracker:subscriptions_save": Case(
        "support",
        lambda w: reverse("tracker:subscriptions_save"),
        lambda w: {
            "subscriptions": st.lists(
                typed(
                    f"{w.account.account_id}:channel_request",
                    f"{w.other.account_id}:channel_request",
                    f"{w.account.account_id}:",
                ),
                max_size=4,
            )
        },
        form=lambda w, data: SubscriptionForm(
            data, accounts=list(visible_accounts(w.people["support"]))
        ),
        statuses=(400,),
    ),
    # a person's own notification preferences (issue 18): urgent events never in the digest
    "notify:preferences_save": Case(
        "support",
        lambda w: reverse("notify:preferences_save"),
        lambda w: {
            **{
                f"event_{event.value}": sent(_choices("off", "in_app", "email", "digest", "nope"))
                for event in Event
            },
            "every_account": sent(typed(*ON_OFF)),
            "accounts": st.lists(typed(str(w.account.pk), str(w.other.pk), "0", "x"), max_size=3),
            "digest_hour": sent(typed("0", "7", "23", "24", "-1", "7.5")),
        },
        form=lambda w, data: PreferencesForm(data, visible=visible_accounts(w.people["support"])),
        statuses=(400,),
    ),
    # a person's own language (issue 18): one of settings.LANGUAGES, or "" for the browser's
    "me:language_save": Case(
        "support",
        lambda w: reverse("me:language_save"),
        lambda w: {"language": sent(_choices("", "nl", "de", "en-gb", "NL", "tlh", "en-xa"))},
        form=lambda w, data: LanguageForm(data),
        statuses=(400,),
    ),
    # --- accounts, people, login --------------------------------------------------------------
    "accounts:add": Case(
        "admin",
        lambda w: reverse("accounts:add"),
        _account_fields,
        form=lambda w, data: AccountForm(data),
        unbound_when_empty=True,
        echo=("name", "account_id", "base_url"),
    ),
    "accounts:edit": Case(
        "admin",
        lambda w: reverse("accounts:edit", kwargs={"account_id": w.other.account_id}),
        _account_fields,
        form=lambda w, data: AccountForm(
            data, account=CMAccount.objects.get(pk=w.other.pk), editor=w.people["admin"]
        ),
        unbound_when_empty=True,
        echo=("name", "account_id", "base_url"),
    ),
    "people:add": Case(
        "admin",
        lambda w: reverse("people:add"),
        _people_fields,
        form=lambda w, data: PersonForm(data),
        unbound_when_empty=True,
        echo=("username", "first_name", "last_name", "email"),
    ),
    "people:edit": Case(
        "admin",
        lambda w: reverse("people:edit", kwargs={"person_id": w.people["support"].pk}),
        _people_fields,
        form=lambda w, data: PersonForm(
            data, person=User.objects.get(pk=w.people["support"].pk), editor=w.people["admin"]
        ),
        unbound_when_empty=True,
        echo=("username", "first_name", "last_name", "email"),
    ),
    # company login's group mapping (issue 18)
    "sso:mapping_add": Case(
        "admin",
        lambda w: reverse("sso:mapping_add"),
        _mapping_fields,
        form=lambda w, data: GroupMappingForm(data),
        unbound_when_empty=True,
        echo=("group",),
    ),
    "sso:mapping_edit": Case(
        "admin",
        lambda w: reverse("sso:mapping_edit", kwargs={"mapping_id": _mapping(w).pk}),
        _mapping_fields,
        form=lambda w, data: GroupMappingForm(data, mapping=_mapping(w)),
        unbound_when_empty=True,
        echo=("group",),
    ),
    "login": Case(
        "anonymous",
        lambda w: reverse("login"),
        lambda w: {
            "username": sent(typed("sam", "SAM", "nobody")),
            "password": sent(typed("correct-horse-battery-staple", "wrong")),
        },
        echo=("username",),
        messages=(
            "Please enter a correct username and password",
            "This field is required.",
            "Null characters are not allowed.",
        ),
        refused_on_200=True,
        statuses=(403, 429),
        examples=15,
    ),
}

NO_FIELDS: dict[str, str] = {
    "logout": "a button: the session ends whatever is sent",
    "sso:mapping_delete": "a button: removes the mapping, reads nothing posted",
    "oidc_backchannel_logout": "the identity provider's signed token, not a form: 404 while "
    "company login is off; forged tokens: tests/dashboard/sso/test_backchannel_logout.py",
    "accounts:test": "a button: calls CM.com with the stored account, reads nothing posted",
    "studio:duplicate": "a button: copies the template, reads nothing posted",
    "tracker:mark_read": "a button: marks every notification read, reads nothing posted",
    "tracker:item_check": "a button: reads the item from CM.com, reads nothing posted",
    "reviews:approve": "a button: approves the review, reads nothing posted",
    "imports:submit": "a button: submits what the import created, reads nothing posted",
    "copying:retry": "a button: copies what the run has not copied yet, reads nothing posted",
    # "Send a test event": a hidden send=yes; the URL is CM.com's (test_webhook_test.py)
    "channels:webhook_test": "a button: sends a test to the URL CM.com lists, nothing typed",
    "channels:event_webhook_test": "a button: sends a test to the URL CM.com lists",
    "channels:customer_contact_test": "a button: sends a test to the URL CM.com lists",
}


# --- the GET filters and searches -----------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """A GET form: where, what is typed, and the form the view binds (as for a Case)."""

    role: str
    url: Callable[[World], str]
    fields: Fields
    form: FormOf | None = None
    echo: tuple[str, ...] = ()
    statuses: tuple[int, ...] = ()


# Days of the audit filters' period: real ones (either order), and ones that are not days.
PERIOD_DAYS = ("2025-03-01", "2025-03-10", "2025-02-30", "yesterday", "10000-01-01")


def _audit_filter(w: Any) -> dict[str, Any]:
    """The audit trail's filter, typed (its list pages; its exports take the same)."""
    return {
        "account": sent(typed(str(w.account.account_id), UUIDS)),
        "person": sent(typed("1", "0", "-1")),
        "action": sent(typed("template.create")),
        "since": sent(typed(*PERIOD_DAYS)),
        "until": sent(typed(*PERIOD_DAYS)),
    }


def _access_filter(w: Any) -> dict[str, Any]:
    """The access events' filter, typed (the list pages; the exports take the same)."""
    return {
        "kind": sent(typed("login", "nope")),
        "person": sent(typed("1", "0", "-1")),
        "since": sent(typed(*PERIOD_DAYS)),
        "until": sent(typed(*PERIOD_DAYS)),
    }


FILTERS: dict[str, Filter] = {
    "numbers:list": Filter(
        "support",
        lambda w: w.url("numbers:list"),
        lambda w: {
            "q": sent(typed("31", "+31", "x" * 40, "x" * 41)),
            "country": sent(typed(COUNTRIES)),
            "owned": sent(_choices("yes", "no", "maybe")),
            "shortcode": sent(_choices("yes", "no")),
            "shared": sent(_choices("yes", "no")),
            "page": sent(typed(PAGES)),
        },
        form=lambda w, data: NumberFilterForm(data),
        echo=("q", "country"),
    ),
    "numbers:export": Filter(
        "support",
        lambda w: w.url("numbers:export"),
        lambda w: {"q": sent(typed("31")), "country": sent(typed(COUNTRIES))},
        form=lambda w, data: NumberFilterForm(data),
        echo=("q", "country"),
    ),
    "numbers:types": Filter(
        "support",
        lambda w: w.url("numbers:types"),
        lambda w: {
            "country": sent(typed(COUNTRIES)),
            "type": sent(_choices("MOBILE", "LANDLINE", "mobile", "FAX")),
            "purpose": sent(_choices("SMS", "VOICE", "sms", "MMS")),
            "page": sent(typed(PAGES)),
        },
        form=lambda w, data: NumberTypeFilterForm(data),
        echo=("country",),
    ),
    "numbers:requests": Filter(
        "support",
        lambda w: w.url("numbers:requests"),
        lambda w: {
            "country": sent(typed(COUNTRIES)),
            "pending": sent(_choices("yes", "no", "true")),
            "page": sent(typed(PAGES)),
        },
        form=lambda w, data: RequestFilterForm(data),
        echo=("country",),
    ),
    "numbers:keywords": Filter(
        "support",
        lambda w: w.url("numbers:keywords"),
        lambda w: {
            "number": sent(typed(PHONES, "3010,3011")),
            "keyword": sent(typed(KEYWORDS)),
            "country": sent(typed(COUNTRIES)),
            "page": sent(typed(PAGES)),
        },
        form=lambda w, data: KeywordFilterForm(data),
        echo=("number", "keyword", "country"),
    ),
    "numbers:keywords_export": Filter(
        "support",
        lambda w: w.url("numbers:keywords_export"),
        lambda w: {"number": sent(typed(PHONES)), "keyword": sent(typed(KEYWORDS))},
        form=lambda w, data: KeywordFilterForm(data),
        echo=("number", "keyword"),
    ),
    "numbers:keyword_claim": Filter(
        "support",
        lambda w: w.url("numbers:keyword_claim"),
        lambda w: {
            "q": sent(typed("31", "+31 6")),
            "number": sent(typed(PHONES)),
            "keyword": sent(typed(KEYWORDS)),
        },
    ),
    "channels:list": Filter(
        "support",
        lambda w: w.url("channels:list"),
        lambda w: {
            "group": sent(typed("whatsapp:templates", "sms:keywords", ":")),
            "page": sent(typed(PAGES)),
        },
        statuses=(404,),
    ),
    "channels:requests": Filter(
        "support",
        lambda w: w.url("channels:requests"),
        lambda w: {
            "type": sent(typed(w.channels.whatsapp_type_id, w.channels.sms_type_id, UUIDS)),
            "page": sent(typed(PAGES)),
        },
    ),
    "channels:types": Filter(
        "support", lambda w: w.url("channels:types"), lambda w: {"page": sent(typed(PAGES))}
    ),
    "studio:list": Filter(
        "marketing",
        lambda w: w.url("studio:list", whatsapp_request_id=w.whatsapp_request_id),
        lambda w: {
            "q": sent(typed("order", "x" * 100, "x" * 101)),
            "category": sent(typed([n for _, n in w.categories])),
            "status": sent(_choices("approved", "draft", "rejected", "nope")),
            "page": sent(typed(PAGES)),
        },
    ),
    # --- template versions (issue 15)
    "studio:compare": Filter(
        "support",
        lambda w: w.studio_url("compare"),
        lambda w: {
            "a": sent(typed("1", "2", "0", "-1", "999999999999")),
            "b": sent(typed("1", "2", "0", "x")),
        },
    ),
    "whatsapp:home": Filter(
        "support",
        lambda w: w.url("whatsapp:home", whatsapp_request_id=w.whatsapp_request_id),
        lambda w: {
            "q": sent(typed("dutch", "nl", "x" * 101)),
            "part": sent(_choices("business", "languages", "supported", "nope")),
        },
    ),
    "whatsapp:profiles": Filter(
        "support",
        lambda w: w.url("whatsapp:profiles", whatsapp_request_id=w.whatsapp_request_id),
        lambda w: {"q": sent(typed(PHONES, "Sales")), "page": sent(typed(PAGES))},
    ),
    "audit:list": Filter(
        "admin",
        lambda w: reverse("audit:list"),
        lambda w: {**_audit_filter(w), "page": sent(typed(PAGES))},
    ),
    "audit:access": Filter(
        "admin",
        lambda w: reverse("audit:access"),
        lambda w: {**_access_filter(w), "page": sent(typed(PAGES))},
    ),
    # the exports (issue 18): a filter that does not read is refused in words (400)
    "audit:export_csv": Filter(
        "admin",
        lambda w: reverse("audit:export_csv"),
        _audit_filter,
        form=lambda w, data: AuditFilterForm(data),
        statuses=(400,),
    ),
    "audit:access_export_jsonl": Filter(
        "admin",
        lambda w: reverse("audit:access_export_jsonl"),
        _access_filter,
        form=lambda w, data: AccessFilterForm(data),
        statuses=(400,),
    ),
    "tracker:notifications": Filter(
        "support",
        lambda w: reverse("tracker:notifications"),
        lambda w: {"page": sent(typed(PAGES))},
    ),
    # approval times (issue 16): a bad period says so and shows the default
    "tracker:approval_times": Filter(
        "support",
        lambda w: w.url("tracker:approval_times"),
        lambda w: {"period": sent(typed("30", "90", "365", "7", "-90", "90.0", "x" * 50))},
    ),
    "tracker:approval_times_export": Filter(
        "support",
        lambda w: w.url("tracker:approval_times_export"),
        lambda w: {
            "period": sent(typed("30", "90", "365", "7")),
            "table": sent(typed("groups", "distribution", "weekly", "nope")),
        },
    ),
}


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def world(account_a, account_b, admin_user, support_user, marketing_user) -> World:
    return World(
        account_a,
        account_b,
        {"admin": admin_user, "support": support_user, "marketing": marketing_user},
    )


@pytest.fixture
def clients(admin_client, support_client, marketing_client, client) -> dict[str, Client]:
    return {
        "admin": admin_client,
        "support": support_client,
        "marketing": marketing_client,
        "anonymous": client,
    }


# --- the checks ------------------------------------------------------------------------------

USUAL = (200, 204, 302, 303, 404)
REFUSED = (200, 400, 422)


def _check(
    *,
    response: Any,
    page: str,
    invalid: bool,
    said: list[str],
    values: dict[str, Any],
    echo: tuple[str, ...],
    echo_prefix: str,
    statuses: tuple[int, ...],
    refused: list[dict[str, Any]],
) -> None:
    status = response.status_code
    assert status < 500, f"{status} for {values!r}"
    assert status in USUAL + REFUSED + statuses, f"{status} for {values!r}"
    assert not refused, f"CM.com refused what the dashboard let through:\n{describe(refused)}"
    if not invalid:
        return
    assert status in REFUSED + statuses, f"an invalid form answered {status}: {said}"
    if status in statuses and status not in REFUSED:
        return
    assert any(shown(message, page) for message in said), (
        f"none of {said!r} is on the page for {values!r}"
    )
    for name in echo:
        key = f"{echo_prefix}{name}"
        value = last(values.get(key))
        if echo_safe(value):
            assert value is not None
            assert shown(value, page), f"{key}={value!r} is not on the page again"


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


# --- the tests ------------------------------------------------------------------------------


def test_every_post_route_is_fuzzed_or_has_no_fields(admin_client):
    posting = post_routes(admin_client)
    assert posting - set(CASES) - set(NO_FIELDS) == set(), "fuzz these POST routes"
    assert set(CASES) - posting == set(), "these cases name routes that take no POST"
    assert set(NO_FIELDS) - posting == set(), "these NO_FIELDS name routes that take no POST"
    assert not set(CASES) & set(NO_FIELDS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_form_answers_hostile_input_in_words_and_sends_nothing_invalid(
    name, world, clients, sandbox
):
    case = CASES[name]
    client = clients[case.role]
    if case.before is not None:
        case.before(world, client)
    url = case.url(world)
    strategies = case.fields(world)
    prefix = case.extra.get("echo_prefix", lambda w: "")(world)

    @settings(FUZZ, max_examples=case.examples)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        sandbox.reset()
        sandbox.clear_log()
        cache.clear()
        values = {key: data.draw(strategy, label=key) for key, strategy in strategies.items()}
        htmx = data.draw(st.booleans(), label="htmx")
        body = encode(values)
        # Each example starts from the same database: what one saved cannot refuse the next.
        with transaction.atomic():
            # Judged before the POST: the view sees the database as it is now.
            form = case.form(world, as_querydict(body)) if case.form else None
            if form is not None and case.unbound_when_empty and not body:
                form = None
            invalid = form is not None and not form.is_valid()
            said = [str(m) for errors in form.errors.values() for m in errors] if invalid else []
            response = client.post(
                url,
                body,
                content_type="application/x-www-form-urlencoded",
                headers={"HX-Request": "true"} if htmx else {},
            )
            page = _body(response)
            if case.refused_on_200:
                invalid = response.status_code == 200
            transaction.set_rollback(True)
        _check(
            response=response,
            page=page,
            invalid=invalid,
            said=said + list(case.messages),
            values=values,
            echo=case.echo,
            echo_prefix=prefix,
            statuses=case.statuses,
            refused=[e for e in rejected(sandbox.log()) if not case.allowed_400(world, e)],
        )

    one()


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_answers_hostile_input_in_words_and_asks_nothing_invalid(
    name, world, clients, sandbox
):
    spec = FILTERS[name]
    client = clients[spec.role]
    url = spec.url(world)
    strategies = spec.fields(world)

    @settings(FUZZ, max_examples=20)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        sandbox.clear_log()
        cache.clear()
        values = {key: data.draw(strategy, label=key) for key, strategy in strategies.items()}
        htmx = data.draw(st.booleans(), label="htmx")
        query = encode(values)
        form = spec.form(world, as_querydict(query)) if spec.form else None
        response = client.get(f"{url}?{query}", headers={"HX-Request": "true"} if htmx else {})
        invalid = form is not None and not form.is_valid()
        _check(
            response=response,
            page=_body(response),
            invalid=invalid,
            said=[str(m) for errors in form.errors.values() for m in errors] if invalid else [],
            values=values,
            echo=spec.echo,
            echo_prefix="",
            statuses=spec.statuses,
            refused=rejected(sandbox.log()),
        )

    one()


def test_a_username_the_model_refuses_is_refused_at_the_field_with_what_was_typed(admin_client):
    # The fuzzing saves people; what it saves must be a person the model accepts, and a plain
    # form does not run the model's username rule unless the form carries it.
    response = admin_client.post(
        reverse("people:add"),
        {"username": "<b>ada lovelace</b>", "role": "support", "password": "long-enough-pw-42"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid username" in page
    assert shown("<b>ada lovelace</b>", page)
    assert not User.objects.filter(username__contains="lovelace").exists()
