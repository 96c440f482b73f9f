"""SMS keyword claims: claim a keyword on a shared or owned number, list, verify, cancel.

Claiming costs money: ``claim(..., simulate=True)`` validates and answers with what the
claim would be, changing nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from channels_api._transport import Operation
from channels_api.models import ApiKeywordClaimRequest, ApiKeywordClaimResponse
from channels_api.resources._base import (
    Resource,
    implements,
    phone_number_argument,
    require_bool,
    require_text,
)

_BASE = "/accounts/{accountId}/keywords"
CLAIM = Operation("keywords", "Claim a keyword", "POST", _BASE)
LIST_CLAIMS = Operation("keywords", "Get your claimed keywords", "GET", _BASE)
GET_CLAIM = Operation("keywords", "Get a keyword claim by id", "GET", f"{_BASE}/{{keywordClaimId}}")
CANCEL_CLAIM = Operation(
    "keywords", "Cancel a keyword claim", "DELETE", f"{_BASE}/{{keywordClaimId}}"
)
VERIFY_CLAIM = Operation("keywords", "Verify a claim", "GET", f"{_BASE}/{{keywordClaimId}}/verify")


def _as_list(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    return [item for item in (str(i).strip() for i in items) if item] or None


def _number_filter(name: str, value: str) -> str:
    """One ``phoneNumber`` filter value: a phone number as ``00…``, or a short code or id.

    A short code (``3010``) or a number's id (digits, NOTES.md rule 16) is no international
    number and is sent as given; claims live on short codes and the dashboard filters by id.
    Everything else must read as a phone number, normalised as the profile methods do; an
    unreadable one is refused instead of being sent unchanged and matching nothing.
    """
    if value.isascii() and value.isdigit() and not value.startswith("0"):
        return value
    return phone_number_argument(name, value)


class Keywords(Resource):
    """``client.keywords``: keyword claims."""

    @implements(CLAIM)
    def claim(
        self, *, phone_number_id: str, keyword: str, simulate: bool = False
    ) -> ApiKeywordClaimResponse:
        """Claim ``keyword`` on a number; with ``simulate`` only validate and show the outcome.

        NOTES.md rule 5: the body carries ``phoneNumberId``.
        """
        body = ApiKeywordClaimRequest(
            phone_number_id=require_text("phone_number_id", phone_number_id),
            keyword=require_text("keyword", keyword),
        ).to_body()
        # A real bool only: a stray truthy value must not turn a dry run into a paid claim.
        query = {"simulate": True} if require_bool("simulate", simulate) else None
        return self._call(
            CLAIM,
            query=query,
            body=body,
            parse=ApiKeywordClaimResponse,
        )

    @implements(LIST_CLAIMS)
    def list(
        self,
        *,
        phone_numbers: str | Sequence[str] | None = None,
        keywords: str | Sequence[str] | None = None,
        country: str | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiKeywordClaimResponse]:
        """One page of claimed keywords, filtered by numbers, keywords and country."""
        numbers = _as_list(phone_numbers)
        if numbers:
            numbers = [_number_filter(f"phone_numbers {n!r}", n) for n in numbers]
        return self._call(
            LIST_CLAIMS,
            query={
                "phoneNumber": numbers,
                "keyword": _as_list(keywords),
                "country": country or None,
                "skip": skip,
                "take": take,
            },
            parse=list[ApiKeywordClaimResponse],
        )

    @implements(GET_CLAIM)
    def get(self, keyword_claim_id: str) -> ApiKeywordClaimResponse:
        """One keyword claim."""
        return self._call(
            GET_CLAIM,
            path_params={"keywordClaimId": keyword_claim_id},
            parse=ApiKeywordClaimResponse,
        )

    @implements(CANCEL_CLAIM)
    def cancel(self, keyword_claim_id: str) -> None:
        """Give the keyword up: blocked at once, billed to the end of the month."""
        self._call(CANCEL_CLAIM, path_params={"keywordClaimId": keyword_claim_id})

    @implements(VERIFY_CLAIM)
    def verify(self, keyword_claim_id: str) -> list[str]:
        """The issues the API finds with a claim; an empty list means it is fine."""
        result = self._call(
            VERIFY_CLAIM, path_params={"keywordClaimId": keyword_claim_id}, parse=list[str]
        )
        return result or []
