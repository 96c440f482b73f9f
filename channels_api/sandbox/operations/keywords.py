"""The Keyword claims group (5 operations).

A claim names its number by ``phoneNumberId`` or ``phoneNumber`` (NOTES rule 5; either may
hold the number's id or the number itself, with ``+`` or ``00``) and answers with both.
Keywords are trimmed and upper-cased and must be 1 to 20 characters of A-Z and 0-9; the
number must be shared or owned and able to send SMS; the same keyword twice on one number is
409. ``simulate=true`` checks everything and answers 201 with the would-be claim, storing
nothing. Claims on a reserved keyword (STOP, HELP, INFO, ...) are allowed and reported by
verify.
"""

from __future__ import annotations

import contextlib
import re

from channels_api.phone import InvalidPhoneNumber, normalise_phone_number
from channels_api.sandbox import catalog, serialize
from channels_api.sandbox.operations.base import Ctx, Reply, empty, ok, route
from channels_api.sandbox.operations.channels import add_channel, remove_channel
from channels_api.sandbox.seed import new_id
from channels_api.sandbox.state import AccountState, ChannelRef, KeywordClaim, PhoneNumber
from channels_api.sandbox.validation import (
    bad_request,
    conflict,
    field,
    not_found,
    paginate,
    parse_uuid,
)

KEYWORD = re.compile(r"[A-Z0-9]{1,20}")
COUNTRY = re.compile(r"[A-Za-z]{2}")


def normalise_keyword(value: object) -> str:
    if not isinstance(value, str):
        raise bad_request("keyword must be a string.")
    keyword = value.strip().upper()
    if not keyword:
        raise bad_request("A keyword cannot be blank.")
    if not KEYWORD.fullmatch(keyword):
        raise bad_request(
            f"{keyword!r} is not a valid keyword: use 1 to 20 letters A-Z and digits 0-9."
        )
    return keyword


def number_candidates(value: str) -> set[str]:
    """The spellings ``value`` may match: as given, digits only, and as 00-normalised."""
    text = value.strip()
    result = {text, re.sub(r"[\s().\-/]", "", text)}
    with contextlib.suppress(InvalidPhoneNumber):
        result.add(normalise_phone_number(text))
    return {r for r in result if r}


def find_number(account: AccountState, value: str) -> PhoneNumber | None:
    """A shared or owned number by id or by number."""
    candidates = number_candidates(value)
    for number in account.available_numbers():
        if number.id in candidates or number.number in candidates:
            return number
    return None


def check_country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not COUNTRY.fullmatch(value.strip()):
        raise bad_request(f"country must be a two-letter ISO 3166 code such as NL; got {value!r}.")
    return value.strip().upper()


@route("POST", "/accounts/<account_id>/keywords")
def claim_keyword(ctx: Ctx) -> Reply:
    simulate = bool(ctx.query.bool("simulate"))
    data = ctx.body_object()
    reference = field(data, "phoneNumberId", "phoneNumber")
    if reference is None or (isinstance(reference, str) and not reference.strip()):
        raise bad_request("The claim needs phoneNumberId: the number to claim the keyword on.")
    if not isinstance(reference, str):
        raise bad_request("phoneNumberId must be a string.")
    keyword = normalise_keyword(field(data, "keyword"))
    account = ctx.account
    number = find_number(account, reference)
    if number is None:
        raise not_found(f"There is no shared or owned phone number {reference!r}.")
    kind = account.number_types[number.number_type_id]
    if "SMS" not in kind.purposes:
        raise bad_request(
            f"{number.number} cannot receive SMS, so no keyword can be claimed on it."
        )
    for claim in account.keyword_claims.values():
        if claim.phone_number_id == number.id and claim.keyword == keyword:
            raise conflict(f"{keyword} is already claimed on {number.number}.")
    claim = KeywordClaim(new_id(), new_id(), number.id, keyword, ctx.now)
    if not simulate:
        account.keyword_claims[claim.id] = claim
        add_channel(account, claim.channel_id, ChannelRef("keywords", claim.id))
    return ok(serialize.keyword_claim(claim, account), 201)


@route("GET", "/accounts/<account_id>/keywords")
def list_keywords(ctx: Ctx) -> Reply:
    account = ctx.account
    numbers: set[str] = set()
    for value in ctx.query.getlist("phoneNumber"):
        found = number_candidates(value)
        if not any(re.fullmatch(r"\d+", f) for f in found):
            raise bad_request(f"phoneNumber {value!r} is neither a phone number nor an id.")
        numbers |= found
    keywords = {k.strip().upper() for k in ctx.query.getlist("keyword")}
    country = check_country(ctx.query.get("country"))
    items = []
    for claim in account.keyword_claims.values():
        number = account.phone_numbers[claim.phone_number_id]
        if numbers and number.id not in numbers and number.number not in numbers:
            continue
        if keywords and claim.keyword not in keywords:
            continue
        if country and account.number_types[number.number_type_id].country != country:
            continue
        items.append(claim)
    return ok([serialize.keyword_claim(c, account) for c in paginate(items, ctx.query)])


def _claim(ctx: Ctx, claim_id: str) -> KeywordClaim:
    key = parse_uuid(claim_id, "keywordClaimId")
    claim = ctx.account.keyword_claims.get(key)
    if claim is None:
        raise not_found(f"There is no keyword claim {key}.")
    return claim


@route("GET", "/accounts/<account_id>/keywords/<claim_id>")
def get_keyword(ctx: Ctx, claim_id: str) -> Reply:
    return ok(serialize.keyword_claim(_claim(ctx, claim_id), ctx.account))


@route("DELETE", "/accounts/<account_id>/keywords/<claim_id>")
def cancel_keyword(ctx: Ctx, claim_id: str) -> Reply:
    claim = _claim(ctx, claim_id)
    del ctx.account.keyword_claims[claim.id]
    remove_channel(ctx.account, claim.channel_id)
    return empty(204)


@route("GET", "/accounts/<account_id>/keywords/<claim_id>/verify")
def verify_keyword(ctx: Ctx, claim_id: str) -> Reply:
    claim = _claim(ctx, claim_id)
    account = ctx.account
    number = account.phone_numbers[claim.phone_number_id]
    issues = []
    if claim.keyword in catalog.RESERVED_KEYWORDS:
        issues.append(
            f"{claim.keyword} is a reserved keyword: operators answer it themselves, so "
            "messages with it may never reach you."
        )
    if not number.is_shared and number.owned_since is None:
        issues.append(
            f"The phone number {number.number} is no longer yours: the keyword cannot "
            "receive messages."
        )
    if "SMS" not in account.number_types[number.number_type_id].purposes:
        issues.append(f"The phone number {number.number} cannot receive SMS.")
    return ok(issues)
