"""Reads for the WhatsApp pages: the request picker, business account, languages, profiles, and
the OTP wizard's step derived from a profile's own state. A page's reads come as a page object
(``HomePage``, ``ProfilePage``, ``OtpWizardPage``) whose ``context()`` holds the names its
template reads; the view adds the forms, and what a POST just did.

Every upstream read goes through ``dashboard.upstream`` under a dotted key, so a repeat
view within the cache TTL costs no call and a write drops exactly what it changed:

- ``channels.requests`` / ``channels.types`` (shared with the overview and the studio)
- ``whatsapp.supported_languages`` (account-wide)
- ``whatsapp.<request id>.business``
- ``whatsapp.<request id>.languages`` (``core.selectors.whatsapp_languages_key``)
- ``whatsapp.<request id>.profiles.list.<q>.<skip>`` and ``whatsapp.<request id>.profiles.<id>``
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiWhatsAppBusinessAccount,
    ApiWhatsAppProfileBase,
    ApiWhatsAppSupportedLanguage,
)
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.core.labels import BUSINESS_ACCOUNT_STATE, PROFILE_STATE, label
from dashboard.core.paging import Page, page_of, skip_of
from dashboard.core.selectors import WhatsAppRequest
from dashboard.upstream import UpstreamFailure
from dashboard.whatsapp.models import OtpMethod, OtpSend

PAGE_SIZE = 10
"""Profiles per page of the profile list."""

DEFAULT_RESEND_SECONDS = 30
"""How long after sending a code a new one may be asked for (``WHATSAPP_OTP_RESEND_SECONDS``)."""

SUPPORTED_LANGUAGES = "whatsapp.supported_languages"


def resend_seconds() -> int:
    """The resend wait, overridable in settings (tests shorten it)."""
    return int(getattr(settings, "WHATSAPP_OTP_RESEND_SECONDS", DEFAULT_RESEND_SECONDS))


def _fields_of(page: Any) -> dict[str, Any]:
    # Each field as it is: dataclasses.asdict would copy the profiles and model rows within.
    return {field.name: getattr(page, field.name) for field in fields(page)}


# --- cache keys --------------------------------------------------------------------------------


def business_key(channel_request_id: str) -> str:
    """Cache key of a WhatsApp channel request's business account."""
    return f"whatsapp.{channel_request_id}.business"


def languages_key(channel_request_id: str) -> str:
    """Cache key of the active languages (shared with the studio through core.selectors)."""
    return core_selectors.whatsapp_languages_key(channel_request_id)


def profiles_prefix(channel_request_id: str) -> str:
    """Every profile read of a request: the list pages and each profile."""
    return f"whatsapp.{channel_request_id}.profiles"


def _q_segment(q: str) -> str:
    # What people search for may hold dots or spaces; a key segment must not.
    return hashlib.sha256(q.encode()).hexdigest()[:16] if q else "-"


def profile_list_key(channel_request_id: str, q: str, skip: int) -> str:
    """Cache key of one page of the profile list."""
    return f"{profiles_prefix(channel_request_id)}.list.{_q_segment(q)}.{skip}"


def profile_key(channel_request_id: str, profile_id: str) -> str:
    """Cache key of one profile."""
    return f"{profiles_prefix(channel_request_id)}.{profile_id}"


# --- picker ------------------------------------------------------------------------------------


def whatsapp_requests(account: CMAccount) -> list[WhatsAppRequest] | UpstreamFailure:
    """The account's WhatsApp channel requests (active first), or why they could not be read;
    the studio's picker lists them too."""
    got = upstream.fetch_many(
        account,
        {
            core_selectors.CHANNEL_REQUESTS: core_selectors.list_channel_requests,
            core_selectors.CHANNEL_TYPES: core_selectors.list_channel_types,
        },
    )
    requests, types = got[core_selectors.CHANNEL_REQUESTS], got[core_selectors.CHANNEL_TYPES]
    for part in (requests, types):
        if upstream.is_failure(part):
            return part
    return core_selectors.whatsapp_requests(requests, types)


