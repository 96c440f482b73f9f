""" "Check now": read one tracked item from CM.com, with one call, and store what it says.

The poller's own code turns CM.com's answer into an ``Observation`` (``_OneItem`` is an
``AccountPoller`` that may make one call) and ``services.item_observe`` compares and records
it, so a check moves an item forward, records its ``StatusChange`` and notifies people exactly
as a poll would. What each kind costs:

=================  ============================================================
channel request    ``channels.get_request`` (its fulfilled or cancelled date too)
business account   ``whatsapp.get_business_account`` of its WhatsApp request
template language  ``templates.get`` of its template (every language; one kept)
profile            ``profiles.get`` (its rejection reason too)
number request     one page of ``numbers.list_requests`` (CM.com has no read of one)
=================  ============================================================

Things a poll finds with a second call are left as they are: a channel request's onboarding
stage (kept, since a plain "pending" never moves it back), its name and expected date (from
the channel types), and which number a number request got (its id is said instead).

A check of one item is refused for ``TRACKER_CHECK_SECONDS`` (10) after the last one, by
anyone: the refusal says when it may be pressed again and sends nothing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from channels_api.client import ChannelsClient
from dashboard import audit, upstream
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import Outcome
from dashboard.core.sql_once import first_where
from dashboard.tracker import selectors, services
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.poller import AccountPoller, Observation
from dashboard.tracker.statuses import Kind, label_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

logger = logging.getLogger(__name__)

T = TypeVar("T")


class SecondCall(RuntimeError):
    """The poller's code asked CM.com a second thing; a check makes one call."""


class _OneItem(AccountPoller):
    """The poller, allowed one call: a detail read of the same thing (a channel request's
    dates, a profile's rejection reason) is answered from that call."""

    def __init__(self, account: CMAccount, client: ChannelsClient, item: TrackedItem) -> None:
        super().__init__(account, client, selectors.known_items([item]))
        self.item = item
        self._made: tuple[tuple[str, tuple[Any, ...], str], Any] | None = None

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        asked = (getattr(fn, "__qualname__", repr(fn)), args, repr(sorted(kwargs.items())))
        if self._made is None:
            self._made = (asked, super()._call(fn, *args, **kwargs))
        elif self._made[0] != asked:
            raise SecondCall(f"{asked[0]} after {self._made[0][0]}")
        return self._made[1]

    def _assigned_number(self, phone_number_id: str | None) -> str:
        # The number itself is another call; its id is what the one read says.
        return (
            gettext("Number id %(id)s was assigned.") % {"id": phone_number_id}
            if phone_number_id
            else ""
        )

    def observe(self) -> Observation | None:
        """What CM.com says of the item now; None when it no longer has it."""
        item, meta = self.item, self.item.meta or {}
        request_id = str(meta.get("request_id") or "")
        if item.kind == Kind.CHANNEL_REQUEST:
            found = self._call(self.client.channels.get_request, item.upstream_id)
            return self._kept(self._channel_request(found, {}))
        if item.kind == Kind.BUSINESS_ACCOUNT:
            return self._kept(self._business_account(request_id, None))
        if item.kind == Kind.PROFILE:
            found = self._call(self.client.profiles.get, request_id, item.upstream_id)
            return self._profile(request_id, found)
        if item.kind == Kind.TEMPLATE:
            template = self._call(self.client.templates.get, request_id, str(meta["template_id"]))
            return next(
                (o for o in self._template_languages(request_id, template) if o.key == self.key),
                None,
            )
        requests = self._call(self.client.numbers.list_requests, skip=0, take=self.size)
        found = next((r for r in requests if r.id == item.upstream_id), None)
        return self._number_request(found) if found is not None else None

    @property
    def key(self) -> tuple[str, str]:
        return (self.item.kind, self.item.upstream_id)

    def _kept(self, obs: Observation | None) -> Observation | None:
        """Keep what the channel types gave the item (its name, its expected date)."""
        if obs is not None:
            obs.label = self.item.label
            # The label's wording goes with the label it words (wording.compose_label).
            phrase = (self.item.meta or {}).get("phrase")
            if phrase:
                obs.meta["phrase"] = phrase
            else:
                obs.meta.pop("phrase", None)
            obs.expected_at = self.item.expected_at
        return obs


# --- "Check now" -------------------------------------------------------------------------------


# The demo's seeded history (tracker.demo) has made-up ids: a check would only be a 404.
DEMO_WORDS = _(
    "This is the demo's made-up history: CM.com has nothing to check, so nothing was sent."
)


@dataclass(frozen=True)
class ItemCheck:
    """What "Check now" did: read the item (``sent``), and found it moved (``change``) or
    not; or was refused (too soon, ``retry_at``), or CM.com failed (``failure``)."""

    item: TrackedItem
    sent: bool
    message: str
    change: StatusChange | None = None
    retry_at: datetime | None = None
    failure: upstream.UpstreamFailure | None = None

    @property
    def ok(self) -> bool:
        """Whether CM.com was read and what it said is stored."""
        return self.sent and self.failure is None


def check_seconds() -> int:
    """How often one item may be checked by hand, by anyone (TRACKER_CHECK_SECONDS)."""
    return int(getattr(settings, "TRACKER_CHECK_SECONDS", 10))


def _check_key(item: TrackedItem) -> str:
    return f"tracker:check:{item.pk}"


def item_of(account: CMAccount, item_id: int) -> TrackedItem:
    """One tracked item of this account, or 404 (an item of another account is not found)."""
    items = TrackedItem.objects.select_related("account")
    return get_object_or_404(items, account=account, pk=item_id)


