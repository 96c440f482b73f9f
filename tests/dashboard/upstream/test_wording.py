"""``describe_failure``: every failure in words a person can act on, with when to try again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from channels_api import errors
from dashboard import upstream


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