def only_active(requests: list[WhatsAppRequest]) -> WhatsAppRequest | None:
    """The one active request when there is exactly one, so the picker can go straight on."""
    active = [item for item in requests if item.state == "active"]
    return active[0] if len(active) == 1 else None


# --- business account and languages ---------------------------------------------------------


@dataclass(frozen=True)
class BusinessAccount:
    """The business account's state in one word, with its dates."""

    state: str
    """pending, fulfilled or cancelled."""
    created_on_utc: datetime | None
    fulfilled_on_utc: datetime | None
    cancelled_on_utc: datetime | None
    id: str = ""
    """CM.com's id of the business account (the tracker follows it by this id)."""

    @property
    def state_label(self) -> str:
        """The state in words."""
        return label(BUSINESS_ACCOUNT_STATE, self.state)


def business_account_view(found: ApiWhatsAppBusinessAccount) -> BusinessAccount:
    """Cancelled wins over fulfilled (a fulfilled account can be cancelled later)."""
    if found.cancelled_on_utc is not None:
        state = "cancelled"
    elif found.fulfilled_on_utc is not None and not found.is_pending:
        state = "fulfilled"
    else:
        state = "pending"
    return BusinessAccount(
        state=state,
        created_on_utc=found.created_on_utc,
        fulfilled_on_utc=found.fulfilled_on_utc,
        cancelled_on_utc=found.cancelled_on_utc,
        id=str(found.id or ""),
    )


@dataclass(frozen=True)
class Languages:
    """Active languages, and the supported ones that could still be activated (matching q)."""

    active: list[ApiWhatsAppSupportedLanguage]
    available: list[ApiWhatsAppSupportedLanguage] | UpstreamFailure
    q: str


def _by_name(items: list[ApiWhatsAppSupportedLanguage]) -> list[ApiWhatsAppSupportedLanguage]:
    return sorted(items, key=lambda lang: ((lang.name or "").casefold(), lang.code or ""))


def matching_languages(
    supported: list[ApiWhatsAppSupportedLanguage],
    active: list[ApiWhatsAppSupportedLanguage],
    q: str,
) -> list[ApiWhatsAppSupportedLanguage]:
    """Supported languages not active yet whose name or code contains ``q`` (any case; ``-``
    and ``_`` alike, so "pt-br" finds ``pt_BR``)."""
    active_ids = {lang.id for lang in active}
    needle = q.strip().casefold().replace("-", "_")
    return _by_name(
        [
            lang
            for lang in supported
            if lang.id not in active_ids
            and (
                not needle
                or needle in (lang.name or "").casefold()
                or needle in (lang.code or "").casefold()
            )
        ]
    )


HOME_PARTS = ("business", "languages")


@dataclass(frozen=True)
class HomePage:
    """A WhatsApp request's home page: its business account and languages, each a view or an
    UpstreamFailure, or None when not read (an htmx fragment needs only its own part)."""

    account: CMAccount
    request_id: str
    q: str
    """The search in the languages to activate."""
    business: BusinessAccount | UpstreamFailure | None
    languages: Languages | UpstreamFailure | None
    """Its ``available`` a failure of its own when only the supported list could not be read."""
    business_read_at: datetime | None = None
    """When the business account was read from CM.com (its cached read's time)."""

    def context(self) -> dict[str, Any]:
        """The names home.html reads, each field under its own name."""
        return _fields_of(self)


def home_page(
    account: CMAccount, channel_request_id: str, parts: tuple[str, ...] = HOME_PARTS, q: str = ""
) -> HomePage:
    """The home page with the ``parts`` named (``business``, ``languages``), read concurrently."""
    calls: dict[str, upstream.Call] = {}
    if "business" in parts:
        calls[business_key(channel_request_id)] = lambda client: (
            client.whatsapp.get_business_account(channel_request_id)
        )
    if "languages" in parts:
        calls[languages_key(channel_request_id)] = lambda client: (
            client.whatsapp.list_active_languages(channel_request_id)
        )
        calls[SUPPORTED_LANGUAGES] = lambda client: client.whatsapp.list_supported_languages()
    got = upstream.fetch_many(account, calls)
    business = got.get(business_key(channel_request_id))
    business_read_at = None
    if business is not None and not upstream.is_failure(business):
        business = business_account_view(business)
        business_read_at = upstream.read_at(account, business_key(channel_request_id))
    languages = got.get(languages_key(channel_request_id))
    if languages is not None and not upstream.is_failure(languages):
        supported = got[SUPPORTED_LANGUAGES]
        available = (
            supported
            if upstream.is_failure(supported)
            else matching_languages(supported, languages, q)
        )
        languages = Languages(active=_by_name(languages), available=available, q=q)
    return HomePage(
        account=account,
        request_id=channel_request_id,
        q=q,
        business=business,
        languages=languages,
        business_read_at=business_read_at,
    )


