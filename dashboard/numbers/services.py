"""Writes on phone numbers and keyword claims, each audited and each dropping what it changed.

The two calls that cost money have a dry run (``simulate=true``): ``*_simulate`` is audited
as such (action ``….simulate``) and changes nothing upstream, so it invalidates nothing.
The real writes record what was sent, and ``before`` (cancels) or ``after`` (creates) in the
audit entry's ``sent``. A real write invalidates its cache keys even when it fails without an
answer (a timeout), because CM.com may have carried it out.

The real creates are POSTs, which the client never repeats: they go through ``upstream.write``,
which sends once and, when the answer is lost (timeout, 5xx, unreadable), reads the requests or
claims to find out whether it happened. They answer an ``upstream.WriteResult`` (never raise
for CM.com), so the page can say what the check found and offer to send again only when it
surely did not happen. The dry runs and the cancels (DELETE, repeated safely) raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

from channels_api import errors, fetch_all
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiKeywordClaimResponse,
    ApiNumberRequestResponse,
    ApiPhoneNumberResponse,
)
from dashboard import audit, upstream
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import Outcome
from dashboard.core.selectors import CHANNELS
from dashboard.numbers.selectors import KEYWORDS, NUMBER_REQUESTS, NUMBERS

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

T = TypeVar("T")

# The statuses endpoints.tsv documents for success; the client returns models, not statuses.
CREATED = 201
NO_CONTENT = 204


def _snapshot(model: Any) -> dict[str, Any]:
    """A model as JSON for the audit trail (camelCase, as CM.com spells it)."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _write(
    *,
    actor: Actor,
    account: CMAccount,
    action: str,
    target: str,
    sent: dict[str, Any],
    status: int,
    call: Callable[[ChannelsClient], T],
    describe: Callable[[T], str] | None = None,
    after: bool = False,
    invalidates: Iterable[str] = (),
) -> T:
    """Run one upstream write inside an audit entry; invalidate ``invalidates`` afterwards."""
    try:
        client = upstream.client_for(account)
    except TokenDecryptionError as error:
        audit.record(
            actor=actor,
            account=account,
            action=action,
            target=target,
            sent=sent,
            outcome=Outcome.FAILED,
            message=upstream.describe_failure(error).message,
        )
        raise
    try:
        with (
            client,
            audit.audited(
                actor=actor, account=account, action=action, target=target, sent=sent
            ) as result,
        ):
            value = call(client)
            result["upstream_status"] = status
            if after and value is not None:
                result["after"] = _snapshot(value)
            if describe is not None:
                result["message"] = describe(value)
    except errors.ChannelsAPIError as error:
        refused = isinstance(error, errors.HTTPStatusError) and (error.status or 0) < 500
        if not refused:  # no clear answer: it may have happened, so forget what we knew
            for prefix in invalidates:
                upstream.invalidate(account, prefix)
        raise
    for prefix in invalidates:
        upstream.invalidate(account, prefix)
    return value


def _money(currency: str | None, amount: Any) -> str:
    shown = "?" if amount is None else f"{amount:,.2f}"
    return f"{currency or ''} {shown}".strip()


# --- dedicated numbers ---------------------------------------------------------------------


def _describe_request(request: ApiNumberRequestResponse) -> str:
    kind = request.number_type
    if kind is None:
        return f"request {request.id}"
    return (
        f"{kind.description or kind.id}: {_money(kind.currency, kind.startup_cost)} start-up, "
        f"{_money(kind.currency, kind.monthly_cost)} a month, "
        f"{kind.number_request_processing_days} processing day(s)"
    )


# How far CM.com's clock may be behind ours and still date a request "since we sent it".
CLOCK_SKEW = timedelta(minutes=2)


def number_request_simulate(
    *, actor: Actor, account: CMAccount, number_type_id: str
) -> ApiNumberRequestResponse:
    """The dry run of renting a number of a type: what it would cost; nothing is requested.

    Audited as ``number_request.simulate``; it changes nothing, so it invalidates nothing.
    """
    return _write(
        actor=actor,
        account=account,
        action="number_request.simulate",
        target=number_type_id,
        sent={"numberTypeId": number_type_id, "simulate": True},
        status=CREATED,
        call=lambda client: client.numbers.request(number_type_id, simulate=True),
        describe=lambda r: f"Dry run: {_describe_request(r)}",
    )


def number_request_create(
    *, actor: Actor, account: CMAccount, number_type_id: str
) -> upstream.WriteResult[ApiNumberRequestResponse]:
    """Rent a number of a type (after its dry run was confirmed).

    A lost answer is checked against the requests of that type CM.com has now.
    """
    sent_at = timezone.now()
    return upstream.audited_write(
        actor=actor,
        account=account,
        action="number_request.create",
        target=number_type_id,
        sent={"numberTypeId": number_type_id},
        call=lambda client: client.numbers.request(number_type_id),
        verify=lambda client: _number_request_since(client, number_type_id, sent_at),
        what="the number request",
        describe=_describe_request,
        status=CREATED,
        after=_snapshot,
        # A request is a new channel too (the overview counts channels).
        invalidates=(NUMBER_REQUESTS, CHANNELS),
    )


