"""The language a person picked (``User.language``) wins over the browser's Accept-Language.

LocaleMiddleware runs before the person is known and activates the browser's choice; this runs
after AuthenticationMiddleware and, when the person picked a language, uses theirs for the rest
of the request (the page, its forms' messages, dates and numbers, a streamed export) and says so
in Content-Language; LocaleMiddleware still adds ``Vary: Accept-Language``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def supported(code: str) -> str:
    """``code`` when it is one of settings.LANGUAGES, else "" (a language removed from the
    settings since the person picked it falls back to the browser's)."""
    return code if code and code in dict(settings.LANGUAGES) else ""


def language_of(person: object) -> str:
    """The language to speak to ``person`` in where there is no request (e-mails): theirs, or
    the site's default."""
    return supported(str(getattr(person, "language", "") or "")) or settings.LANGUAGE_CODE


class PersonLanguageMiddleware:
    """Activate the logged-in person's chosen language, if they chose one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = ""
        if user is not None and user.is_authenticated:
            chosen = supported(getattr(user, "language", ""))
        if not chosen:
            return self.get_response(request)
        request.LANGUAGE_CODE = chosen  # type: ignore[attr-defined]
        # override, not activate: the thread goes back to the browser's language afterwards,
        # so nothing of this person's choice leaks into the next request the thread serves.
        with translation.override(chosen):
            response = self.get_response(request)
        # LocaleMiddleware only fills Content-Language when it is not set yet.
        response.headers.setdefault("Content-Language", chosen)
        if response.streaming:
            # A streamed body (a CSV export) is written after this returns: in the language too.
            response.streaming_content = _in_language(response.streaming_content, chosen)
        return response


def _in_language(content: Iterable[Any], language: str) -> Iterator[Any]:
    with translation.override(language):
        yield from content
