"""The demo's tracker history (``seed_demo``): a year of made-up approvals, so the
approval-time page has something to draw on ``make run``.

Every row is marked: ``upstream_id`` starts with ``demo-``, ``meta["demo"]`` is true and the
label says "(demo)". Dates are relative to the moment it is seeded; a second run adds
nothing. Nothing is sent to CM.com, and the poller never touches these rows (it only moves
items it reads). The numbers are drawn from a fixed seed, so every demo looks the same.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.tracker import stats
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind, status_of
from dashboard.tracker.wording import CHANNEL_REQUEST

PREFIX = "demo-"
TEMPLATES = 60
CHANNEL_REQUESTS = 6
NUMBER_REQUESTS = 6
NAMES = ("order_update", "delivery_notice", "spring_sale", "login_code", "invoice_ready")
GROUPS = (
    ("UTILITY", "English (US)", 5),
    ("UTILITY", "Dutch", 2),
    ("MARKETING", "English (US)", 2),
    ("MARKETING", "German", 1),
    ("AUTHENTICATION", "English (US)", 1),
)
REASON = "(demo) The template's content does not match its category."


def _item(
    account: CMAccount,
    kind: str,
    key: str,
    label: str,
    status: str,
    asked: datetime,
    last: datetime,
    **extra: object,
) -> TrackedItem:
    return TrackedItem(
        account=account,
        kind=kind,
        upstream_id=f"{PREFIX}{key}",
        label=label,
        status=status,
        rank=status_of(kind, status).rank,
        is_pending=status_of(kind, status).pending,
        first_seen=asked + timedelta(minutes=1),
        last_seen=last,
        last_change=last,
        **extra,
    )


def _templates(
    account: CMAccount, rng: random.Random, now: datetime
) -> list[tuple[TrackedItem, list[tuple[str, str, datetime]]]]:
    made = []
    weights = [weight for _, _, weight in GROUPS]
    for index in range(TEMPLATES):
        category, language, _ = rng.choices(GROUPS, weights=weights)[0]
        # More of them recently: a quarter of the year holds about 40% of them.
        ended = now - timedelta(days=0.5 + 363.5 * (index / (TEMPLATES - 1)) ** 1.5)
        took = timedelta(minutes=math.exp(rng.uniform(math.log(5), math.log(4 * 24 * 60))))
        outcome = "rejected" if rng.random() < 0.15 else "approved"
        asked = ended - took
        name = rng.choice(NAMES)
        item = _item(
            account,
            Kind.TEMPLATE,
            f"template-{index}",
            f"{name} (demo) · {language}",
            outcome,
            asked,
            ended,
            requested_at=asked - timedelta(days=2),
            version_at=ended,
            detail=REASON if outcome == "rejected" else "",
            meta={
                "demo": True,
                "language": language,
                "category": category,
                "review_requested_at": asked.isoformat(),
            },
        )
        moves = [("validation_requested", "pending", asked + min(took / 2, timedelta(minutes=20)))]
        made.append((item, [*moves, ("pending", outcome, ended)]))
    return made


def _requests(
    account: CMAccount, rng: random.Random, now: datetime
) -> list[tuple[TrackedItem, list[tuple[str, str, datetime]]]]:
    made = []
    kinds = (
        (Kind.CHANNEL_REQUEST, CHANNEL_REQUESTS, ("WhatsApp", "SMS"), 2, 10),
        (Kind.NUMBER_REQUEST, NUMBER_REQUESTS, ("Mobile number (NL)", "Long code (GB)"), 1, 5),
    )
    for kind, count, types, fastest, slowest in kinds:
        for index in range(count):
            kind_name = types[index % len(types)]
            ended = now - timedelta(days=3 + 350 * index / count)
            took = timedelta(hours=rng.uniform(fastest * 24, slowest * 24))
            meta: dict[str, object] = {"demo": True, "type": kind_name}
            if kind == Kind.CHANNEL_REQUEST:
                meta["phrase"] = CHANNEL_REQUEST  # worded where shown, as the poller's are
            item = _item(
                account,
                kind,
                f"{kind}-{index}",
                f"{kind_name} (demo)",
                "fulfilled",
                ended - took,
                ended,
                requested_at=ended - took,
                detail="(demo) Fulfilled.",
                meta=meta,
            )
            made.append((item, [("pending", "fulfilled", ended)]))
    return made


def _waiting(account: CMAccount, slow_after: timedelta, now: datetime) -> list[TrackedItem]:
    """Two languages waiting now: one longer than the group's 90th percentile, one not."""
    made = []
    for key, since in (("slow", now - slow_after), ("fresh", now - timedelta(minutes=5))):
        made.append(
            _item(
                account,
                Kind.TEMPLATE,
                f"template-waiting-{key}",
                f"{'back_in_stock' if key == 'slow' else 'welcome'} (demo) · English (US)",
                "pending",
                since,
                now,
                requested_at=since,
                expected_at=since + timedelta(hours=24),
                version_at=since,
                meta={"demo": True, "language": "English (US)", "category": "UTILITY"},
            )
        )
    return made


def seed_history(account: CMAccount, *, now: datetime | None = None) -> str:
    """Write the demo history unless the account has it; says what it did, in words."""
    if TrackedItem.objects.filter(account=account, upstream_id__startswith=PREFIX).exists():
        return "The demo tracker history is there already."
    now = now or timezone.now()
    rng = random.Random(16)  # the number: the same demo every time
    finished = _templates(account, rng, now) + _requests(account, rng, now)
    english = [
        moves[-1][2] - item.first_seen + timedelta(minutes=1)
        for item, moves in finished
        if item.kind == Kind.TEMPLATE
        and item.status == "approved"
        and item.meta["category"] == "UTILITY"
        and item.meta["language"] == "English (US)"
    ]
    p90 = stats.percentile(english, 90) or timedelta(days=1)
    with transaction.atomic():
        items = [item for item, _ in finished] + _waiting(account, p90 + timedelta(hours=6), now)
        TrackedItem.objects.bulk_create(items)
        StatusChange.objects.bulk_create(
            StatusChange(item=item, from_status=old, to_status=new, at=at, detail=item.detail)
            for item, moves in finished
            for old, new, at in moves
        )
    return (
        f"Demo tracker history: {TEMPLATES} template validations, "
        f"{CHANNEL_REQUESTS} channel and {NUMBER_REQUESTS} number requests over the last year, "
        "2 templates waiting (all marked demo)."
    )
