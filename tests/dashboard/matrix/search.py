"""Search across accounts (issue 17): one page for everyone signed in; what it shows is
limited to the person's own accounts (tests/dashboard/search/test_search_view.py)."""

from tests.dashboard.matrix import Row, _same

ROWS: dict[str, Row] = {
    "search:search": Row(
        "GET", 302, admin=_same(200), support=_same(200), marketing=_same(200), outsider=_same(200)
    ),
}