def supported_language(account: CMAccount, language_id: str) -> ApiWhatsAppSupportedLanguage | None:
    """One supported language by id (from the cached list), None when unknown or unreadable."""
    supported = upstream.fetch_or_failure(
        account, SUPPORTED_LANGUAGES, lambda client: client.whatsapp.list_supported_languages()
    )
    if upstream.is_failure(supported):
        return None
    return next((lang for lang in supported if lang.id == language_id), None)


# --- profiles ----------------------------------------------------------------------------------

_SAFE_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.I)
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]+$")


def image_src(image: str | None) -> str:
    """A ``data:`` URL for the profile image, or "" when there is none or it is not an image.

    The API sends base64, in its examples as a ``data:image/...`` URL; anything else (a
    ``javascript:`` URL, say) is not put in a ``src``.
    """
    text = (image or "").strip()
    if not text:
        return ""
    if _SAFE_IMAGE.match(text):
        return text
    if _BASE64.match(text):
        return "data:image/png;base64," + "".join(text.split())
    return ""


def phone_display(number: str | None) -> str:
    """``0031612345678`` as ``+31612345678``: how people read an international number."""
    text = (number or "").strip()
    return "+" + text[2:] if text.startswith("00") else text


@dataclass(frozen=True)
class Profile:
    """A profile as the pages show it (from the list or the detail read)."""

    id: str
    name: str
    image_src: str
    phone_number: str
    """As CM.com stores it: 00, country code, number."""
    is_active: bool
    is_pending: bool
    is_otp_sent: bool
    is_otp_processed: bool
    rejection_reason: str
    created_on_utc: datetime | None
    fulfilled_on_utc: datetime | None
    rejected_on_utc: datetime | None
    cancelled_on_utc: datetime | None

    @property
    def phone_display(self) -> str:
        """The number with a + in front."""
        return phone_display(self.phone_number)

    @property
    def state(self) -> str:
        """active, pending, rejected or cancelled."""
        if self.is_active:
            return "active"
        if self.cancelled_on_utc is not None:
            return "cancelled"
        if self.rejected_on_utc is not None or self.rejection_reason or not self.is_pending:
            return "rejected"
        return "pending"

    @property
    def state_label(self) -> str:
        """The state in words."""
        return label(PROFILE_STATE, self.state)

    @property
    def otp_label(self) -> str:
        """Where the phone number's verification stands, in words."""
        if self.is_otp_processed:
            return gettext("Code accepted")
        if self.is_otp_sent:
            return gettext("Code sent, not entered yet")
        return gettext("No code sent yet")


def profile_view(found: ApiWhatsAppProfileBase) -> Profile:
    """Flatten the API's profile (list item or detail) for the templates."""
    return Profile(
        id=str(found.id or ""),
        name=found.name or gettext("(no name)"),
        image_src=image_src(found.image),
        phone_number=found.phone_number or "",
        is_active=bool(found.is_active),
        is_pending=bool(found.is_pending),
        is_otp_sent=bool(found.is_otp_sent),
        is_otp_processed=bool(found.is_otp_processed),
        rejection_reason=getattr(found, "rejection_reason", None) or "",
        created_on_utc=found.created_on_utc,
        fulfilled_on_utc=getattr(found, "fulfilled_on_utc", None),
        rejected_on_utc=found.rejected_on_utc,
        cancelled_on_utc=found.cancelled_on_utc,
    )


