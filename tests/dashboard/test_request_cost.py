"""What every request costs besides its own work: the session is written only when something
in it changed (activity at most once a minute), an htmx fragment never queries the account
switcher it does not show, and a page's database queries are few (counted, never timed)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

HTMX = {"HX-Request": "true"}


def _get(client, url, headers=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def _session_writes(sqls):
    return [
        s for s in sqls if "django_session" in s and not s.lstrip().upper().startswith("SELECT")
    ]


def _switcher_queries(sqls):
    # The switcher lists accounts in name order; the view's own lookup of one account does not
    # order (``get``), and the bell's count only uses accounts in a subquery.
    return [s for s in sqls if 'FROM "accounts_cmaccount"' in s and "ORDER BY" in s]


def _types(account):
    return f"/a/{account.account_id}/channel-types/"


def test_a_page_viewed_again_within_a_minute_does_not_write_the_session(support_client, account_a):
    support_client.get(_types(account_a))  # the first view records the activity
    response, sqls = _get(support_client, _types(account_a))
    assert _session_writes(sqls) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_an_htmx_fragment_does_not_query_the_account_switcher(support_client, account_a):
    support_client.get(_types(account_a))
    _response, sqls = _get(support_client, _types(account_a) + "?page=1", HTMX)
    assert _switcher_queries(sqls) == []


def test_the_polled_bell_makes_three_queries_session_person_and_one_count(
    support_client, account_a
):
    support_client.get(_types(account_a))
    _response, sqls = _get(support_client, "/notifications/bell/", HTMX)
    assert _switcher_queries(sqls) == []
    # one count of the tracker's unread changes, the reviews' unread steps and the alerts
    assert len(sqls) <= 3


def test_a_full_page_lists_the_switcher_from_one_query_then_remembers_it(support_client, account_a):
    _, first_sqls = _get(support_client, _types(account_a))
    assert len(_switcher_queries(first_sqls)) == 1
    response, sqls = _get(support_client, _types(account_a))
    assert _switcher_queries(sqls) == []  # remembered until an account or a grant changes
    assert "Account A" in response.content.decode()
    # session, person, the account, the account's polling health, and the bell's one count
    # (the tracker's changes, the reviews' steps, the alerts): counted with the page so the
    # bell shows them without JavaScript, instead of in a request of its own after every page
    # load. Five: one spare.
    assert len(sqls) <= 6
