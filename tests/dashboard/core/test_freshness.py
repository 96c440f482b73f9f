"""Ages in words ("3 min ago") and the ``{% fresh %}`` tag that puts one in a <time> with the
exact moment in its title."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template

from dashboard.core.freshness import ago, exact

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("before", "words"),
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=60), "1 min ago"),
        (timedelta(minutes=3, seconds=59), "3 min ago"),
        (timedelta(minutes=59), "59 min ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=47), "47 hours ago"),
        (timedelta(days=3, hours=5), "3 days ago"),
        (timedelta(seconds=-30), "just now"),  # another clock a little ahead
    ],
)
def test_an_age_reads_in_whole_units_rounded_down(before: timedelta, words: str) -> None:
    assert ago(NOW - before, now=NOW) == words


def test_the_tag_puts_the_age_in_a_time_with_the_exact_moment_as_its_title() -> None:
    moment = datetime.now(UTC) - timedelta(minutes=5)

    shown = Template('{% load freshness %}{% fresh moment "checked" %}').render(
        Context({"moment": moment})
    )

    assert shown == (
        f'checked <time datetime="{moment.isoformat()}" title="{exact(moment)}">'
        f"{ago(moment)}</time>"
    )


def test_the_tag_shows_nothing_without_a_moment() -> None:
    assert Template("{% load freshness %}{% fresh moment %}").render(Context({})) == ""
