"""Reads for the numbers and keywords pages: one upstream call per resource shown, paged, cached.

Lists are read one page at a time with ``take = page size + 1`` (the extra item only says
whether there is a next page). Cache keys are dotted, so ``invalidate(account, "keywords")``
drops every keyword read::

    numbers.list.<query>.<country>.<owned>.<shortcode>.<shared>.<skip>.<take>
    numbers.detail.<phone number id>
    numbers.types.<country>.<type>.<purpose>.<skip>.<take>
    numbers.requests.<country>.<pending>.<skip>.<take>
    keywords.list.<number>.<keyword>.<country>.<skip>.<take>
    keywords.detail.<claim id>
    keywords.verify.<claim id>

Exports walk every page with ``iterate_pages`` (bounded page size) and are not cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from channels_api import errors
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiKeywordClaimResponse,
    ApiNumberRequestResponse,
    ApiNumberTypeResponse,
    ApiPhoneNumberResponse,
)
from channels_api.pagination import iterate_pages
from dashboard import upstream
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.core.dates import expected_by
from dashboard.core.labels import NUMBER_CATEGORY, label
from dashboard.core.paging import Page, page_of, skip_of
from dashboard.upstream import UpstreamFailure

T = TypeVar("T")

PAGE_SIZE = 25
# The claim form's number picker: one page of numbers, narrowed by a search.
PICKER_SIZE = 50
# A number's cancel page lists the keywords claimed on it, up to this many.
KEYWORDS_ON_NUMBER = 20
EXPORT_PAGE_SIZE = 100

# Prefixes written by services.py after a write.
NUMBERS = "numbers"
NUMBER_REQUESTS = "numbers.requests"
KEYWORDS = "keywords"


def _segment(value: object) -> str:
    """One dotted key segment: "~" for no filter, and no "." inside (it separates segments)."""
    if value is None or value == "":
        return "~"
    if isinstance(value, bool):
        return "1" if value else "0"
    return quote(str(value), safe="").replace(".", "%2E")


def _key(*parts: object) -> str:
    return ".".join(_segment(part) if i else str(part) for i, part in enumerate(parts))


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberFilters:
    """What "Get available phone numbers" is filtered on."""

    query: str = ""
    country: str = ""
    is_owned: bool | None = None
    is_shortcode: bool | None = None
    is_shared: bool | None = None

    def key(self) -> str:
        """The cache key prefix of these filters."""
        return _key(
            "numbers.list",
            self.query,
            self.country,
            self.is_owned,
            self.is_shortcode,
            self.is_shared,
        )

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``client.numbers.list``."""
        return {
            "query": self.query or None,
            "country": self.country or None,
            "is_owned": self.is_owned,
            "is_shortcode": self.is_shortcode,
            "is_shared": self.is_shared,
        }


@dataclass(frozen=True)
class NumberTypeFilters:
    """What "Get available phone number types" is filtered on."""

    country: str = ""
    category: str = ""
    purpose: str = ""

    def key(self) -> str:
        """The cache key prefix of these filters."""
        return _key("numbers.types", self.country, self.category, self.purpose)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``client.numbers.list_types``."""
        return {
            "country": self.country or None,
            "type": self.category or None,
            "purpose": self.purpose or None,
        }


@dataclass(frozen=True)
class RequestFilters:
    """What "Get your phone number requests" is filtered on."""

    country: str = ""
    is_pending: bool | None = None

    def key(self) -> str:
        """The cache key prefix of these filters."""
        return _key(NUMBER_REQUESTS, self.country, self.is_pending)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``client.numbers.list_requests``."""
        return {"country": self.country or None, "is_pending": self.is_pending}


