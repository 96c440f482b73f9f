"""Writes for the WhatsApp pages: activate a language, change a profile's phone number, send
and check the one-time password. Each is audited and drops the cached reads it changed.

The PUT and the GET that sends a code raise what the client raises
(``channels_api.errors.ChannelsAPIError``, ``InvalidPhoneNumber``), ``ResendTooSoon`` and
``CodeMaybeSent`` (a start whose answer was lost); views turn those into words at the form.
The two POSTs (activate a language, hand in the code) go through ``upstream.write`` and answer
an ``upstream.WriteResult``: the client never repeats a POST, so when its answer is lost
(timeout, 5xx, unreadable) one read finds out whether it happened before the page offers to
send it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from channels_api import errors
from channels_api.client import ChannelsClient
from channels_api.models import ApiWhatsAppProfile, ApiWhatsAppSupportedLanguage
from channels_api.phone import normalise_phone_number
from dashboard import audit, upstream
from dashboard.whatsapp import selectors
from dashboard.whatsapp.models import OtpMethod, OtpSend

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.accounts.models import CMAccount

    Actor = AbstractBaseUser | AnonymousUser | None


class CodeMaybeSent(Exception):
    """CM.com's answer to starting OTP was lost and a code may be on its way: the resend wait
    has started as if CM.com had said yes. ``words`` say what happened, for the person."""

    def __init__(self, words: str) -> None:
        super().__init__(words)
        self.words = words


# An answer that did not come back: the start may or may not have sent a text.
_LOST_ANSWER = (errors.TransportError, errors.UpstreamError, errors.MalformedResponse)


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
        what=f"the activation of {language_name}" if language_name else "the activation",
        invalidates=(selectors.languages_key(channel_request_id),),
        audit={
            "actor": actor,
            "action": "whatsapp.language.activate",
            "target": channel_request_id,
            "sent": {"language_id": language_id, "language": language_name},
        },
    )


def profile_phone_number_update(
    *,
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    profile_id: str,
    phone_number: str,
    before: str = "",
) -> ApiWhatsAppProfile:
    """Give a profile another phone number (which CM.com then wants verified by OTP again).

    ``phone_number`` may be typed any way people type it; it is sent as ``00…``. ``before`` is
    the number shown to the person, recorded with the new one.
    """
    normalised = normalise_phone_number(phone_number)
    try:
        with (
            audit.audited(
                actor=actor,
                account=account,
                action="profile.phone_number.update",
                target=profile_id,
                sent={
                    "channel_request_id": channel_request_id,
                    "before": before,
                    "after": normalised,
                },
            ),
            upstream.client_for(account) as client,
        ):
            return client.profiles.update_phone_number(channel_request_id, profile_id, normalised)
    finally:
        # Even a failed PUT may have reached CM.com: read the profile afresh either way.
        upstream.invalidate(account, selectors.profiles_prefix(channel_request_id))


def profile_otp_send(
    *,
    actor: Actor,
    account: CMAccount,
    channel_request_id: str,
    profile_id: str,
    phone_number: str,
    method: str,
) -> OtpSend:
    """Ask CM.com to send the one-time password by SMS or voice call to the profile's number.

    Refused with ResendTooSoon within the resend wait of the last code sent to that number
    (by anyone); the time is kept only when CM.com accepted the request.
    """
    method = OtpMethod(method).value
    last = selectors.last_otp_send(account, profile_id, phone_number)
    left = selectors.seconds_until_resend(last)
    if left:
        raise ResendTooSoon(left)
    try:
        with (
            audit.audited(
                actor=actor,
                account=account,
                action="profile.otp.start",
                target=profile_id,
                sent={
                    "channel_request_id": channel_request_id,
                    "phone_number": phone_number,
                    "method": method,
                },
            ),
            upstream.client_for(account) as client,
        ):
            client.profiles.start_otp(channel_request_id, profile_id, method)  # type: ignore[arg-type]
    except _LOST_ANSWER as error:
        # Starting OTP is never repeated by the client (each start sends a text), and neither
        # may the page offer it blindly: unless a read shows no code went out, the wait starts.
        words = _code_maybe_sent(account, channel_request_id, profile_id, error)
        if words is None:
            raise
        _otp_sent(actor, account, channel_request_id, profile_id, phone_number, method)
        raise CodeMaybeSent(words) from error
    finally:
        upstream.invalidate(account, selectors.profiles_prefix(channel_request_id))
    return _otp_sent(actor, account, channel_request_id, profile_id, phone_number, method)


def _code_maybe_sent(
    account: CMAccount, channel_request_id: str, profile_id: str, error: Exception
) -> str | None:
    """Words for a start whose answer was lost, or None when a read shows no code went out.

    A timed-out start may still be on its way, and a profile that had a code before cannot
    tell a new one from the old: both count as a code that may have been sent.
    """
    if not isinstance(error, errors.Timeout):
        try:
            with upstream.client_for(account, blocking=False) as client:
                if not client.profiles.get(channel_request_id, profile_id).is_otp_sent:
                    return None
        except errors.ChannelsAPIError:
            pass
    lost = upstream.lost_answer(upstream.describe_failure(error))
    return f"{lost}, so a code may have been sent: wait for it before asking for a new one."


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
        what="the verification",
        invalidates=(selectors.profiles_prefix(channel_request_id),),
        audit={
            "actor": actor,
            "action": "profile.otp.finish",
            "target": profile_id,
            "sent": {"channel_request_id": channel_request_id, "phone_number": phone_number},
        },
    )
