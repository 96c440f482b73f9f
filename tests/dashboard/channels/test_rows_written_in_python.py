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


PROGRESS = Template("{% load channels_tags %}{% request_progress progress 'request-progress' %}")


def _progress(**fields: object) -> object:
    from dashboard.channels.selectors import RequestProgress, Stage

    stages = [
        Stage("submitted", "Submitted", "done"),
        Stage("review", "In <review>", "current"),
        Stage("live", "Live", "todo"),
    ]
    values = {
        "completeness": 40,
        "stages": stages,
        "current": "In <review>",
        "next_type": "PROCESSING",
        "next_label": "Checking <documents>",
        "has_pending_order": False,
        **fields,
    }
    return RequestProgress(**values)


def test_a_requests_progress_shows_the_bar_the_stages_and_the_next_one_escaped():
    with translation.override("en"):
        html = PROGRESS.render(Context({"progress": _progress()}))
    assert '<progress value="40" max="100" aria-labelledby="request-progress-completeness">' in html
    assert '<li class="ch-step ch-step-done">' in html
    assert '<li class="ch-step ch-step-current" aria-current="step">' in html
    assert (
        '<span class="ch-step-label">In &lt;review&gt;</span>'
        '<span class="visually-hidden"> (current stage)</span>'
    ) in html
    assert "Next: Checking &lt;documents&gt; (CM.com is processing)." in html
    assert "Pending order: no</p>" in html


def test_a_dutch_person_reads_the_progress_in_dutch():
    with translation.override("nl"):
        html = PROGRESS.render(Context({"progress": _progress(has_pending_order=None)}))
    assert '<span id="request-progress-completeness">Voltooid</span>' in html
    assert 'aria-label="Fasen"' in html
    assert "(huidige fase)" in html
    assert "Openstaande bestelling: onbekend</p>" in html


def test_an_action_required_stands_out_and_says_what_to_do_even_without_cm_coms_words():
    html = PROGRESS.render(
        Context(
            {
                "progress": _progress(
                    next_type="ACTION_REQUIRED", next_label="", stages=[], has_pending_order=True
                )
            }
        )
    )
    assert (
        '<p class="ch-action-required"><strong>Action required:</strong> '
        "the customer must act before CM.com can go on.</p>"
    ) in html
    assert "ch-stepper" not in html
    assert "Pending order: <strong>yes</strong>" in html


CATEGORY = Template("{% load channels_tags %}{% channel_category category list_url only state %}")


def _category(channels: list, *, number: int = 1, has_next: bool = False, **fields: object):
    from dashboard.channels.selectors import CategoryGroup
    from dashboard.core.paging import Page

    values = {
        "channel_type": "sms",
        "category": "keywords",
        "label": "Keywords <k>",
        "channels": channels,
        "total": len(channels),
        "pending": sum(1 for channel in channels if channel.is_pending),
        "page": Page(items=channels, number=number, size=25, has_next=has_next),
        **fields,
    }
    return CategoryGroup(**values)


def test_a_category_says_its_counts_in_the_persons_language_above_its_rows():
    channels = [_channel(id="c1", channel_id="7"), _channel(id="c2", is_pending=True)]
    with translation.override("nl"):
        html = CATEGORY.render(
            Context({"category": _category(channels), "list_url": "/l/", "only": "", "state": ""})
        )
    assert "<h3>Keywords &lt;k&gt; <small>2 kanalen, 1 in behandeling</small></h3>" in html
    assert 'aria-label="Keywords &lt;k&gt;-kanalen"' in html
    assert '<a href="/l/c1/">7</a>' in html
    assert "pager" not in html  # one page only


def test_a_categorys_pager_keeps_the_filters_and_swaps_the_category():
    channels = [_channel(id="c1")]
    category = _category(channels, number=2, has_next=True, total=60)
    html = CATEGORY.render(
        Context({"category": category, "list_url": "/l/", "only": "sms:keywords", "state": "live"})
    )
    previous = "/l/?group=sms%3Akeywords&amp;only=sms%3Akeywords&amp;state=live&amp;page=1"
    assert f'<a href="{previous}#group-sms-keywords" hx-get="{previous}"' in html
    assert 'hx-target="#group-sms-keywords"' in html
    assert "<li>Page 2</li>" in html
    assert "page=3#group-sms-keywords" in html
    assert '<span class="visually-hidden">keywords &lt;k&gt;</span>' in html


def test_an_empty_category_says_so():
    with translation.override("en"):
        html = CATEGORY.render(
            Context({"category": _category([]), "list_url": "/l/", "only": "", "state": ""})
        )
    assert "<small>0 channels</small>" in html
    assert "<p>None yet.</p>" in html
    assert "<table>" not in html


FILTER = Template("{% load channels_tags %}{% request_filter_fields form %}")


def _filter(data: dict | None = None, types: list | None = None) -> str:
    from dashboard.channels.forms import RequestFilterForm

    form = RequestFilterForm(data, types=types)
    if data is not None:
        form.is_valid()
    return FILTER.render(Context({"form": form}))


def test_the_empty_filter_offers_the_accounts_own_channel_types_in_the_persons_language():
    with translation.override("nl"):
        first = _filter(types=[("t-1", "WhatsApp <w>")])
        second = _filter(types=[("t-2", "SMS")])
    assert '<option value="t-1">WhatsApp &lt;w&gt;</option>' in first
    assert "t-1" not in second
    assert '<option value="t-2">SMS</option>' in second
    assert "Alle typen" in second


def test_without_the_channel_types_the_filter_takes_a_typed_in_id():
    html = _filter(types=None)
    assert 'name="type"' in html
    assert '<select name="type"' not in html


def test_a_refused_filter_shows_what_was_chosen_and_why():
    html = _filter({"type": "t-1", "status": "bogus"}, types=[("t-1", "WhatsApp")])
    assert '<option value="t-1" selected>WhatsApp</option>' in html
    assert "bogus is not a status of a channel request" in html
