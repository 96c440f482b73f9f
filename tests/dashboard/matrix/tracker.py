"""The pending tracker's routes: the board (all accounts, or one), "Poll now", the bell,
notifications and subscriptions. Nothing here needs a sample id beyond the account."""

from tests.dashboard.matrix import Row, _same

EVERYONE = {
    "admin": _same(200),
    "support": _same(200),
    "marketing": _same(200),
    "outsider": _same(200),
}
# A POST that redirects without htmx (its htmx answer is only checked when not a redirect).
EVERYONE_POST = {role: _same(302) for role in EVERYONE}

ROWS: dict[str, Row] = {
    "tracker:board": Row("GET", 302, **EVERYONE),
    "tracker:account_board": Row("GET", 302, _same(200), (200, 404), (200, 404), _same(404)),
    "tracker:poll_now": Row("POST", 302, _same(302), (302, 404), (302, 404), _same(404)),
    "tracker:notifications": Row("GET", 302, **EVERYONE),
    "tracker:bell": Row("GET", 302, **EVERYONE),
    "tracker:mark_read": Row("POST", 302, **EVERYONE_POST),
    "tracker:subscriptions": Row("GET", 302, **EVERYONE),
    "tracker:subscriptions_save": Row("POST", 302, **EVERYONE_POST),
}


def samples(account: object) -> dict[str, str]:
    """No route of the tracker takes an id other than the account's."""
    return {}
