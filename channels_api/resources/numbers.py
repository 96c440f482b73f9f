"""Dedicated phone numbers: the numbers on offer, their types and costs, requests, cancelling.

Requesting a number costs money: ``request(..., simulate=True)`` validates and answers
with what the request would be, changing nothing.
"""

from __future__ import annotations

from channels_api._transport import Operation
from channels_api.models import (
    ApiNumberRequestResponse,
    ApiNumberTypeResponse,
    ApiPhoneNumberResponse,
)
from channels_api.resources._base import (
    Resource,
    implements,
    optional_bool,
    require_bool,
    require_text,
)

_BASE = "/accounts/{accountId}/phonenumbers"
REQUEST_NUMBER = Operation("numbers", "Request a phone number", "POST", f"{_BASE}/requests")
LIST_REQUESTS = Operation("numbers", "Get your phone number requests", "GET", f"{_BASE}/requests")
CANCEL_NUMBER = Operation(
    "numbers", "Cancel phone number ownership", "DELETE", f"{_BASE}/{{phoneNumberId}}"
)
LIST_NUMBERS = Operation("numbers", "Get available phone numbers", "GET", _BASE)
GET_NUMBER = Operation(
    "numbers", "Get an available phone number by id", "GET", f"{_BASE}/{{phoneNumberId}}"
)
LIST_TYPES = Operation("numbers", "Get available phone number types", "GET", f"{_BASE}/numbertypes")


class Numbers(Resource):
    """``client.numbers``: phone numbers, number types and number requests."""

    @implements(REQUEST_NUMBER)
    def request(self, number_type_id: str, *, simulate: bool = False) -> ApiNumberRequestResponse:
        """Rent a dedicated number of a type; with ``simulate`` only validate and show the cost."""
        # numberTypeId is required, and simulate must be a real bool: a stray ``None`` or
        # ``"false"`` must not turn a dry run into a paid request, or the reverse.
        query = {
            "numberTypeId": require_text("number_type_id", number_type_id),
            "simulate": True if require_bool("simulate", simulate) else None,
        }
        return self._call(
            REQUEST_NUMBER,
            query=query,
            parse=ApiNumberRequestResponse,
        )

    @implements(LIST_REQUESTS)
    def list_requests(
        self,
        *,
        country: str | None = None,
        is_pending: bool | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiNumberRequestResponse]:
        """One page of number requests, by country and pending state."""
        return self._call(
            LIST_REQUESTS,
            query={
                "country": country or None,
                "isPending": optional_bool("is_pending", is_pending),
                "skip": skip,
                "take": take,
            },
            parse=list[ApiNumberRequestResponse],
        )

    @implements(CANCEL_NUMBER)
    def cancel(self, phone_number_id: str) -> None:
        """Give a rented number up: blocked at once, billed to the end of the month."""
        self._call(CANCEL_NUMBER, path_params={"phoneNumberId": phone_number_id})

    @implements(LIST_NUMBERS)
    def list(
        self,
        *,
        query: str | None = None,
        country: str | None = None,
        is_owned: bool | None = None,
        is_shortcode: bool | None = None,
        is_shared: bool | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiPhoneNumberResponse]:
        """One page of the shared and owned numbers, searched and filtered."""
        return self._call(
            LIST_NUMBERS,
            query={
                "query": query or None,
                "country": country or None,
                "isOwned": optional_bool("is_owned", is_owned),
                "isShortcode": optional_bool("is_shortcode", is_shortcode),
                "isShared": optional_bool("is_shared", is_shared),
                "skip": skip,
                "take": take,
            },
            parse=list[ApiPhoneNumberResponse],
        )

    @implements(GET_NUMBER)
    def get(self, phone_number_id: str) -> ApiPhoneNumberResponse:
        """One number, with its type, costs, and since when it is owned."""
        return self._call(
            GET_NUMBER, path_params={"phoneNumberId": phone_number_id}, parse=ApiPhoneNumberResponse
        )

    @implements(LIST_TYPES)
    def list_types(
        self,
        *,
        country: str | None = None,
        type: str | None = None,
        purpose: str | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiNumberTypeResponse]:
        """One page of number types with their costs, by country, type and purpose."""
        return self._call(
            LIST_TYPES,
            query={
                "country": country or None,
                "type": type or None,
                "purpose": purpose or None,
                "skip": skip,
                "take": take,
            },
            parse=list[ApiNumberTypeResponse],
        )