@dataclass(frozen=True)
class KeywordFilters:
    """What "Get your claimed keywords" is filtered on."""

    phone_number: str = ""
    keyword: str = ""
    country: str = ""

    def key(self) -> str:
        """The cache key prefix of these filters."""
        return _key("keywords.list", self.phone_number, self.keyword, self.country)

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``client.keywords.list``."""
        return {
            "phone_numbers": self.phone_number or None,
            "keywords": self.keyword or None,
            "country": self.country or None,
        }


# --- pages ---------------------------------------------------------------------------------


def _page(
    account: CMAccount,
    key_prefix: str,
    fetch: Callable[..., list[T]],
    number: int,
    page_size: int | None,
) -> Page[T] | UpstreamFailure:
    # Read at call time, not as a default argument, so a test can make pages smaller.
    page_size = page_size or PAGE_SIZE
    skip = skip_of(number, page_size)
    take = page_size + 1
    key = f"{key_prefix}.{skip}.{take}"
    got = upstream.fetch_or_failure(account, key, lambda client: fetch(client, skip, take))
    if upstream.is_failure(got):
        return got
    return page_of(got, number, page_size, read_at=upstream.read_at(account, key))


def numbers_page(
    account: CMAccount, filters: NumberFilters, number: int = 1, page_size: int | None = None
) -> Page[ApiPhoneNumberResponse] | UpstreamFailure:
    """One page of the shared and owned numbers."""
    return _page(
        account,
        filters.key(),
        lambda client, skip, take: client.numbers.list(skip=skip, take=take, **filters.kwargs()),
        number,
        page_size,
    )


def number_types_page(
    account: CMAccount, filters: NumberTypeFilters, number: int = 1, page_size: int | None = None
) -> Page[ApiNumberTypeResponse] | UpstreamFailure:
    """One page of the number types with their costs."""
    return _page(
        account,
        filters.key(),
        lambda client, skip, take: client.numbers.list_types(
            skip=skip, take=take, **filters.kwargs()
        ),
        number,
        page_size,
    )


@dataclass(frozen=True)
class RequestRow:
    """A number request as the requests list shows it."""

    request: ApiNumberRequestResponse

    @property
    def status(self) -> str:
        """Pending, Active, Cancelled or Closed."""
        if self.request.cancelled_on_utc is not None:
            return "Cancelled"
        if self.request.is_pending:
            return "Pending"
        if self.request.is_active:
            return "Active"
        return "Closed"

    @property
    def expected_on(self) -> datetime | None:
        """When a pending request should get its number: created + the type's processing days."""
        kind = self.request.number_type
        created = self.request.created_on_utc
        if not self.request.is_pending or created is None or kind is None:
            return None
        return expected_by(created, kind.number_request_processing_days)


def number_requests_page(
    account: CMAccount, filters: RequestFilters, number: int = 1, page_size: int | None = None
) -> Page[RequestRow] | UpstreamFailure:
    """One page of number requests; pending ones know their expected date."""
    got = _page(
        account,
        filters.key(),
        lambda client, skip, take: client.numbers.list_requests(
            skip=skip, take=take, **filters.kwargs()
        ),
        number,
        page_size,
    )
    if upstream.is_failure(got):
        return got
    return Page(
        items=[RequestRow(request) for request in got.items],
        number=got.number,
        size=got.size,
        has_next=got.has_next,
        read_at=got.read_at,
    )


def keywords_page(
    account: CMAccount, filters: KeywordFilters, number: int = 1, page_size: int | None = None
) -> Page[ApiKeywordClaimResponse] | UpstreamFailure:
    """One page of claimed keywords."""
    return _page(
        account,
        filters.key(),
        lambda client, skip, take: client.keywords.list(skip=skip, take=take, **filters.kwargs()),
        number,
        page_size,
    )


# --- one item ------------------------------------------------------------------------------


def number_key(phone_number_id: str) -> str:
    """Cache key of one number."""
    return _key("numbers.detail", phone_number_id)


def claim_key(keyword_claim_id: str) -> str:
    """Cache key of one keyword claim."""
    return _key("keywords.detail", keyword_claim_id)


def verify_key(keyword_claim_id: str) -> str:
    """Cache key of a claim's verification."""
    return _key("keywords.verify", keyword_claim_id)


def _get_number(phone_number_id: str) -> Callable[[ChannelsClient], ApiPhoneNumberResponse]:
    return lambda client: client.numbers.get(phone_number_id)


def number_detail(
    account: CMAccount, phone_number_id: str
) -> ApiPhoneNumberResponse | UpstreamFailure:
    """One number with its type, costs and since when it is owned."""
    return upstream.fetch_or_failure(
        account, number_key(phone_number_id), _get_number(phone_number_id)
    )


@dataclass(frozen=True)
class NumberCancelPage:
    """The cancel page's two resources: the number, and the keywords claimed on it."""

    phone_number_id: str
    number: ApiPhoneNumberResponse | UpstreamFailure
    keywords: Page[ApiKeywordClaimResponse] | UpstreamFailure

    @property
    def owned(self) -> bool:
        """Only an owned number can be given up: a shared one is not the account's."""
        return not upstream.is_failure(self.number) and self.number.owned_since_utc is not None


def number_cancel_page(account: CMAccount, phone_number_id: str) -> NumberCancelPage:
    """The number and (up to KEYWORDS_ON_NUMBER of) its keyword claims, read concurrently."""
    filters = KeywordFilters(phone_number=phone_number_id)
    take = KEYWORDS_ON_NUMBER + 1
    keywords_key = f"{filters.key()}.0.{take}"
    got = upstream.fetch_many(
        account,
        {
            number_key(phone_number_id): _get_number(phone_number_id),
            keywords_key: lambda client: client.keywords.list(
                skip=0, take=take, **filters.kwargs()
            ),
        },
    )
    claims = got[keywords_key]
    if not upstream.is_failure(claims):
        claims = page_of(claims, 1, KEYWORDS_ON_NUMBER)
    return NumberCancelPage(
        phone_number_id=phone_number_id,
        number=got[number_key(phone_number_id)],
        keywords=claims,
    )


