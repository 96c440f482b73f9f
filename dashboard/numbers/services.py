"""Writes on phone numbers and keyword claims, each audited and each dropping what it changed.

The two calls that cost money have a dry run (``simulate=true``): ``*_simulate`` is audited
as such (action ``….simulate``) and changes nothing upstream, so it invalidates nothing.
The real writes record what was sent, and ``before`` (cancels) or ``after`` (creates) in the
audit entry's ``sent``. A real write invalidates its cache keys even when it fails without an
answer (a timeout), because CM.com may have carried it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from channels_api import errors
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiKeywordClaimResponse,
    ApiNumberRequestResponse,
    ApiPhoneNumberResponse,
)
from dashboard import audit
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import Outcome
from dashboard.core import upstream
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


def _number_request(
    actor: Actor, account: CMAccount, number_type_id: str, *, simulate: bool
) -> ApiNumberRequestResponse:
    """Rent a number of a type, or (``simulate``) only ask what it would cost: the same call
    and audit entry, but a dry run records no "after" and changes nothing to invalidate."""
    dry = {"simulate": True} if simulate else {}
    return _write(
        actor=actor,
        account=account,
        action="number_request.simulate" if simulate else "number_request.create",
        target=number_type_id,
        sent={"numberTypeId": number_type_id, **dry},
        status=CREATED,
        call=lambda c: c.numbers.request(number_type_id, **dry),
        describe=(lambda r: f"Dry run: {_describe_request(r)}") if simulate else _describe_request,
        after=not simulate,
        # A request is a new channel too (the overview counts channels).
        invalidates=() if simulate else (NUMBER_REQUESTS, CHANNELS),
    )


def number_request_simulate(
    *, actor: Actor, account: CMAccount, number_type_id: str
) -> ApiNumberRequestResponse:
    """The dry run of renting a number of a type: what it would cost; nothing is requested."""
    return _number_request(actor, account, number_type_id, simulate=True)


def number_request_create(
    *, actor: Actor, account: CMAccount, number_type_id: str
) -> ApiNumberRequestResponse:
    """Rent a number of a type (after its dry run was confirmed)."""
    return _number_request(actor, account, number_type_id, simulate=False)


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
        call=lambda c: c.numbers.cancel(phone_number_id),
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


def _keyword_claim(
    actor: Actor, account: CMAccount, phone_number_id: str, keyword: str, *, simulate: bool
) -> ApiKeywordClaimResponse:
    """Claim ``keyword`` on a number, or (``simulate``) only ask what it would cost: the same
    call and audit entry, but a dry run records no "after" and changes nothing to invalidate."""
    dry = {"simulate": True} if simulate else {}
    return _write(
        actor=actor,
        account=account,
        action="keyword_claim.simulate" if simulate else "keyword_claim.create",
        target=f"{keyword} on {phone_number_id}",
        sent={"phoneNumberId": phone_number_id, "keyword": keyword, **dry},
        status=CREATED,
        call=lambda c: c.keywords.claim(phone_number_id=phone_number_id, keyword=keyword, **dry),
        describe=(lambda claim: f"Dry run: {_describe_claim(claim)}")
        if simulate
        else _describe_claim,
        after=not simulate,
        invalidates=() if simulate else (KEYWORDS, CHANNELS),
    )


def keyword_claim_simulate(
    *, actor: Actor, account: CMAccount, phone_number_id: str, keyword: str
) -> ApiKeywordClaimResponse:
    """The dry run of claiming ``keyword`` on a number: cost and problems; nothing is claimed."""
    return _keyword_claim(actor, account, phone_number_id, keyword, simulate=True)


def keyword_claim_create(
    *, actor: Actor, account: CMAccount, phone_number_id: str, keyword: str
) -> ApiKeywordClaimResponse:
    """Claim ``keyword`` on a number (after its dry run was confirmed)."""
    return _keyword_claim(actor, account, phone_number_id, keyword, simulate=False)


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
        call=lambda c: c.keywords.cancel(claim_id),
        describe=lambda _: f"Cancelled {claim.keyword} on {claim.phone_number}",
        invalidates=(KEYWORDS, CHANNELS),
    )
