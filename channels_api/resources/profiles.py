"""WhatsApp profiles: listing them, their phone number, and the OTP validation walk.

Phone numbers are normalised to ``00`` + country code + number before they are sent
(NOTES.md rule 24); a value that cannot be a phone number raises
``channels_api.phone.InvalidPhoneNumber`` (a ValueError) and nothing is sent.
"""

from __future__ import annotations

from typing import Literal

from channels_api._transport import Operation
from channels_api.models import ApiWhatsAppProfile, ApiWhatsAppProfileBase
from channels_api.resources._base import (
    Resource,
    implements,
    phone_number_argument,
    require_choice,
    require_text,
)

OTP_METHODS = ("sms", "voice")
OtpMethod = Literal["sms", "voice"]

_BASE = "/accounts/{accountId}/whatsapp/{channelRequestId}/profiles"
LIST_PROFILES = Operation("profiles", "Get your profiles", "GET", _BASE)
GET_PROFILE = Operation("profiles", "Get a profile by id", "GET", f"{_BASE}/{{profileId}}")
UPDATE_PHONE_NUMBER = Operation(
    "profiles", "Update a profile's phone number", "PUT", f"{_BASE}/{{profileId}}/phonenumber"
)
# A GET, but each call sends a text or rings a phone: never repeated by the transport.
START_OTP = Operation(
    "profiles",
    "Start a profile's otp validation",
    "GET",
    f"{_BASE}/{{profileId}}/phonenumber/otp",
    safe_to_repeat=False,
)
FINISH_OTP = Operation(
    "profiles",
    "Finish a profile's otp validation",
    "POST",
    f"{_BASE}/{{profileId}}/phonenumber/otp",
)


class Profiles(Resource):
    """``client.profiles``: the WhatsApp profiles of one WhatsApp channel request."""

    @implements(LIST_PROFILES)
    def list(
        self,
        channel_request_id: str,
        *,
        q: str | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiWhatsAppProfileBase]:
        """One page of profiles, optionally filtered by text."""
        return self._call(
            LIST_PROFILES,
            path_params={"channelRequestId": channel_request_id},
            query={"q": q or None, "skip": skip, "take": take},
            parse=list[ApiWhatsAppProfileBase],
        )

    @implements(GET_PROFILE)
    def get(self, channel_request_id: str, profile_id: str) -> ApiWhatsAppProfile:
        """One profile, with its rejection reason and OTP state."""
        return self._call(
            GET_PROFILE,
            path_params={"channelRequestId": channel_request_id, "profileId": profile_id},
            parse=ApiWhatsAppProfile,
        )

    @implements(UPDATE_PHONE_NUMBER)
    def update_phone_number(
        self, channel_request_id: str, profile_id: str, phone_number: str
    ) -> ApiWhatsAppProfile:
        """Give the profile another phone number; it must be validated again by OTP."""
        return self._call(
            UPDATE_PHONE_NUMBER,
            path_params={"channelRequestId": channel_request_id, "profileId": profile_id},
            query={"phoneNumber": phone_number_argument("phone_number", phone_number)},
            parse=ApiWhatsAppProfile,
        )

    @implements(START_OTP)
    def start_otp(
        self, channel_request_id: str, profile_id: str, method: OtpMethod = "sms"
    ) -> None:
        """Send a one-time password to the profile's number by SMS or voice call.

        NOTES.md rule 8: the documentation's example omits ``otpMethod``; it is always sent.
        """
        self._call(
            START_OTP,
            path_params={"channelRequestId": channel_request_id, "profileId": profile_id},
            query={"otpMethod": require_choice("method", method, OTP_METHODS)},
        )

    @implements(FINISH_OTP)
    def finish_otp(
        self, channel_request_id: str, profile_id: str, *, phone_number: str, otp: str
    ) -> ApiWhatsAppProfile:
        """Validate the profile's number with the code it received."""
        query = {
            "phoneNumber": phone_number_argument("phone_number", phone_number),
            "otp": require_text("otp", otp),
        }
        return self._call(
            FINISH_OTP,
            path_params={"channelRequestId": channel_request_id, "profileId": profile_id},
            query=query,
            parse=ApiWhatsAppProfile,
        )
