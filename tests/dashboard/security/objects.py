"""What the object-level security tests share: every route from the URL resolver, the ids each
sandbox account was seeded with (a value for every path parameter beyond the account), a
realistic body for every route that takes a POST, and what a request left behind (the
sandbox's log, the audit trail, the studio's drafts).

``test_cross_account_objects.py`` asks for one account's objects under another account's URL;
``test_write_refusals.py`` sends every write as the roles that may not make it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from channels_api import errors
from channels_api.pagination import fetch_all
from channels_api.sandbox import catalog
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry, Outcome
from dashboard.core import selectors as core_selectors
from dashboard.notify.models import Event
from dashboard.numbers import confirmations
from dashboard.people.access import Capability
from dashboard.people.models import User
from dashboard.studio import drafts, selectors
from dashboard.studio.models import TemplateDraft, TemplateVersion
from dashboard.upstream import client_for
from tests.dashboard.channels.helpers import seeded
from tests.dashboard.copying import sweeps as copy_sweeps
from tests.dashboard.copying.sweeps import SAMPLE_RUN_ID
from tests.dashboard.imports import sweeps as import_sweeps
from tests.dashboard.matrix import routes
from tests.dashboard.matrix.imports import sample_run_id
from tests.dashboard.reviews.sweeps import SAMPLE_REVIEW_ID, sample_review_body

HTMX = {"HX-Request": "true"}


# --- routes ------------------------------------------------------------------------------------


def parameters(name: str) -> set[str]:
    """The path parameters of a route."""
    return set(routes()[name].pattern.converters)


# Path parameters naming something that belongs to one CM.com account (upstream, keyed by the
# account's token, or stored by the dashboard for that account).
ACCOUNT_OBJECTS = frozenset(
    {
        "channel_id",
        "configuration_id",
        "address_id",
        "webhook_id",
        "event_webhook_id",
        "channel_request_id",
        "whatsapp_request_id",
        "profile_id",
        "template_id",
        "phone_number_id",
        "keyword_claim_id",
    }
)
# Path parameters that are not one account's object, and why they need no cross-account check.
NOT_ACCOUNT_OBJECTS: dict[str, str] = {
    "account_id": "the account itself: the access matrix proves it for every route",
    "channel_type_id": "channel types are CM.com's catalogue, the same ids in every account",
    "element": "one of five element kinds, a word and not an id (an unknown one is a 404)",
    "person_id": "people are the dashboard's own, edited on admin-only pages",
    "mapping_id": "company login's group mappings are the dashboard's own, on admin-only pages",
    "review_id": (
        "reviews are the dashboard's own rows, read only within the URL's account "
        "(reviews.selectors.review_in); tests/dashboard/reviews prove another account's is a 404"
    ),
    "copy_run_id": (
        "copy runs are the dashboard's own rows, read only within the URL's (source) account "
        "(copying.selectors.run_of); tests/dashboard/copying prove another account's is a 404"
    ),
    "item_id": (
        "tracked items are the dashboard's own rows, read only within the URL's account "
        "(tracker.item_views); tests/dashboard/tracker/test_item_view.py and "
        "test_item_check_view.py prove another account's is a 404"
    ),
    "run_id": (
        "imports are the dashboard's own rows, read only within the URL's account and WhatsApp "
        "request (imports.views._run_or_404); tests/dashboard/imports prove another's is a 404"
    ),
}


# --- seeded ids ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeds:
    """One sandbox account's seeded ids: ``path`` has a value for every path parameter in
    ACCOUNT_OBJECTS (plus the element and channel type), the rest serves the bodies."""

    path: dict[str, str]
    profile_number: str
    template_field_id: str
    owned_number: str
    keyword: str
    sms_number_id: str
    number_type_id: str
    inactive_language_id: str
    company: str
    survey_category_id: str


@functools.cache
def _seeds(account_id: str, base_url: str) -> Seeds:
    # The sandbox seeds the same ids for an account after every reset: read them once.
    account = CMAccount.objects.get(account_id=account_id)
    ids = seeded(account)
    with client_for(account) as client:
        requests = fetch_all(client.channels.list_requests)
        types = fetch_all(client.channels.list_types)
        whatsapp = core_selectors.whatsapp_channel_request(requests, types)
        assert whatsapp is not None
        assert whatsapp.id
        profiles = client.profiles.list(whatsapp.id, take=100)
        waiting = next(p for p in profiles if p.is_pending and not p.is_otp_sent)
        survey_id = next(
            t.id
            for t in client.templates.list(whatsapp.id, q="survey_request", take=50)
            if t.name == "survey_request"
        )
        survey = client.templates.get(whatsapp.id, str(survey_id))
        owned = client.numbers.list(is_owned=True, take=1)[0]
        claim = client.keywords.list(take=1)[0]
        number_type = client.numbers.list_types(take=1)[0]
        active = {lang.id for lang in client.whatsapp.list_active_languages(whatsapp.id)}
    inactive = next(lang for lang in catalog.languages() if lang.id not in active)
    company = next(p.name for p in profiles if p.name).rsplit(" ", 1)[0]
    return Seeds(
        path={
            "channel_id": ids.channel_id,
            "configuration_id": ids.configuration_ids["webhook"],
            "element": "webhook",
            "address_id": ids.address_id,
            "webhook_id": ids.webhook_id,
            "event_webhook_id": ids.event_webhook_id,
            "channel_request_id": ids.pending_whatsapp_request_id,
            "channel_type_id": ids.whatsapp_type_id,
            "whatsapp_request_id": str(whatsapp.id),
            "profile_id": str(waiting.id),
            "template_id": str(survey.id),
            "phone_number_id": str(owned.id),
            "keyword_claim_id": str(claim.id),
            "review_id": SAMPLE_REVIEW_ID,
            "copy_run_id": SAMPLE_RUN_ID,
            "run_id": str(sample_run_id(account)),
        },
        profile_number=str(waiting.phone_number),
        template_field_id=str(survey.replacement_fields[0].id),
        owned_number=str(owned.number),
        keyword=str(claim.keyword),
        sms_number_id=str(claim.phone_number_id),
        number_type_id=str(number_type.id),
        inactive_language_id=str(inactive.id),
        company=company,
        survey_category_id=str(survey.template_category_id),
    )


def seeds(account: CMAccount) -> Seeds:
    """The seeded ids of one of the sandbox's accounts, and a tracked item and a group mapping
    of it (rows of this test's database, so not read once with the seeds)."""
    from tests.dashboard.matrix.sso import samples as mapping
    from tests.dashboard.matrix.tracker import samples as tracked

    found = _seeds(str(account.account_id), account.base_url)
    return dataclasses.replace(found, path={**found.path, **tracked(account), **mapping(account)})


def url(name: str, account: CMAccount | None, values: dict[str, str], person: Any = None) -> str:
    """The route's URL for ``account`` with ``values`` for its other parameters."""
    wanted = parameters(name)
    kwargs: dict[str, Any] = {}
    if "account_id" in wanted:
        assert account is not None
        kwargs["account_id"] = account.account_id
    if "person_id" in wanted:
        kwargs["person_id"] = person.pk
    for key in wanted - set(kwargs):
        assert key in values, f"{name}: no sample value for {key}"
        kwargs[key] = values[key]
    return reverse(name, kwargs=kwargs or None)


# --- realistic bodies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """What a realistic POST of a route needs: the path values, the seeds of the account the
    URL names (for values that are not in the path), that account and the person sending."""

    path: dict[str, str]
    seeds: Seeds
    account: CMAccount | None
    person: User


Body = Callable[[Post], dict[str, Any]]


def _endpoint(prefix: str, url: str, method: str = "POST") -> dict[str, str]:
    return {f"{prefix}-url": url, f"{prefix}-method": method, f"{prefix}-type": "Json"}


def _token(kind: str, checked: Callable[[Post], dict[str, str]]) -> Body:
    def body(post: Post) -> dict[str, Any]:
        assert post.account is not None
        token = confirmations.issue(
            kind, account=post.account, actor=post.person, checked=checked(post)
        )
        return {"token": token}

    return body


# A body as the page's own form would send it, valid for a person allowed to send it, so that
# a refusal is the access check and not the form's validation.
BODIES: dict[str, Body] = {
    # the shell and the admin pages
    "login": lambda p: {"username": "nobody", "password": "wrong-password"},
    "logout": lambda p: {},
    "accounts:add": lambda p: {
        "name": "Account C",
        "account_id": "3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607",
        "token": "0f4c2d9e-7b35-4e3b-8a61-2c1b9f0e5d7a",
        "base_url": "https://api.cm.com/channels/v1",
    },
    "accounts:edit": lambda p: {
        "name": "Account renamed",
        "account_id": str(p.account.account_id) if p.account else "",
        "base_url": p.account.base_url if p.account else "",
    },
    "accounts:test": lambda p: {},
    "people:add": lambda p: {
        "username": "newcomer",
        "role": "support",
        "is_active": "on",
        "password": "a-long-enough-password-1",
    },
    "people:edit": lambda p: {
        "username": p.person.username,
        "first_name": "Renamed",
        "role": "admin",
        "is_active": "on",
    },
    # company login's group mapping (issue 18)
    "sso:mapping_add": lambda p: {"group": "dashboard-support-new", "role": "support"},
    "sso:mapping_edit": lambda p: {
        "group": f"matrix-{p.account.account_id}" if p.account else "matrix",
        "role": "marketing",
    },
    "sso:mapping_delete": lambda p: {},
    # the provider's back-channel logout: 404 while company login is off, as in this suite
    "oidc_backchannel_logout": lambda p: {"logout_token": "a.b.c"},
    # the tracker
    "tracker:poll_now": lambda p: {},
    "tracker:item_check": lambda p: {},
    # reviews (issue 15): a decision is about the sample review, made waiting first
    "reviews:approve": lambda p: sample_review_body(p, {}),
    "reviews:send_back": lambda p: sample_review_body(p, {"comment": "Say which products."}),
    "reviews:subscribe": lambda p: {"on": "1"},
    "reviews:policy": lambda p: {"template_validation": "on"},
    "tracker:mark_read": lambda p: {},
    "tracker:subscriptions_save": lambda p: (
        {"subscriptions": f"{p.account.account_id}:channel_request"} if p.account else {}
    ),
    "notify:preferences_save": lambda p: {
        "every_account": "on",
        "digest_hour": "8",
        **{f"event_{event}": "in_app" for event in Event.values},
    },
    "me:language_save": lambda p: {"language": "nl"},
    # channels and their configuration
    "channels:element_set_enabled": lambda p: {"enabled": "false"},
    "channels:messaging_log_set": lambda p: {"messaging-log-enabled": "true"},
    "channels:customer_contact_set": lambda p: _endpoint(
        "customer-contact", "https://example.com/contact"
    ),
    "channels:email_add": lambda p: {"email-add-address": "new@example.com"},
    "channels:email_update": lambda p: {
        f"email-{p.path['address_id']}-address": "changed@example.com"
    },
    "channels:email_delete": lambda p: {"confirm": "yes"},
    "channels:webhook_add": lambda p: _endpoint("webhook-add", "https://example.com/new"),
    "channels:webhook_update": lambda p: _endpoint(
        f"webhook-{p.path['webhook_id']}", "https://example.com/changed"
    ),
    "channels:webhook_delete": lambda p: {"confirm": "yes"},
    "channels:webhook_test": lambda p: {"send": "yes"},
    "channels:event_webhook_test": lambda p: {"send": "yes"},
    "channels:customer_contact_test": lambda p: {"send": "yes"},
    "channels:event_webhook_add": lambda p: _endpoint(
        "event-webhook-add", "https://example.com/events"
    ),
    "channels:event_webhook_update": lambda p: _endpoint(
        f"event-webhook-{p.path['event_webhook_id']}", "https://example.com/events2"
    ),
    "channels:event_webhook_delete": lambda p: {"confirm": "yes"},
    "channels:request_channel_create": lambda p: {"confirm": "yes"},
    # WhatsApp
    "whatsapp:language_activate": lambda p: {"language_id": p.seeds.inactive_language_id},
    "whatsapp:profile_phone_number": lambda p: {"phone_number": "+31 6 12345678"},
    "whatsapp:otp_confirm": lambda p: {"phone_number": p.seeds.profile_number},
    "whatsapp:otp_number": lambda p: {"phone_number": "+31 6 12345678"},
    "whatsapp:otp_send": lambda p: {"method": "sms"},
    "whatsapp:otp_verify": lambda p: {"code": "123456"},
    # the template studio (the template is the seeded draft "survey_request")
    "studio:create": lambda p: {
        "name": "visit_follow_up",
        "category_id": next(c.id for c in catalog.template_categories() if c.name == "MARKETING"),
    },
    "studio:draft": lambda p: {"content-english-us": "Hi {{1}}, how was your visit today?"},
    "studio:save": lambda p: {"content-english-us": "Hi {{1}}, how was your visit today?"},
    "studio:field_add": lambda p: {"new_field_name": "reward", "new_field_type": "currency"},
    "studio:field_delete": lambda p: {"field": p.seeds.template_field_id},
    "studio:language_add": lambda p: {"add_language": "Dutch"},
    "studio:language_remove": lambda p: {"language": "English (US)"},
    "studio:validate": lambda p: {"content-english-us": "Hi {{1}}, how was your visit today?"},
    "studio:duplicate": lambda p: {},
    # numbers and keywords
    "numbers:request_check": lambda p: {"number_type_id": p.seeds.number_type_id},
    "numbers:request_confirm": _token(
        confirmations.NUMBER_REQUEST, lambda p: {"number_type_id": p.seeds.number_type_id}
    ),
    "numbers:cancel_confirm": lambda p: {"typed_number": p.seeds.owned_number},
    "numbers:keyword_claim_check": lambda p: {
        "phone_number_id": p.seeds.sms_number_id,
        "keyword": "NEWWORD",
    },
    "numbers:keyword_claim_confirm": _token(
        confirmations.KEYWORD_CLAIM,
        lambda p: {"phone_number_id": p.seeds.sms_number_id, "keyword": "NEWWORD"},
    ),
    "numbers:keyword_cancel_confirm": lambda p: {"keyword": p.seeds.keyword},
    # bulk import (issue 15): a file, then the steps of the sample import
    "imports:start": import_sweeps.upload_body,
    "imports:run": import_sweeps.run_body,
    "imports:submit": import_sweeps.submit_body,
    # copy within the account under a new name (issue 15); "Retry the rest" of a sample run
    "copying:start": lambda p: copy_sweeps.copy_body(_copy_values(p)),
    "copying:retry": lambda p: _run_left_to_retry(p),
    # template versions (issue 15): restore version 1 of the survey, kept before the body
    "studio:restore": lambda p: _version_to_restore(p),
}


def _copy_values(p: Post) -> dict[str, str]:
    # The copy sweeps' sample values (tests/dashboard/copying/sweeps.py), from this account.
    assert p.account is not None
    return {
        **p.path,
        "account_id": str(p.account.account_id),
        "survey_id": p.path["template_id"],
        "category_id": p.seeds.survey_category_id,
    }


def _run_left_to_retry(p: Post) -> dict[str, str]:
    """The sample run, made under its own id only: a sweep that puts another id (or another
    account) in the URL finds no run."""
    if p.path["copy_run_id"] == SAMPLE_RUN_ID:
        copy_sweeps.run_left_to_retry(None, "", _copy_values(p))
    return {}


def _version_to_restore(p: Post) -> dict[str, str]:
    """A draft of the survey and its version 1 with other words, so restoring changes the
    draft (the body is made before the test takes the drafts' state). Nothing is made when
    the URL names a template the account does not have (the sweeps of other ids)."""
    assert p.account is not None
    rid, tid = p.path["whatsapp_request_id"], p.path["template_id"]
    try:
        with client_for(p.account) as client:
            template = client.templates.get(rid, tid)
    except errors.NotFound:
        return {"number": "1"}
    if selectors.existing_draft(p.account, rid, tid) is None:
        drafts.new_draft(p.account, rid, template).save()
    TemplateVersion.objects.update_or_create(
        account=p.account,
        request_id=rid,
        template_id=tid,
        number=1,
        defaults={
            "reason": TemplateVersion.Reason.SAVED,
            "name": template.name or "",
            "category_id": p.seeds.survey_category_id,
            "contents": {"English (US)": "Hi {{1}}, an older version of the survey."},
            "fields": [{"name": "customer_name", "type": "text", "sample": "Ann"}],
            "created_at": timezone.now(),
        },
    )
    return {"number": "1"}


# What each write needs (dashboard/people/access.py maps roles to these); None: anyone logged in,
# or nobody at all (login).
NEEDS: dict[str, Capability | None] = {
    "login": None,
    "logout": None,
    "accounts:add": Capability.MANAGE_ACCOUNTS,
    "accounts:edit": Capability.MANAGE_ACCOUNTS,
    "accounts:test": Capability.MANAGE_ACCOUNTS,
    "people:add": Capability.MANAGE_PEOPLE,
    "people:edit": Capability.MANAGE_PEOPLE,
    "sso:mapping_add": Capability.MANAGE_PEOPLE,
    "sso:mapping_edit": Capability.MANAGE_PEOPLE,
    "sso:mapping_delete": Capability.MANAGE_PEOPLE,
    "oidc_backchannel_logout": None,
    "tracker:poll_now": Capability.BROWSE,
    "tracker:item_check": Capability.BROWSE,
    "reviews:approve": Capability.AUTHOR_TEMPLATES,
    "reviews:send_back": Capability.AUTHOR_TEMPLATES,
    "reviews:subscribe": Capability.BROWSE,
    "reviews:policy": Capability.MANAGE_ACCOUNTS,
    "tracker:mark_read": Capability.BROWSE,
    "tracker:subscriptions_save": Capability.BROWSE,
    "notify:preferences_save": Capability.BROWSE,
    "me:language_save": Capability.BROWSE,
    **{
        name: Capability.EDIT_CONFIGURATION
        for name in BODIES
        if name.startswith("channels:") or name == "whatsapp:language_activate"
    },
    **{
        name: Capability.WALK_OTP
        for name in BODIES
        if name.startswith(("whatsapp:profile", "whatsapp:otp"))
    },
    **{name: Capability.AUTHOR_TEMPLATES for name in BODIES if name.startswith("studio:")},
    **{name: Capability.MANAGE_NUMBERS for name in BODIES if name.startswith("numbers:")},
    **{name: Capability.AUTHOR_TEMPLATES for name in BODIES if name.startswith("imports:")},
    **{name: Capability.AUTHOR_TEMPLATES for name in BODIES if name.startswith("copying:")},
}


def accepts_post(name: str, account: CMAccount, values: dict[str, str], person: User) -> bool:
    """Whether the route takes a POST: the view's method decorator answers 405 before anything
    else when it does not. Asked by a person granted nothing (a support person without
    accounts), so the probe itself changes nothing: account routes refuse them with 404."""
    probe = Client()
    probe.force_login(person)
    return probe.post(url(name, account, values, person)).status_code != 405


# --- what a request left behind ------------------------------------------------------------------


def upstream_writes(sandbox: Any) -> list[str]:
    """Every request that reached CM.com (the sandbox) and could change something."""
    return [f"{e['method']} {e['path']}" for e in sandbox.log() if e["method"] != "GET"]


def ok_audit_entries() -> list[str]:
    """Writes the audit trail says went through."""
    return [f"{e.action} {e.target}" for e in AuditEntry.objects.filter(outcome=Outcome.OK)]


def drafts_state() -> list[tuple[Any, ...]]:
    """The studio's stored drafts (the one thing a studio POST may change without CM.com)."""
    return list(
        TemplateDraft.objects.order_by("pk").values_list(
            "pk", "account_id", "template_id", "contents", "fields", "updated_at"
        )
    )