def _too_soon(item: TrackedItem, now: datetime, seconds: int) -> ItemCheck:
    since = cache.get(_check_key(item))
    start = datetime.fromtimestamp(float(since), tz=now.tzinfo) if since else now
    retry_at = start + timedelta(seconds=seconds)
    wait = max(1, math.ceil((retry_at - now).total_seconds()))
    at = time_format(timezone.localtime(retry_at), "H:i:s")
    return ItemCheck(
        item,
        False,
        ngettext(
            "%(label)s was checked less than %(seconds)d seconds ago — you can check it again "
            "in %(wait)d second, at %(at)s.",
            "%(label)s was checked less than %(seconds)d seconds ago — you can check it again "
            "in %(wait)d seconds, at %(at)s.",
            wait,
        )
        % {"label": item.display_label, "seconds": seconds, "wait": wait, "at": at},
        retry_at=retry_at,
    )


def _said(item: TrackedItem, change: StatusChange | None) -> str:
    if change is not None:
        return gettext("Checked with CM.com: now %(now)s (was %(was)s).") % {
            "now": label_of(item.kind, change.to_status),
            "was": label_of(item.kind, change.from_status),
        }
    return gettext("Checked with CM.com: still %(status)s.") % {"status": item.status_label}


def item_check(*, actor: AbstractBaseUser | AnonymousUser, item: TrackedItem) -> ItemCheck:
    """Read ``item`` from CM.com now (one call) and store what it says; audited.

    A change is recorded and notified as a poll records it. Refused, sending nothing, within
    ``check_seconds()`` of the last check of this item. Never raises for CM.com.
    """
    account, seconds, now = item.account, check_seconds(), timezone.now()
    if item.is_demo:
        return ItemCheck(item, False, str(DEMO_WORDS))
    key = _check_key(item)
    # The stored moment decides, not the entry's expiry: Redis expires on its own clock.
    if not cache.add(key, now.timestamp(), seconds + 60):
        since = cache.get(key)
        if since is not None and now.timestamp() - float(since) < seconds:
            return _too_soon(item, now, seconds)
        cache.set(key, now.timestamp(), seconds + 60)
    read = upstream.fetch_or_failure(
        account,
        f"tracker.check.{item.pk}",
        lambda client: _OneItem(account, client, item).observe(),
        ttl=0,  # a check is a fresh read, never a cached one
    )
    failure = read if isinstance(read, upstream.UpstreamFailure) else None
    change = None
    if failure is None and read is None:
        message = gettext("CM.com no longer lists %(label)s; it stays as it was last seen.") % {
            "label": item.display_label
        }
    elif failure is None:
        seen = timezone.now()
        change = services.item_observe(account=account, observation=read, seen_at=seen)
        # A read that is not newer than what is stored (a stage a poll found) changes nothing,
        # but the item was still checked.
        TrackedItem.objects.filter(pk=item.pk, last_seen__lt=seen).update(last_seen=seen)
        if change is not None:
            upstream.invalidate(account)  # pages cache CM.com's answers: show the change now
        item.refresh_from_db()
        message = _said(item, change)
    else:
        message = gettext("%(label)s could not be checked: %(reason)s") % {
            "label": item.display_label,
            "reason": failure.message,
        }
    audit.record(
        actor=actor,
        account=account,
        action="tracker.item_check",
        target=f"{item.kind}/{item.upstream_id}",
        sent={"item": item.pk, "kind": item.kind},
        outcome=Outcome.OK if failure is None else Outcome.FAILED,
        upstream_status=failure.status if failure else None,
        message=message,
    )
    return ItemCheck(item, True, message, change=change, failure=failure)


def tracked(account: CMAccount, kind: str, upstream_id: str) -> TrackedItem | None:
    """The tracked item of this account that is this thing at CM.com, if the tracker has it.
    Asked by every page of a channel request, a profile and a business account: read with SQL
    written once (``core.sql_once``; the ORM's compiling was 2 ms of its 2.2 here)."""
    item = first_where(TrackedItem, account=account.pk, kind=kind, upstream_id=upstream_id)
    if item is not None:
        item.account = account
    return item


@dataclass(frozen=True)
class TrackedRead:
    """``tracked(account, kind, upstream_id)`` read ahead by a view, with what it was read
    for, so ``{% tracked_check %}`` takes it only for the same thing (see ``tracked_read``)."""

    account_pk: object
    kind: str
    upstream_id: str
    item: TrackedItem | None

    def answers(self, account: CMAccount, kind: str, upstream_id: str) -> bool:
        """Whether this read is the one ``tracked(account, kind, upstream_id)`` would make."""
        return (self.account_pk, self.kind, self.upstream_id) == (account.pk, kind, upstream_id)


def tracked_read(account: CMAccount, kind: str, upstream_id: str) -> TrackedRead:
    """``tracked`` now, for a page that reads it while its reads of CM.com are out (issue 19:
    the item's query then costs nothing after CM.com has answered)."""
    return TrackedRead(account.pk, kind, upstream_id, tracked(account, kind, upstream_id))


def tracked_languages(account: CMAccount, template_id: str) -> list[TrackedItem]:
    """The tracker's items of one template: one per language, by language. Their account is
    the one asked about (no join, and no second copy of it built per language)."""
    items = list(
        TrackedItem.objects.filter(
            account=account, kind=Kind.TEMPLATE, meta__template_id=template_id
        ).order_by("label", "pk")
    )
    for item in items:
        item.account = account
    return items