def _list_profiles(
    channel_request_id: str, q: str, skip: int
) -> Any:  # a callable for upstream.fetch
    def call(client: ChannelsClient) -> list[ApiWhatsAppProfileBase]:
        # One more than a page tells whether a next page exists without counting them all.
        return client.profiles.list(channel_request_id, q=q or None, skip=skip, take=PAGE_SIZE + 1)

    return call


def profile_page(
    account: CMAccount, channel_request_id: str, *, q: str = "", page: int = 1
) -> Page[Profile] | UpstreamFailure:
    """One page of profiles matching ``q`` (name or phone number), read page by page upstream."""
    q = q.strip()
    page = max(1, page)
    skip = skip_of(page, PAGE_SIZE)
    found = upstream.fetch_or_failure(
        account,
        profile_list_key(channel_request_id, q, skip),
        _list_profiles(channel_request_id, q, skip),
    )
    if upstream.is_failure(found):
        return found
    read_at = upstream.read_at(account, profile_list_key(channel_request_id, q, skip))
    return page_of([profile_view(item) for item in found], page, PAGE_SIZE, read_at=read_at)


def profile(
    account: CMAccount, channel_request_id: str, profile_id: str, *, fresh: bool = False
) -> Profile | UpstreamFailure:
    """One profile; ``fresh`` drops the cached copy first (its approval happens at CM.com)."""
    key = profile_key(channel_request_id, profile_id)
    if fresh:
        upstream.invalidate(account, key)
    found = upstream.fetch_or_failure(
        account, key, lambda client: client.profiles.get(channel_request_id, profile_id)
    )
    return found if upstream.is_failure(found) else profile_view(found)


@dataclass(frozen=True)
class ProfilePage:
    """A profile's page: the profile as read, or why it could not be."""

    account: CMAccount
    request_id: str
    profile_id: str
    """As the URL names it."""
    profile: Profile | UpstreamFailure

    @property
    def phone_number(self) -> str:
        """The profile's number now (00…), "" when it could not be read."""
        return "" if upstream.is_failure(self.profile) else self.profile.phone_number

    def context(self) -> dict[str, Any]:
        """The names profile.html reads, each field under its own name."""
        return _fields_of(self)


def profile_detail_page(
    account: CMAccount, channel_request_id: str, profile_id: str
) -> ProfilePage:
    """The profile page: one read of the profile."""
    return ProfilePage(
        account=account,
        request_id=channel_request_id,
        profile_id=profile_id,
        profile=profile(account, channel_request_id, profile_id),
    )


# --- the OTP wizard ----------------------------------------------------------------------------


class OtpStep(StrEnum):
    """The wizard's steps, in order."""

    NUMBER = "number"
    SEND = "send"
    CODE = "code"
    DONE = "done"


OTP_STEPS: list[tuple[OtpStep, Promise]] = [
    (OtpStep.NUMBER, _("Confirm the number")),
    (OtpStep.SEND, _("Send the code")),
    (OtpStep.CODE, _("Enter the code")),
    (OtpStep.DONE, _("Done")),
]


@dataclass(frozen=True)
class OtpWizard:
    """Where a profile's OTP walk stands, and what the page may offer."""

    profile: Profile
    step: OtpStep
    last_send: OtpSend | None
    resend_in: int
    """Seconds until another code may be sent; 0 when it may be sent now."""

    @property
    def blocked(self) -> bool:
        """Rejected or cancelled: only a new number starts the walk again."""
        return self.profile.state in ("rejected", "cancelled")

    @property
    def steps(self) -> list[tuple[str, str, str]]:
        """(step, label, "done" | "current" | "todo") for the step indicator."""
        order = [step for step, _ in OTP_STEPS]
        here = order.index(self.step)
        return [
            (str(step), label, "done" if i < here else "current" if i == here else "todo")
            for i, (step, label) in enumerate(OTP_STEPS)
        ]


def last_otp_send(account: CMAccount, profile_id: str, phone_number: str) -> OtpSend | None:
    """The last code the dashboard sent to this profile's current number."""
    return (
        OtpSend.objects.filter(account=account, profile_id=profile_id, phone_number=phone_number)
        .select_related("sent_by")
        .first()
    )


