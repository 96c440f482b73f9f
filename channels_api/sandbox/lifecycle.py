"""What finishes later, computed against the sandbox clock.

Whatever is pending moves on ``approve_after`` seconds (``--approve-after``, default 60)
after it became pending, measured on the sandbox clock (``POST /_sandbox/clock`` moves it):

- a pending channel request is fulfilled (stage LIVE, completeness 100), and with a WhatsApp
  request its business account;
- a pending number request gets a phone number (``phoneNumberId``), which the account then
  owns;
- a template language whose validation was requested is approved, or rejected with the
  reasons ``channels_api.template_rules`` gives (``check_template_name`` and
  ``check_template_content``), joined with spaces;
- a pending profile whose OTP was processed becomes active.

The moment recorded (``fulfilledOnUtc``, ``rejectedOnUtc``) is when it fell due, not when a
request happened to notice. Nothing else changes by itself: drafts, incomplete templates and
profiles waiting for their OTP wait for the client.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from channels_api.sandbox.seed import make_number
from channels_api.sandbox.state import (
    ACTIVE,
    FAR_FUTURE,
    PENDING,
    REJECTED,
    REQUESTED,
    STAGE_INFO,
    AccountState,
    PhoneNumber,
)
from channels_api.template_rules import check_template_content, check_template_name


def tick(account: AccountState, now: datetime, approve_after: float) -> None:
    """Move everything in ``account`` that fell due by ``now``; call with the lock held."""
    if account.next_due is not None and now < account.next_due:
        return
    delay = timedelta(seconds=approve_after)
    next_due = FAR_FUTURE

    def due(since: datetime | None) -> datetime | None:
        """The due moment when it has passed; else None (and remember the earliest)."""
        nonlocal next_due
        if since is None:
            return None
        moment = since + delay
        if moment <= now:
            return moment
        next_due = min(next_due, moment)
        return None

    for request in account.channel_requests.values():
        if request.is_pending and (moment := due(request.pending_since)):
            request.fulfilled = moment
            request.stage = "LIVE"
            request.completeness = STAGE_INFO["LIVE"][0]
            request.pending_since = None
    for business in account.business_accounts.values():
        if business.is_pending and (moment := due(business.pending_since)):
            business.fulfilled = moment
            business.pending_since = None
        for template in business.templates.values():
            name_reasons = check_template_name(template.name)
            for language in template.languages.values():
                if language.state not in (REQUESTED, PENDING):
                    continue
                moment = due(language.requested_at)
                if not moment:
                    continue
                reasons = name_reasons + check_template_content(
                    language.content, len(template.fields)
                )
                language.requested_at = None
                language.updated = moment
                if reasons:
                    language.state = REJECTED
                    language.rejection_reason = " ".join(reasons)
                    language.rejected = moment
                else:
                    language.state = ACTIVE
                    language.rejection_reason = None
                    language.fulfilled = moment
                template.updated = max(template.updated, moment)
        for profile in business.profiles.values():
            if (
                profile.is_pending
                and profile.is_otp_processed
                and (moment := due(profile.otp_processed_at))
            ):
                profile.is_pending = False
                profile.is_active = True
                profile.fulfilled = moment
                profile.otp_processed_at = None
    for request in account.number_requests.values():
        if request.is_pending and (moment := due(request.pending_since)):
            kind = account.number_types[request.number_type_id]
            rng = random.Random(request.id)
            taken = {n.number for n in account.phone_numbers.values()}
            number_id = str(rng.randint(10**9, 10**10 - 1))
            while number_id in account.phone_numbers:
                number_id = str(rng.randint(10**9, 10**10 - 1))
            account.phone_numbers[number_id] = PhoneNumber(
                id=number_id,
                number=make_number(rng, kind.country, kind.category, taken),
                number_type_id=kind.id,
                is_shared=False,
                owned_since=moment,
                number_request_id=request.id,
            )
            request.phone_number_id = number_id
            request.fulfilled = moment
            request.pending_since = None
    account.next_due = next_due
