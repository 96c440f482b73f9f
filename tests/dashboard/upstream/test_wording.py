"""``describe_failure``: every failure in words a person can act on, with when to try again;
words a task stores are said again in the reader's language (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from channels_api import errors
from dashboard import upstream
from dashboard.core import wording


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (errors.Timeout("t"), "timeout", "CM.com did not answer in time — try again in a minute"),
        (errors.ConnectionFailed("c"), "unreachable", "CM.com could not be reached"),
        (errors.Unauthorized("u", status=401), "token_refused", "an admin should update it"),
        (errors.Forbidden("f", status=403), "forbidden", "refused this account's product token"),
        (errors.NotFound("n", status=404), "not_found", "has no such item any more"),
        (
            errors.UpstreamError("e", status=503),
            "upstream_error",
            "failed on its side (status 503)",
        ),
        (errors.MalformedResponse("m"), "malformed", "could not read"),
        (errors.BadRequest("name is taken", status=400), "bad_request", "name is taken"),
    ],
)
def test_each_failure_is_described_in_words(error, kind, words):
    failure = upstream.describe_failure(error)
    assert failure.kind == kind
    assert words in failure.message


def test_too_many_requests_says_when_to_try_again(settings, still_clock):
    # On a stopped clock: the minute may not turn between the message and the test's reckoning.
    failure = upstream.describe_failure(errors.RateLimited("slow down", retry_after=90, status=429))
    expected = timezone.localtime(timezone.now() + timedelta(seconds=90 + 59))
    assert failure.message == f"Too many requests to CM.com — try again at {expected:%H:%M}."
    assert failure.retry_at == timezone.now() + timedelta(seconds=90)


def test_a_refusal_worded_in_english_is_said_in_dutch_with_cm_coms_words_as_given():
    with translation.override("en"):
        failure = upstream.describe_failure(
            errors.Conflict("Naam is al in gebruik by WABA", status=409)
        )

    with translation.override("nl"):
        shown = wording.compose({}, wording.part(failure.message))

    assert failure.message == "CM.com said this conflicts: Naam is al in gebruik by WABA"
    assert shown == "CM.com meldt een conflict: Naam is al in gebruik by WABA"


def test_when_to_try_again_keeps_its_time_when_said_in_dutch(settings, still_clock):
    with translation.override("en"):
        failure = upstream.describe_failure(
            errors.RateLimited("slow down", retry_after=90, status=429)
        )
    expected = timezone.localtime(timezone.now() + timedelta(seconds=90 + 59))

    with translation.override("nl"):
        shown = wording.compose({}, wording.part(failure.message))

    assert shown == f"Te veel verzoeken aan CM.com — probeer het om {expected:%H:%M} opnieuw."


def test_a_lost_answer_and_what_the_check_found_are_said_in_dutch():
    with translation.override("en"):
        failure = upstream.describe_failure(errors.Timeout("t"))
        words = upstream.describe_write("not_done", failure, "spring_sale")

    with translation.override("nl"):
        shown = wording.compose({}, wording.part(words))

    assert words == (
        "CM.com did not answer in time, and a check shows spring_sale was not saved — you can "
        "send it again."
    )
    # What was written, as the caller named it, is kept as given.
    assert shown == (
        "CM.com antwoordde niet op tijd, en een controle toont dat spring_sale niet is "
        "opgeslagen — je kunt het opnieuw versturen."
    )
