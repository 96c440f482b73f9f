"""The sessions people are signed in with, found in the database and ended through the store.

Ending a person's sessions server-side (deactivated here, or signed out by the company's
provider) needs them found by person: Django keeps no index of that, so each unexpired
session is decoded. A dashboard has tens of people, not millions of sessions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

# The engines that keep sessions as rows (settings.py uses one); with another, none are found.
DB_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "dashboard.people.session_store",
}


@dataclass(frozen=True)
class SignedInSession:
    """One live session with someone signed in: its key, the person and what it holds."""

    key: str
    user_pk: str
    data: dict[str, Any] = field(repr=False, compare=False)


def signed_in_sessions() -> Iterator[SignedInSession]:
    """Every unexpired session someone is signed in with."""
    if settings.SESSION_ENGINE not in DB_ENGINES:
        return
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if data.get(SESSION_KEY) is not None:
            yield SignedInSession(session.session_key, str(data[SESSION_KEY]), data)


def end_sessions(keys: Iterable[str]) -> None:
    """Delete these sessions through the configured engine's store, so a cached engine
    forgets its copy too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()
