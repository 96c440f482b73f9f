"""The per-account poll lock, on Redis (production) and on the database (the embedded broker):
one holder at a time, released only by its owner, freed by its expiry."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dashboard.tracker.lock import LOCK_SECONDS, AccountLock
from dashboard.tracker.models import AccountHealth
from dashboard.tracker.tasks import POLL_TIME_LIMIT
from tests.dashboard.tracker.factories import offline_account

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["redis", "database"])
def backend(request: Any, settings: Any) -> str:
    if request.param == "redis":
        request.getfixturevalue("redis_locks")
    else:
        settings.REDIS_URL = None
    return str(request.param)


def test_a_second_poll_cannot_take_the_lock_until_the_first_releases_it(backend: str) -> None:
    account = offline_account()
    first, second = AccountLock(account), AccountLock(account)
    assert first.backend == backend

    assert first.acquire()
    assert not second.acquire()
    assert first.release()
    assert second.acquire()
    second.release()


def test_one_account_locked_leaves_the_others_free(backend: str) -> None:
    one, other = offline_account("One"), offline_account("Other")
    held = AccountLock(one)
    assert held.acquire()

    free = AccountLock(other)
    assert free.acquire()
    free.release()
    held.release()


def test_an_expired_lock_is_taken_over_and_its_old_owner_cannot_release_the_new_one(
    backend: str,
) -> None:
    account = offline_account()
    old = AccountLock(account, seconds=1)
    assert old.acquire()
    if backend == "redis":
        time.sleep(1.2)
    else:
        AccountHealth.objects.filter(account=account).update(
            lock_until=timezone.now() - timedelta(seconds=1)
        )

    new = AccountLock(account)
    assert new.acquire()
    assert not old.release()  # compare-and-delete: not the owner any more
    assert not AccountLock(account).acquire()
    assert new.release()


def test_the_lock_outlives_the_poll_time_limit() -> None:
    assert LOCK_SECONDS > POLL_TIME_LIMIT


def test_a_retry_of_the_same_poll_takes_back_the_lock_its_cut_off_attempt_could_not_release(
    backend: str,
) -> None:
    """The database went away under a poll (issue 19): its attempt could not give the lock
    back. The retry carries the same run key, so it takes its own lock again instead of being
    skipped until the lock expires; another poll is still refused."""
    account = offline_account()
    cut_off = AccountLock(account, owner="manual:1")
    assert cut_off.acquire()  # and never released

    retry = AccountLock(account, owner="manual:1")
    assert retry.acquire()
    assert not AccountLock(account, owner="beat:2").acquire()
    assert retry.release()
    assert AccountLock(account, owner="beat:2").acquire()