def keyword_claim(
    account: CMAccount, keyword_claim_id: str
) -> ApiKeywordClaimResponse | UpstreamFailure:
    """One keyword claim."""
    return upstream.fetch_or_failure(
        account,
        claim_key(keyword_claim_id),
        lambda client: client.keywords.get(keyword_claim_id),
    )


@dataclass(frozen=True)
class ClaimParts:
    """The claim page's two resources: the claim and what "Verify a claim" says of it."""

    claim: ApiKeywordClaimResponse | UpstreamFailure | None
    """None when it was not asked for (a retry of the verification alone)."""
    issues: list[str] | UpstreamFailure | None


def keyword_claim_parts(
    account: CMAccount, keyword_claim_id: str, *, claim: bool = True, issues: bool = True
) -> ClaimParts:
    """The claim and its verification, read concurrently (either may be skipped)."""
    calls: dict[str, upstream.Call] = {}
    if claim:
        calls[claim_key(keyword_claim_id)] = lambda client: client.keywords.get(keyword_claim_id)
    if issues:
        calls[verify_key(keyword_claim_id)] = lambda client: client.keywords.verify(
            keyword_claim_id
        )
    got = upstream.fetch_many(account, calls)
    return ClaimParts(
        claim=got.get(claim_key(keyword_claim_id)),
        issues=got.get(verify_key(keyword_claim_id)),
    )


# --- the claim form's number picker --------------------------------------------------------


@dataclass(frozen=True)
class NumberChoices:
    """The numbers a keyword can be claimed on, from one page of the numbers list."""

    choices: list[tuple[str, str]] = field(default_factory=list)
    more: bool = False
    """More numbers match than the picker shows: narrow with a search."""
    left_out: int = 0
    """Numbers on the page that cannot receive SMS, so no keyword can be claimed on them."""


def category_label(category: str | None) -> str:
    """``SHORTCODE`` → ``short code`` (lower case: it is said inside a sentence); an unknown
    category as CM.com spells it, lower-cased (and logged once, by ``core.labels``)."""
    return label(NUMBER_CATEGORY, (category or "").upper()).lower()


def number_label(number: ApiPhoneNumberResponse) -> str:
    """How a number reads in a list: ``3010 — shared NL short code``."""
    kind = number.number_type
    ownership = "shared" if number.is_shared else "owned"
    what = f" {kind.country or ''} {category_label(kind.category)}".rstrip() if kind else ""
    return f"{number.number or number.id} — {ownership}{what}"


def claim_number_choices(account: CMAccount, query: str = "") -> NumberChoices | UpstreamFailure:
    """Shared and owned numbers that can receive SMS, first PICKER_SIZE matching ``query``."""
    page = numbers_page(account, NumberFilters(query=query), 1, PICKER_SIZE)
    if upstream.is_failure(page):
        return page
    usable = [n for n in page.items if n.number_type is None or "SMS" in n.number_type.purpose]
    return NumberChoices(
        choices=[(str(n.id), number_label(n)) for n in usable if n.id],
        more=page.has_next,
        left_out=len(page.items) - len(usable),
    )


# --- exports -------------------------------------------------------------------------------


def _export(
    account: CMAccount, method: Callable[[ChannelsClient], Callable[..., list[T]]], **kwargs: Any
) -> Iterator[T] | UpstreamFailure:
    """Every item of a list, page by page; the first page is read before anything is sent to
    the browser, so a failure can still be shown as a page rather than a broken download."""
    try:
        client = upstream.client_for(account)
    except TokenDecryptionError as error:
        return upstream.describe_failure(error)
    fetch = method(client)
    try:
        first = fetch(skip=0, take=EXPORT_PAGE_SIZE, **kwargs) or []
    except errors.ChannelsAPIError as error:
        client.close()
        return upstream.describe_failure(error)

    def fetch_page(*, skip: int, take: int, **more: Any) -> list[T]:
        return first if skip == 0 else fetch(skip=skip, take=take, **more)

    def walk() -> Iterator[T]:
        try:
            yield from iterate_pages(fetch_page, page_size=EXPORT_PAGE_SIZE, **kwargs)
        finally:
            client.close()

    return walk()


def export_numbers(
    account: CMAccount, filters: NumberFilters
) -> Iterator[ApiPhoneNumberResponse] | UpstreamFailure:
    """Every number matching ``filters``, for the CSV export."""
    return _export(account, lambda client: client.numbers.list, **filters.kwargs())


def export_keywords(
    account: CMAccount, filters: KeywordFilters
) -> Iterator[ApiKeywordClaimResponse] | UpstreamFailure:
    """Every keyword claim matching ``filters``, for the CSV export."""
    return _export(account, lambda client: client.keywords.list, **filters.kwargs())
