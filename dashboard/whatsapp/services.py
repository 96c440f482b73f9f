"""Writes for the WhatsApp pages: activate a language, change a profile's phone number, send
and check the one-time password. Each is audited and drops the cached reads it changed.

Every write goes through ``upstream.write`` and answers an ``upstream.WriteResult`` (none
raises for CM.com; ``ResendTooSoon`` is the dashboard's own wait, before anything is sent). The
PUT of a phone number is repeated safely by the client; the POSTs (activate a language, hand
in the code) and the GET that sends a code are never repeated, so when their answer is lost
(timeout, 5xx, unreadable) one read finds out whether they happened before the page offers to
send them again. What each write is about is said with ``whatsapp.wording`` (its audit entry is
read later, in the reader's language).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from channels_api.client import ChannelsClient
from channels_api.models import ApiWhatsAppProfile, ApiWhatsAppSupportedLanguage
from channels_api.phone import normalise_phone_number
from dashboard import upstream
from dashboard.whatsapp import selectors
from dashboard.whatsapp.models import OtpMethod, OtpSend
from dashboard.whatsapp.wording import say

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.accounts.models import CMAccount

    Actor = AbstractBaseUser | AnonymousUser | None


class ResendTooSoon(Exception):
    """A code was sent to this number less than the resend wait ago."""

    def __init__(self, seconds_left: int) -> None:
        super().__init__(f"wait {seconds_left} s before sending another code")
        self.seconds_left = seconds_left


def language_activate(
    *,
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    language_id: str,
    language_name: str = "",
) -> upstream.WriteResult[list[ApiWhatsAppSupportedLanguage]]:
    """Switch on one more WhatsApp language for the request; its value is the active languages
    (answered, or read by the check when the answer was lost)."""

    def verify(client: ChannelsClient) -> list[ApiWhatsAppSupportedLanguage] | None:
        active = client.whatsapp.list_active_languages(channel_request_id)
        return active if any(language.id == language_id for language in active) else None

    return upstream.write(
        account,
        lambda client: client.whatsapp.activate_language(channel_request_id, language_id),
        verify=verify,
        what=say("the_activation_of", language=language_name)
        if language_name
        else say("the_activation"),
        invalidates=(selectors.languages_key(channel_request_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="whatsapp.language.activate",
            target=channel_request_id,
            sent={"language_id": language_id, "language": language_name},
        ),
    )


def profile_phone_number_update(
    *,
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    profile_id: str,
    phone_number: str,
    before: str = "",
) -> upstream.WriteResult[ApiWhatsAppProfile]:
    """Give a profile another phone number (which CM.com then wants verified by OTP again).

    ``phone_number`` may be typed any way people type it; it is sent as ``00…``. ``before`` is
    the number shown to the person, recorded with the new one. A number CM.com refuses is
    REFUSED with its words in ``failure.said``.
    """
    normalised = normalise_phone_number(phone_number)
    return upstream.write(
        account,
        lambda client: client.profiles.update_phone_number(
            channel_request_id, profile_id, normalised
        ),
        what=say("the_phone_number"),
        # Even a failed PUT may have reached CM.com: the profile is read afresh after it.
        invalidates=(selectors.profiles_prefix(channel_request_id),),
        repeatable=True,
        audit=upstream.AuditRecord(
            actor=actor,
            action="profile.phone_number.update",
            target=profile_id,
            sent={"channel_request_id": channel_request_id, "before": before, "after": normalised},
        ),
    )


def profile_otp_send(
    *,
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    profile_id: str,
    phone_number: str,
    method: str,
) -> upstream.WriteResult[OtpSend | None]:
    """Ask CM.com to send the one-time password by SMS or voice call to the profile's number.

    Refused with ResendTooSoon within the resend wait of the last code sent to that number
    (by anyone), before anything is sent. The result's value is the send recorded for that
    wait: when CM.com said yes, and when its answer was lost and a code may be on its way
    (then ``code_maybe_sent`` is true and the message says so); None when no code went out.
    """
    method = OtpMethod(method).value
    last = selectors.last_otp_send(account, profile_id, phone_number)
    left = selectors.seconds_until_resend(last)
    if left:
        raise ResendTooSoon(left)

    def verify(client: ChannelsClient) -> ApiWhatsAppProfile | None:
        # A profile that had a code before cannot tell a new one from the old: a code seen
        # here only means one may have been sent (the words say so, not "was saved").
        profile = client.profiles.get(channel_request_id, profile_id)
        return profile if profile.is_otp_sent else None

    # Each start sends a text: the client never repeats it, and neither may the page offer it
    # blindly after a lost answer.
    written = upstream.write(
        account,
        lambda client: client.profiles.start_otp(channel_request_id, profile_id, method),  # type: ignore[arg-type]
        verify=verify,
        what=say("the_code"),
        invalidates=(selectors.profiles_prefix(channel_request_id),),
        # Said when the code is asked for, in the asker's language (kept as parts).
        may_have_happened=say("code_maybe_sent"),
        audit=upstream.AuditRecord(
            actor=actor,
            action="profile.otp.start",
            target=profile_id,
            sent={
                "channel_request_id": channel_request_id,
                "phone_number": phone_number,
                "method": method,
            },
        ),
    )
    if not code_maybe_sent(written) and not written.ok:
        return dataclasses.replace(written, value=None)
    sent = _otp_sent(actor, account, channel_request_id, profile_id, phone_number, method)
    return dataclasses.replace(written, value=sent)


def code_maybe_sent(result: upstream.WriteResult[Any]) -> bool:
    """Whether a start's answer was lost and a code may be on its way (the wait started)."""
    return result.answer_lost and result.state != upstream.WriteState.NOT_DONE


def _otp_sent(
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    profile_id: str,
    phone_number: str,
    method: str,
) -> OtpSend:
    user = actor if actor is not None and actor.is_authenticated else None
    return OtpSend.objects.create(
        account=account,
        channel_request_id=channel_request_id,
        profile_id=profile_id,
        phone_number=phone_number,
        method=method,
        sent_at=timezone.now(),
        sent_by=user,
    )


def profile_otp_verify(
    *,
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    profile_id: str,
    phone_number: str,
    code: str,
) -> upstream.WriteResult[ApiWhatsAppProfile]:
    """Hand CM.com the code the person received; a wrong one is REFUSED (a 400).

    A lost answer is checked by reading the profile: its OTP processed means the code was
    taken. The code itself is never recorded.
    """

    def verify(client: ChannelsClient) -> ApiWhatsAppProfile | None:
        profile = client.profiles.get(channel_request_id, profile_id)
        return profile if profile.is_otp_processed else None

    return upstream.write(
        account,
        lambda client: client.profiles.finish_otp(
            channel_request_id, profile_id, phone_number=phone_number, otp=code
        ),
        verify=verify,
        what=say("the_verification"),
        invalidates=(selectors.profiles_prefix(channel_request_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="profile.otp.finish",
            target=profile_id,
            sent={"channel_request_id": channel_request_id, "phone_number": phone_number},
        ),
    )
