"""The kinds of thing the tracker watches, and each kind's statuses in the order they happen.

A status has a *rank*; an item's status only moves to a higher rank, so a late or repeated
poll (one that read the API before another poll that already wrote) can never put an older
state back. Where CM.com dates a state (a template language's ``updatedOnUtc``), that date
comes first: ``(version, rank)`` is compared, so a rejected language that is edited and
submitted again moves on, while a stale read of it does not.

Channel requests rank by their onboarding stage as well (REQUESTED, DOCUMENTS,
VERIFICATION, CONFIGURATION, LIVE): ``processing`` at VERIFICATION is later than
``action_required`` at DOCUMENTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What an item is."""

    CHANNEL_REQUEST = "channel_request", _("Channel requests")
    BUSINESS_ACCOUNT = "business_account", _("WhatsApp business accounts")
    TEMPLATE = "template", _("WhatsApp templates")
    PROFILE = "profile", _("WhatsApp profiles")
    NUMBER_REQUEST = "number_request", _("Number requests")


@dataclass(frozen=True)
class Status:
    """One status of a kind: its words, its rank, and what it means for people."""

    label: str | Promise
    rank: int
    pending: bool
    """Still waiting for something (shown on the board)."""
    notify: bool = False
    """A change to this status is worth a notification: approvals, rejections, fulfilments
    and ACTION_REQUIRED."""
    waits_for_customer: bool = False
    """Pending on the customer's side (a draft to submit, an OTP to send), not on CM.com."""


# Onboarding stages of a channel request, in order (ApiRequestProgression.stages).
STAGES = ("REQUESTED", "DOCUMENTS", "VERIFICATION", "CONFIGURATION", "LIVE")
STAGE_RANK_BASE = 10

STATUSES: dict[str, dict[str, Status]] = {
    Kind.CHANNEL_REQUEST: {
        "pending": Status(_("Pending"), 0, pending=True),
        "processing": Status(_("Processing"), STAGE_RANK_BASE, pending=True),
        "action_required": Status(
            "Action required", STAGE_RANK_BASE, pending=True, notify=True, waits_for_customer=True
        ),
        "fulfilled": Status(_("Fulfilled"), 100, pending=False, notify=True),
        "cancelled": Status(_("Cancelled"), 110, pending=False),
    },
    Kind.BUSINESS_ACCOUNT: {
        "pending": Status(_("Pending"), 0, pending=True),
        "fulfilled": Status(_("Fulfilled"), 100, pending=False, notify=True),
        "cancelled": Status(_("Cancelled"), 110, pending=False),
    },
    Kind.TEMPLATE: {
        "incomplete": Status(_("Incomplete"), 5, pending=True, waits_for_customer=True),
        "draft": Status(_("Draft"), 10, pending=True, waits_for_customer=True),
        "validation_requested": Status(_("Validation requested"), 20, pending=True),
        "pending": Status(_("Awaiting WhatsApp's approval"), 25, pending=True),
        "approved": Status(_("Approved"), 30, pending=False, notify=True),
        "rejected": Status(_("Rejected"), 30, pending=False, notify=True),
    },
    Kind.PROFILE: {
        "otp_not_sent": Status(_("Waiting for the OTP"), 10, pending=True, waits_for_customer=True),
        "otp_sent": Status(_("OTP sent"), 20, pending=True, waits_for_customer=True),
        "otp_processed": Status(_("OTP verified, awaiting approval"), 30, pending=True),
        "active": Status(_("Approved"), 100, pending=False, notify=True),
        "rejected": Status(_("Rejected"), 100, pending=False, notify=True),
        "cancelled": Status(_("Cancelled"), 110, pending=False),
    },
    Kind.NUMBER_REQUEST: {
        "pending": Status(_("Pending"), 0, pending=True),
        "fulfilled": Status(_("Number assigned"), 100, pending=False, notify=True),
        "cancelled": Status(_("Cancelled"), 110, pending=False),
    },
}

# Stands for "CM.com gave no date for this state": older than any date it gives.
NO_VERSION = datetime(1970, 1, 1, tzinfo=UTC)


def status_of(kind: str, status: str) -> Status:
    """The Status of ``status`` for ``kind``; KeyError for one the table does not know."""
    return STATUSES[kind][status]


def label_of(kind: str, status: str) -> str:
    """Words for a status (the code itself when unknown, so old rows still render)."""
    found = STATUSES.get(kind, {}).get(status)
    return str(found.label) if found else status.replace("_", " ").capitalize()


def stage_rank(stage: str | None) -> int:
    """The rank of a pending channel request at ``stage``: later stages rank higher."""
    if stage in STAGES:
        return STAGE_RANK_BASE + STAGES.index(stage)
    return STAGE_RANK_BASE


def order_key(version_at: datetime | None, rank: int) -> tuple[datetime, int]:
    """What "later" means for an item's state: CM.com's date for it first, then the rank."""
    return (version_at or NO_VERSION, rank)


def is_later(
    new_version: datetime | None, new_rank: int, old_version: datetime | None, old_rank: int
) -> bool:
    """Whether a newly read state is later than the stored one (and so may replace it)."""
    return order_key(new_version, new_rank) > order_key(old_version, old_rank)
