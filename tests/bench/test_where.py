"""Where a page's own time goes: the parts and the top functions read from a profile."""

from __future__ import annotations

import pytest

from bench.where import Split, split_of

CLIENT = ("/x/site-packages/django/test/client.py", 160, "__call__")
VIEW = ("/repo/dashboard/numbers/views.py", 10, "number_requests")
RENDER = ("/x/site-packages/django/template/backends/django.py", 100, "render")
TRANSPORT = ("/repo/channels_api/_transport.py", 180, "call")
SELECTOR = ("/repo/dashboard/numbers/selectors.py", 20, "number_requests_page")
BELL = ("/repo/dashboard/tracker/templatetags/tracker_tags.py", 23, "bell")
COUNT = ("/repo/dashboard/tracker/selectors.py", 380, "unread_count")


def _entry(cumulative: float, callers: dict | None = None) -> tuple:
    # pstats: (primitive calls, calls, own time, cumulative time, callers)
    return (1, 1, 0.0, cumulative, callers or {})


def _stats() -> dict:
    return {
        CLIENT: _entry(0.030),
        VIEW: _entry(0.024, {CLIENT: (1, 1, 0.0, 0.024)}),
        RENDER: _entry(0.012, {VIEW: (1, 1, 0.0, 0.012)}),
        TRANSPORT: _entry(0.004, {SELECTOR: (1, 1, 0.0, 0.004)}),
        SELECTOR: _entry(0.006, {VIEW: (1, 1, 0.0, 0.006)}),
        BELL: _entry(0.003, {RENDER: (1, 1, 0.0, 0.003)}),
        COUNT: _entry(0.0029, {BELL: (1, 1, 0.0, 0.0029)}),
    }


def test_the_split_puts_what_is_outside_the_view_in_middleware_and_divides_by_the_views():
    split = split_of(_stats(), views=2, view_key=VIEW)

    assert split.total_ms == pytest.approx(15.0)
    assert split.parts["middleware"] == pytest.approx(3.0)  # (30 - 24) / 2
    assert split.parts["client"] == pytest.approx(2.0)
    assert split.parts["view"] == pytest.approx(4.0)  # (24 - 12 - 4) / 2
    assert split.parts["layout"] + split.parts["content"] == pytest.approx(6.0)


def test_the_top_functions_leave_out_the_view_and_what_is_nearly_all_of_one_named():
    split = split_of(_stats(), views=1, view_key=VIEW)
    names = [name for name, _ in split.top]

    assert "dashboard.numbers.views.number_requests" not in names
    # unread_count is 97% of the bell, already named: it would say the same thing again.
    assert names == [
        "dashboard.tracker.templatetags.tracker_tags.bell",
        "dashboard.numbers.selectors.number_requests_page",
    ]


def test_a_selector_is_timed_without_its_calls_to_cm_com_which_are_not_named():
    top = dict(split_of(_stats(), views=1, view_key=VIEW).top)

    assert top["dashboard.numbers.selectors.number_requests_page"] == pytest.approx(2.0)  # 6 - 4
    assert "channels_api._transport.call" not in top


def test_the_line_lists_the_parts_largest_first_with_their_share():
    line = Split(10.0, {"layout": 4.0, "content": 1.0, "middleware": 5.0}, [("x.y", 2.5)]).line()

    assert line == "middleware 5.0 (50%), layout 4.0 (40%), content 1.0 (10%) — top: x.y 2.5"
