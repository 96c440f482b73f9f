"""The rows the channels page and the WhatsApp home write in Python (issue 19: a template
loop per row was most of those pages' own time) say what the template loops said: in the
person's language, with CM.com's text escaped."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import timezone, translation

ROWS = Template("{% load channels_tags %}{% channel_rows channels list_url %}")
LANGUAGES = Template("{% load whatsapp_tags %}{% language_choices languages %}")
# The rows show a date in the current time zone: the tests name one, so a run under another
# TIME_ZONE (the suite's Kiritimati run, 14 hours ahead) expects the same day.
ZONE = "Europe/Amsterdam"


def _channel(**fields: object) -> SimpleNamespace:
    row = {"id": None, "channel_id": None, "is_pending": False, "created_on_utc": None}
    return SimpleNamespace(**{**row, **fields})


def test_a_channel_row_links_to_the_channel_and_says_live_and_when_it_was_created():
    channel = _channel(
        id="c1",
        channel_id="3010|WIN",
        created_on_utc=datetime.datetime(2026, 4, 26, 12, tzinfo=datetime.UTC),
    )
    with translation.override("en-gb"), timezone.override(ZONE):
        html = ROWS.render(Context({"channels": [channel], "list_url": "/a/x/channels/"}))
    assert html == (
        '<tr><td><a href="/a/x/channels/c1/">3010|WIN</a></td>'
        '<td><span class="badge badge-ok">Live</span></td><td>26 Apr 2026</td></tr>\n'
    )


def test_a_dutch_person_sees_pending_and_the_month_in_dutch():
    channel = _channel(
        id="c1",
        is_pending=True,
        created_on_utc=datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC),
    )
    with translation.override("nl"), timezone.override(ZONE):
        html = ROWS.render(Context({"channels": [channel], "list_url": "/l/"}))
    assert "In behandeling" in html
    assert "12 mei 2026" in html
    # Without a channel id the row falls back to the channel's own id, as the template did.
    assert '<a href="/l/c1/">c1</a>' in html


def test_a_channel_without_an_id_or_date_shows_dashes_and_its_text_escaped():
    channel = _channel(channel_id="<b>7</b>")
    with translation.override("en"):
        html = ROWS.render(Context({"channels": [channel, _channel()], "list_url": "/l/"}))
    assert "<td>&lt;b&gt;7&lt;/b&gt;</td>" in html
    assert "<b>" not in html
    assert html.count("<td>—</td>") == 3


REQUEST_ROWS = Template("{% load channels_tags %}{% request_rows rows requests_url %}")


def _request_row(**fields: object) -> SimpleNamespace:
    request = {"id": "r1", "created_on_utc": None, **fields.pop("request", {})}
    row = {"type_name": "WhatsApp", "status": "pending", "expected": None, "overdue": False}
    return SimpleNamespace(request=SimpleNamespace(**request), **{**row, **fields})


def test_a_request_row_links_to_the_request_and_dates_it_in_the_persons_language():
    row = _request_row(
        request={"created_on_utc": datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC)},
        expected=datetime.datetime(2026, 5, 19, 9, tzinfo=datetime.UTC),
        overdue=True,
    )
    with translation.override("nl"), timezone.override(ZONE):
        html = REQUEST_ROWS.render(Context({"rows": [row], "requests_url": "/a/x/requests/"}))
    assert html == (
        '<tr><td><a href="/a/x/requests/r1/">12 mei 2026</a></td><td>WhatsApp</td>'
        '<td><span class="badge ch-status-pending">In behandeling</span></td>'
        '<td>19 mei 2026 <span class="badge badge-bad">Te laat</span></td></tr>\n'
    )


def test_a_request_row_without_dates_says_so_and_escapes_cm_coms_text():
    row = _request_row(type_name="<b>x</b>", status="active")
    with translation.override("en"):
        html = REQUEST_ROWS.render(Context({"rows": [row], "requests_url": "/l/"}))
    assert '<a href="/l/r1/">(no date)</a>' in html
    assert "<td>&lt;b&gt;x&lt;/b&gt;</td>" in html
    assert ">Active</span>" in html
    assert html.endswith("<td>—</td></tr>\n")


def test_failed_tells_a_failure_from_anything_else():
    from dashboard.upstream import UpstreamFailure

    check = Template("{% if value|failed %}failed{% else %}read{% endif %}")  # a builtin
    failure = UpstreamFailure(kind="unavailable", message="CM.com is unavailable.")
    assert check.render(Context({"value": failure})) == "failed"
    for value in (None, [], SimpleNamespace(id="x"), "text"):
        assert check.render(Context({"value": value})) == "read"


def test_each_language_to_activate_has_its_button_in_the_persons_language():
    language = SimpleNamespace(id="l-1", name="Italiano <i>", code="it")
    with translation.override("nl"):
        html = LANGUAGES.render(Context({"languages": [language]}))
    assert html == (
        '<li id="supported-l-1"><span>Italiano &lt;i&gt; <code>it</code></span> '
        '<button type="submit" name="language_id" value="l-1" class="secondary outline small">'
        '<span class="visually-hidden">Italiano &lt;i&gt;</span> activeren</button></li>\n'
    )
