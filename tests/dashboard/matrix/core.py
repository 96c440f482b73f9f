"""The shell's routes: login, overview, and the admin pages."""

from tests.dashboard.matrix import ADMIN_ONLY, ADMIN_ONLY_ACCOUNT, Row, _same

ROWS: dict[str, Row] = {
    "login": Row("GET", 200, _same(302), _same(302), _same(302), _same(302)),
    "logout": Row("POST", 302, _same(302), _same(302), _same(302), _same(302)),
    "overview:home": Row("GET", 302, _same(302), _same(302), _same(302), _same(200)),
    "overview:account": Row("GET", 302, _same(200), (200, 404), (200, 404), _same(404)),
    "accounts:list": Row("GET", 302, **ADMIN_ONLY),
    "accounts:add": Row("GET", 302, **ADMIN_ONLY),
    "accounts:edit": Row("GET", 302, **ADMIN_ONLY_ACCOUNT),
    "accounts:test": Row("POST", 302, **{**ADMIN_ONLY_ACCOUNT, "admin": _same(302)}),
    "people:list": Row("GET", 302, **ADMIN_ONLY),
    "people:add": Row("GET", 302, **ADMIN_ONLY),
    "people:edit": Row("GET", 302, **ADMIN_ONLY),
    "audit:list": Row("GET", 302, **ADMIN_ONLY),
    "audit:access": Row("GET", 302, **ADMIN_ONLY),
}
