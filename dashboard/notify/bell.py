"""The bell's unread count, remembered per person in the cache.

Every page draws the bell, and its count (``tracker.selectors.unread_count``: the tracker's
changes, the reviews' steps, the alerts) is one query whose building alone costs a page more
than any other part of its header. It changes only when a notification is made or read, or
when what a person may see changes, so it is counted once and kept until one of these:

- a notification made or read: the services that do it in bulk (``bulk_create``,
  ``update``) call ``forget`` with whom it concerns; one saved on its own is forgotten by the
  signals below (``connect``). Not on delete: a receiver there would make every cascade load
  the notifications it deletes, one signal each (an account's removal is covered below);
- the accounts a person may see changed (granted, taken away, their role or being active):
  the signals forget that person. A save naming only other fields is not such a change:
  every login saves ``last_login`` alone, and forgetting then made every page of the
  person's first ``RECOUNT_SECONDS`` count again; nor is a person's creation (nothing to
  count again: the stored count, if any, is dropped);
- an account removed (its notifications go with it): every count is forgotten at once by
  moving the generation the counts are stored with.

Forgetting marks the count "count again" for ``RECOUNT_SECONDS`` instead of deleting it: a
page in that time counts without storing, so a page that counted while the change was not yet
committed (a poll's transaction) cannot store the old count after it was forgotten. (Not
``transaction.on_commit``: the callers' tests read their on-commit callbacks as the e-mails
queued.) ``SECONDS`` bounds what a missed path could leave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from dashboard.core.context_processors import header_get_many, register_header_keys

SECONDS = 120
# Longer than a transaction that makes notifications (one poll of one account's items).
RECOUNT_SECONDS = 15
_RECOUNT = "recount"
_KEY = "bell:unread:{pk}"
_GENERATION = "bell:generation"
# What decides the accounts a person may see (``people.access.visible_accounts``).
ACCESS_FIELDS = frozenset({"role", "is_superuser", "is_active"})


def _key(person_id: int) -> str:
    return _KEY.format(pk=person_id)


def _header_keys(person: Any) -> list[str]:
    return [_key(person.pk), _GENERATION]


# On a page, read with the header's other parts (the switcher's generation) in one round trip.
register_header_keys(_header_keys)


def unread(person: Any, count: Callable[[Any], int]) -> int:
    """The person's unread count: remembered, or ``count(person)`` remembered now. One cache
    read (the count and the generation together; on a page, with the rest of the header)."""
    key = _key(person.pk)
    found = header_get_many(_header_keys(person))
    generation = found.get(_GENERATION, 0)
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[1] == generation:
        return int(stored[0])
    value = count(person)
    if stored != _RECOUNT:
        cache.set(key, (value, generation), SECONDS)
    return value


def forget(person_ids: Iterable[int]) -> None:
    """Count these people's bells again, on every page for ``RECOUNT_SECONDS`` (the caller's
    transaction may not have committed yet), then remembered again."""
    keys = [_key(pk) for pk in set(person_ids) if pk is not None]
    if keys:
        cache.set_many(dict.fromkeys(keys, _RECOUNT), RECOUNT_SECONDS)


def forget_everyone() -> None:
    """Count every bell again (an account and its notifications are gone)."""

    cache.add(_GENERATION, 0, None)
    try:
        cache.incr(_GENERATION)
    except ValueError:  # evicted between the two: any new value will do
        cache.set(_GENERATION, 1, None)


def _person_of(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget([instance.person_id])


def _person(
    sender: Any, instance: Any, created: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if created:
        # Nobody can have counted a person not yet saved: a count stored under the same pk
        # (a database whose sequence was reset) goes, with no need to count again after.
        cache.delete(_key(instance.pk))
        return
    if update_fields is not None and not ACCESS_FIELDS.intersection(update_fields):
        return
    forget([instance.pk])


def _access(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    # CMAccount.users, from either side: ``instance`` is the account or the person.
    if not action.startswith("post_"):
        return
    from dashboard.people.models import User

    if isinstance(instance, User):
        forget([instance.pk])
    elif pk_set:
        forget(pk_set)
    else:  # cleared from the account's side: whom it held is no longer known
        forget_everyone()


def _account_gone(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_everyone()


def connect(notifications: Iterable[type[Any]]) -> None:
    """Forget counts on the changes saved one at a time (see the module's docstring).

    The apps above this one (tracker, reviews) name their notification models: importing them
    here would make notify and reviews import each other."""
    from dashboard.accounts.models import CMAccount
    from dashboard.notify.models import AlertNotification
    from dashboard.people.models import User

    for model in (*notifications, AlertNotification):
        post_save.connect(_person_of, sender=model, dispatch_uid=f"bell-{model.__name__}")
    post_save.connect(_person, sender=User, dispatch_uid="bell-person")
    m2m_changed.connect(_access, sender=CMAccount.users.through, dispatch_uid="bell-access")
    post_delete.connect(_account_gone, sender=CMAccount, dispatch_uid="bell-account")