def seconds_until_resend(last_send: OtpSend | None, now: datetime | None = None) -> int:
    """Seconds left of the resend wait after ``last_send`` (0 when none, or it has passed)."""
    if last_send is None:
        return 0
    ready_at = last_send.sent_at + timedelta(seconds=resend_seconds())
    left = (ready_at - (now or timezone.now())).total_seconds()
    return max(0, int(left + 0.999))  # round up: "1 s" until it is really over


def otp_step(profile: Profile, *, confirmed_number: str | None) -> OtpStep:
    """The step a walk is at, from the profile's own state at CM.com.

    The session only remembers that the person confirmed the number (nothing upstream says
    so), and only while the profile still has that number and no code was sent.
    """
    if profile.is_active:
        return OtpStep.DONE
    # Before "processed": a rejected profile went through the OTP, yet must start over.
    if profile.state in ("rejected", "cancelled"):
        return OtpStep.NUMBER
    if profile.is_otp_processed:
        return OtpStep.DONE
    if profile.is_otp_sent:
        return OtpStep.CODE
    if confirmed_number and confirmed_number == profile.phone_number:
        return OtpStep.SEND
    return OtpStep.NUMBER


def may_send_code(profile: Profile) -> bool:
    """Whether a code may be asked for. Asking confirms the number, so the walk is then at
    sending the code or entering it: not done, nor rejected or cancelled."""
    return otp_step(profile, confirmed_number=profile.phone_number) in (OtpStep.SEND, OtpStep.CODE)


def otp_wizard(account: CMAccount, profile: Profile, *, confirmed_number: str | None) -> OtpWizard:
    """The wizard for ``profile``: its step, the last code sent and the resend wait."""
    last_send = last_otp_send(account, profile.id, profile.phone_number)
    return OtpWizard(
        profile=profile,
        step=otp_step(profile, confirmed_number=confirmed_number),
        last_send=last_send,
        resend_in=seconds_until_resend(last_send),
    )


# The forms each step shows; a posted form's errors outside these are said above the step.
_STEP_FORMS: dict[OtpStep, frozenset[str]] = {
    OtpStep.NUMBER: frozenset({"confirm_form", "number_form"}),
    OtpStep.SEND: frozenset({"send_form", "number_form"}),
    OtpStep.CODE: frozenset({"code_form", "send_form"}),
    OtpStep.DONE: frozenset(),
}


@dataclass(frozen=True)
class OtpWizardPage:
    """The OTP walk's page: the profile as read and where its walk stands."""

    account: CMAccount
    request_id: str
    profile_id: str
    """As the URL names it."""
    profile: Profile | UpstreamFailure
    wizard: OtpWizard | None
    """None when the profile could not be read."""
    resend_wait: int

    @property
    def phone_number(self) -> str:
        """The profile's number now (00…), "" when it could not be read."""
        return "" if upstream.is_failure(self.profile) else self.profile.phone_number

    @property
    def send_method(self) -> str:
        """The way the last code went, so sending another one offers the same."""
        last = self.wizard.last_send if self.wizard else None
        return last.method if last else OtpMethod.SMS

    @property
    def shown_forms(self) -> frozenset[str]:
        """The names of the forms the step on show has."""
        if self.wizard is None:
            return frozenset()
        # Rejected or cancelled: only a new number starts the walk again.
        return frozenset({"number_form"}) if self.wizard.blocked else _STEP_FORMS[self.wizard.step]

    def context(self) -> dict[str, Any]:
        """The names otp.html reads, each field under its own name."""
        return _fields_of(self)


def otp_wizard_page(
    account: CMAccount,
    request_id: str,
    profile_id: str,
    profile: Profile | UpstreamFailure,
    *,
    confirmed_number: str | None,
) -> OtpWizardPage:
    """The walk's page for ``profile`` as read: its step (``confirmed_number`` is the number the
    person confirmed in this session), the last code sent and the resend wait."""
    wizard = (
        None
        if upstream.is_failure(profile)
        else otp_wizard(account, profile, confirmed_number=confirmed_number)
    )
    return OtpWizardPage(
        account=account,
        request_id=request_id,
        profile_id=profile_id,
        profile=profile,
        wizard=wizard,
        resend_wait=resend_seconds(),
    )
