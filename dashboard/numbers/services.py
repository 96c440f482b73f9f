"""Writes on phone numbers and keyword claims, each audited and each dropping what it changed.

The two calls that cost money have a dry run (``simulate=true``): ``*_simulate`` is audited
as such (action ``….simulate``) and changes nothing upstream, so it invalidates nothing.
The real writes record what was sent, and ``before`` (cancels) or ``after`` (creates) in the
audit entry's ``sent``. A real write invalidates its cache keys even when it fails without an
answer (a timeout), because CM.com may have carried it out.

Every write goes through ``upstream.write`` and answers an ``upstream.WriteResult`` (none
raises for CM.com). The real creates are POSTs, which the client never repeats: when the
answer is lost (timeout, 5xx, unreadable), a read of the requests or claims finds out whether
it happened, so the page can say what the check found and offer to send again only when it
surely did not happen. The dry runs and the cancels (DELETE) are repeated safely by the
client, and are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

from channels_api import fetch_all
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiKeywordClaimResponse,
    ApiNumberRequestResponse,
    ApiPhoneNumberResponse,
)
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core.selectors import CHANNELS
from dashboard.core.wording import Said
from dashboard.numbers.selectors import KEYWORDS, NUMBER_REQUESTS, NUMBERS
from dashboard.numbers.wording import say

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
    invalidates: Iterable[str] = (),
    may_have_happened: str | None = None,
) -> upstream.WriteResult[T]:
    """A dry run or a cancel: calls the client repeats safely, so a lost answer is not
    checked. ``invalidates`` is dropped whenever it reached CM.com (one that timed out may
    have happened)."""
    return upstream.write(
        account,
        call,
        invalidates=invalidates,
        repeatable=True,
        may_have_happened=may_have_happened,
        audit=upstream.AuditRecord(
            actor=actor, action=action, target=target, sent=sent, status=status, describe=describe
        ),
    )


def _cancel_may_have_happened() -> Said:
    """A cancel whose answer did not come back may still have been carried out: said when
    the cancel runs, in the language of who sent it (with its key, for who reads it later)."""
    return say("cancel_may_have_happened")


def _money(currency: str | None, amount: Any) -> str:
    shown = "?" if amount is None else f"{amount:,.2f}"
    return f"{currency or ''} {shown}".strip()


# --- dedicated numbers ---------------------------------------------------------------------


def _describe_request(request: ApiNumberRequestResponse) -> Said:
    """What a request costs, for its audit entry: said in the actor's language, kept as parts
    for the admin who reads it (the type's name and the amounts as CM.com gave them)."""
    kind = request.number_type
    if kind is None:
        return say("request_of", id=str(request.id))
    costs = {
        "kind": str(kind.description or kind.id),
        "startup": _money(kind.currency, kind.startup_cost),
        "monthly": _money(kind.currency, kind.monthly_cost),
    }
    days = kind.number_request_processing_days
    if days is None:
        return say("request_costs_no_days", **costs)
    return say("request_costs", days=days, **costs)


# How far CM.com's clock may be behind ours and still date a request "since we sent it".
CLOCK_SKEW = timedelta(minutes=2)


def number_request_simulate(
    *, actor: Actor, account: CMAccount, number_type_id: str
) -> upstream.WriteResult[ApiNumberRequestResponse]:
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
        describe=lambda r: say("dry_run", what=_describe_request(r)),
    )


def number_request_create(
    *, actor: Actor, account: CMAccount, number_type_id: str
) -> upstream.WriteResult[ApiNumberRequestResponse]:
    """Rent a number of a type (after its dry run was confirmed).

    A lost answer is checked against the requests of that type CM.com has now.
    """
    sent_at = timezone.now()
    return upstream.write(
        account,
        lambda client: client.numbers.request(number_type_id),
        verify=lambda client: _number_request_since(client, number_type_id, sent_at),
        what=say("the_number_request"),
        invalidates=(NUMBER_REQUESTS, CHANNELS),
        audit=upstream.AuditRecord(
            actor=actor,
            action="number_request.create",
            target=number_type_id,
            sent={"numberTypeId": number_type_id},
            after=_snapshot,
            status=CREATED,
            describe=_describe_request,
        ),
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


def number_cancel(
    *, actor: Actor, account: CMAccount, number: ApiPhoneNumberResponse
) -> upstream.WriteResult[None]:
    """Give an owned number up: blocked at once, billed to the end of the month."""
    phone_number_id = str(number.id)
    return _write(
        actor=actor,
        account=account,
        action="number.cancel",
        target=f"{number.number} ({phone_number_id})",
        sent={"phoneNumberId": phone_number_id, "before": _snapshot(number)},
        status=NO_CONTENT,
        call=lambda client: client.numbers.cancel(phone_number_id),
        describe=lambda _: say("number_cancelled", number=str(number.number)),
        # The number leaves the list, its request shows cancelled, claims on it fail verify.
        invalidates=(NUMBERS, KEYWORDS, CHANNELS),
        may_have_happened=_cancel_may_have_happened(),
    )


# --- keyword claims ------------------------------------------------------------------------


def _describe_claim(claim: ApiKeywordClaimResponse) -> Said:
    """What a claim costs, for its audit entry (see ``_describe_request``)."""
    return say(
        "claim_costs",
        keyword=str(claim.keyword),
        number=str(claim.phone_number),
        startup=_money(claim.currency, claim.startup_cost),
        monthly=_money(claim.currency, claim.monthly_cost),
    )


def keyword_claim_simulate(
    *, actor: Actor, account: CMAccount, phone_number_id: str, keyword: str
) -> upstream.WriteResult[ApiKeywordClaimResponse]:
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
        describe=lambda claim: say("dry_run", what=_describe_claim(claim)),
    )


def keyword_claim_create(
    *, actor: Actor, account: CMAccount, phone_number_id: str, keyword: str
) -> upstream.WriteResult[ApiKeywordClaimResponse]:
    """Claim ``keyword`` on a number (after its dry run was confirmed).

    A lost answer is checked against the claims of that keyword CM.com has now.
    """
    return upstream.write(
        account,
        lambda client: client.keywords.claim(phone_number_id=phone_number_id, keyword=keyword),
        verify=lambda client: _claim_of(client, phone_number_id, keyword),
        what=say("the_claim", keyword=keyword),
        invalidates=(KEYWORDS, CHANNELS),
        audit=upstream.AuditRecord(
            actor=actor,
            action="keyword_claim.create",
            target=f"{keyword} on {phone_number_id}",
            sent={"phoneNumberId": phone_number_id, "keyword": keyword},
            after=_snapshot,
            status=CREATED,
            describe=_describe_claim,
        ),
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
) -> upstream.WriteResult[None]:
    """Give a keyword up: blocked at once, billed to the end of the month."""
    claim_id = str(claim.id)
    return _write(
        actor=actor,
        account=account,
        action="keyword_claim.cancel",
        target=f"{claim.keyword} on {claim.phone_number} ({claim_id})",
        sent={"keywordClaimId": claim_id, "before": _snapshot(claim)},
        status=NO_CONTENT,
        call=lambda client: client.keywords.cancel(claim_id),
        describe=lambda _: say(
            "claim_cancelled", keyword=str(claim.keyword), number=str(claim.phone_number)
        ),
        invalidates=(KEYWORDS, CHANNELS),
        may_have_happened=_cancel_may_have_happened(),
    )