def _number_request_since(
    client: ChannelsClient, number_type_id: str, sent_at: datetime
) -> ApiNumberRequestResponse | None:
    """The newest request of the type CM.com dates from about ``sent_at`` on, or None.

    The API has no idempotency key, so a request of the type made within the clock skew
    before counts too: that is the duplicate the person must not make by sending again.
    """
    since = sent_at - CLOCK_SKEW
    made = [
        request
        for request in fetch_all(client.numbers.list_requests)
        if request.number_type is not None
        and (request.number_type.id or "").lower() == number_type_id.lower()
        and request.created_on_utc is not None
        and request.created_on_utc >= since
    ]
    return max(made, key=lambda r: r.created_on_utc or since) if made else None


def number_cancel(*, actor: Actor, account: CMAccount, number: ApiPhoneNumberResponse) -> None:
    """Give an owned number up: blocked at once, billed to the end of the month."""
    phone_number_id = str(number.id)
    _write(
        actor=actor,
        account=account,
        action="number.cancel",
        target=f"{number.number} ({phone_number_id})",
        sent={"phoneNumberId": phone_number_id, "before": _snapshot(number)},
        status=NO_CONTENT,
        call=lambda client: client.numbers.cancel(phone_number_id),
        describe=lambda _: f"Cancelled ownership of {number.number}",
        # The number leaves the list, its request shows cancelled, claims on it fail verify.
        invalidates=(NUMBERS, KEYWORDS, CHANNELS),
    )


# --- keyword claims ------------------------------------------------------------------------


def _describe_claim(claim: ApiKeywordClaimResponse) -> str:
    return (
        f"{claim.keyword} on {claim.phone_number}: "
        f"{_money(claim.currency, claim.startup_cost)} start-up, "
        f"{_money(claim.currency, claim.monthly_cost)} a month"
    )


def keyword_claim_simulate(
    *, actor: Actor, account: CMAccount, phone_number_id: str, keyword: str
) -> ApiKeywordClaimResponse:
    """The dry run of claiming ``keyword`` on a number: cost and problems; nothing is claimed.

    Audited as ``keyword_claim.simulate``; it changes nothing, so it invalidates nothing.
    """
    return _write(
        actor=actor,
        account=account,
        action="keyword_claim.simulate",
        target=f"{keyword} on {phone_number_id}",
        sent={"phoneNumberId": phone_number_id, "keyword": keyword, "simulate": True},
        status=CREATED,
        call=lambda client: client.keywords.claim(
            phone_number_id=phone_number_id, keyword=keyword, simulate=True
        ),
        describe=lambda claim: f"Dry run: {_describe_claim(claim)}",
    )


def keyword_claim_create(
    *, actor: Actor, account: CMAccount, phone_number_id: str, keyword: str
) -> upstream.WriteResult[ApiKeywordClaimResponse]:
    """Claim ``keyword`` on a number (after its dry run was confirmed).

    A lost answer is checked against the claims of that keyword CM.com has now.
    """
    return upstream.audited_write(
        actor=actor,
        account=account,
        action="keyword_claim.create",
        target=f"{keyword} on {phone_number_id}",
        sent={"phoneNumberId": phone_number_id, "keyword": keyword},
        call=lambda client: client.keywords.claim(phone_number_id=phone_number_id, keyword=keyword),
        verify=lambda client: _claim_of(client, phone_number_id, keyword),
        what=f"the claim of {keyword}",
        describe=_describe_claim,
        status=CREATED,
        after=_snapshot,
        invalidates=(KEYWORDS, CHANNELS),
    )


def _digits(number: str | None) -> str:
    """A number as its digits without the international prefix: ``+31 6…``, ``0031 6…`` and
    ``316…`` are the same number."""
    return "".join(ch for ch in number or "" if ch.isdigit()).lstrip("0")


def _claim_of(
    client: ChannelsClient, phone_number_id: str, keyword: str
) -> ApiKeywordClaimResponse | None:
    """The claim of ``keyword`` on the number, when CM.com has one (a keyword is claimed once
    per number, so one that is there now is this write's)."""
    wanted = _digits(phone_number_id)
    for claim in fetch_all(client.keywords.list, keywords=keyword):
        same_keyword = (claim.keyword or "").casefold() == keyword.casefold()
        if same_keyword and wanted in (_digits(claim.phone_number_id), _digits(claim.phone_number)):
            return claim
    return None


def keyword_claim_cancel(
    *, actor: Actor, account: CMAccount, claim: ApiKeywordClaimResponse
) -> None:
    """Give a keyword up: blocked at once, billed to the end of the month."""
    claim_id = str(claim.id)
    _write(
        actor=actor,
        account=account,
        action="keyword_claim.cancel",
        target=f"{claim.keyword} on {claim.phone_number} ({claim_id})",
        sent={"keywordClaimId": claim_id, "before": _snapshot(claim)},
        status=NO_CONTENT,
        call=lambda client: client.keywords.cancel(claim_id),
        describe=lambda _: f"Cancelled {claim.keyword} on {claim.phone_number}",
        invalidates=(KEYWORDS, CHANNELS),
    )
