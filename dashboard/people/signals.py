"""Deactivating a person ends their sessions, server-side, at once.

Django already refuses an inactive person on their next request; deleting the session rows as
well means no stolen or forgotten cookie outlives the decision, whatever backend checks it.
Connected in ``PeopleConfig.ready``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import HASH_SESSION_KEY
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from dashboard.people.sessions import end_sessions, signed_in_sessions

logger = logging.getLogger(__name__)


def end_sessions_of(user_pk: Any) -> int:
    """Delete every unexpired session of this person; the number deleted."""
    keys = [
        session.key
        for session in signed_in_sessions()
        if session.user_pk == str(user_pk) and HASH_SESSION_KEY in session.data
    ]
    end_sessions(keys)
    if keys:
        logger.info("ended %d session(s) of person %s", len(keys), user_pk)
    return len(keys)


def _touches_is_active(kwargs: dict[str, Any]) -> bool:
    # A login saves only last_login: no need to look at is_active then.
    fields = kwargs.get("update_fields")
    return fields is None or "is_active" in fields


def _remember_active(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None or not _touches_is_active(kwargs):
        return
    was = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    instance._was_active = bool(was)


def _end_sessions_when_deactivated(
    sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if raw or created or not _touches_is_active(kwargs):
        return
    if getattr(instance, "_was_active", False) and not instance.is_active:
        end_sessions_of(instance.pk)
    instance._was_active = instance.is_active


def _switchers_changed(**kwargs: Any) -> None:
    from dashboard.people.context_processors import switcher_changed

    switcher_changed()


def connect(user_model: Any) -> None:
    """Connect the receivers for the user model, and those that keep the account switchers
    right (an account added, renamed or removed; a grant given or taken)."""
    from dashboard.accounts.models import CMAccount

    for signal in (post_save, post_delete):
        signal.connect(_switchers_changed, sender=CMAccount, dispatch_uid="people.switchers")
    m2m_changed.connect(
        _switchers_changed, sender=CMAccount.users.through, dispatch_uid="people.switchers.m2m"
    )
    pre_save.connect(_remember_active, sender=user_model, dispatch_uid="people.remember_active")
    post_save.connect(
        _end_sessions_when_deactivated, sender=user_model, dispatch_uid="people.end_sessions"
    )
