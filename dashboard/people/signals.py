"""Deactivating a person ends their sessions, server-side, at once.

Django already refuses an inactive person on their next request; deleting the session rows as
well means no stolen or forgotten cookie outlives the decision, whatever backend checks it.
Connected in ``PeopleConfig.ready``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

logger = logging.getLogger(__name__)

_DB_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def end_sessions_of(user_pk: Any) -> int:
    """Delete every unexpired session of this person; the number deleted.

    Sessions are looked up in the database (the configured engine keeps them there), decoding
    each: a dashboard has tens of people, not millions of sessions.
    """
    if settings.SESSION_ENGINE not in _DB_ENGINES:
        return 0
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get(SESSION_KEY)) == str(user_pk) and HASH_SESSION_KEY in data:
            # Through the store, so a cached_db engine forgets its cached copy too.
            SessionStore(session_key=session.session_key).delete()
            ended += 1
    if ended:
        logger.info("ended %d session(s) of person %s", ended, user_pk)
    return ended


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


def connect(user_model: Any) -> None:
    """Connect the receivers for the user model."""
    pre_save.connect(_remember_active, sender=user_model, dispatch_uid="people.remember_active")
    post_save.connect(
        _end_sessions_when_deactivated, sender=user_model, dispatch_uid="people.end_sessions"
    )
