"""WhatsApp: the business account and languages of one WhatsApp channel request.

Every operation here but the supported languages is keyed by a WhatsApp channel request
id; the supported languages are account-wide.
"""

from __future__ import annotations

from channels_api._transport import Operation
from channels_api.models import ApiWhatsAppBusinessAccount, ApiWhatsAppSupportedLanguage
from channels_api.resources._base import Resource, implements, require_text

_BASE = "/accounts/{accountId}/whatsapp"
GET_BUSINESS_ACCOUNT = Operation(
    "whatsapp",
    "Get your business account",
    "GET",
    f"{_BASE}/{{channelRequestId}}/businessaccount",
)
LIST_SUPPORTED_LANGUAGES = Operation(
    "whatsapp", "Get supported WhatsApp languages", "GET", f"{_BASE}/supportedlanguages"
)
LIST_ACTIVE_LANGUAGES = Operation(
    "whatsapp",
    "Get your active WhatsApp languages",
    "GET",
    f"{_BASE}/{{channelRequestId}}/languages",
)
ACTIVATE_LANGUAGE = Operation(
    "whatsapp", "Activate a WhatsApp language", "POST", f"{_BASE}/{{channelRequestId}}/languages"
)


class WhatsApp(Resource):
    """``client.whatsapp``: business account and languages."""

    @implements(GET_BUSINESS_ACCOUNT)
    def get_business_account(self, channel_request_id: str) -> ApiWhatsAppBusinessAccount:
        """The business account behind a WhatsApp channel request: pending, fulfilled, cancelled."""
        return self._call(
            GET_BUSINESS_ACCOUNT,
            path_params={"channelRequestId": channel_request_id},
            parse=ApiWhatsAppBusinessAccount,
        )

    @implements(LIST_SUPPORTED_LANGUAGES)
    def list_supported_languages(self) -> list[ApiWhatsAppSupportedLanguage]:
        """Every language WhatsApp templates can be written in."""
        return self._call(LIST_SUPPORTED_LANGUAGES, parse=list[ApiWhatsAppSupportedLanguage])

    @implements(LIST_ACTIVE_LANGUAGES)
    def list_active_languages(self, channel_request_id: str) -> list[ApiWhatsAppSupportedLanguage]:
        """The languages switched on for this WhatsApp channel request."""
        return self._call(
            LIST_ACTIVE_LANGUAGES,
            path_params={"channelRequestId": channel_request_id},
            parse=list[ApiWhatsAppSupportedLanguage],
        )

    @implements(ACTIVATE_LANGUAGE)
    def activate_language(
        self, channel_request_id: str, language_id: str
    ) -> list[ApiWhatsAppSupportedLanguage]:
        """Switch on one more language; answers the active languages afterwards."""
        return self._call(
            ACTIVATE_LANGUAGE,
            path_params={"channelRequestId": channel_request_id},
            query={"languageId": require_text("language_id", language_id)},
            parse=list[ApiWhatsAppSupportedLanguage],
        )
