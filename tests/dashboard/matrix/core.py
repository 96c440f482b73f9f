"""The shell's routes: login, overview, and the admin pages."""

from tests.dashboard.matrix import ADMIN_ONLY, ADMIN_ONLY_ACCOUNT, Row, _same

EVERYONE = {role: _same(200) for role in ("admin", "support", "marketing", "outsider")}
# An empty POST is a form with nothing chosen: refused in words (400), for everyone alike.
EVERYONE_BAD_POST = {role: _same(400) for role in EVERYONE}

ROWS: dict[str, Row] = {
    "login": Row("GET", 200, _same(302), _same(302), _same(302), _same(302)),
    # the containers' health check (issue 19): anyone, logged in or not
    "healthz": Row("GET", 200, **EVERYONE),
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
    # the exports of both (issue 18)
    "audit:export_csv": Row("GET", 302, **ADMIN_ONLY),
    "audit:export_jsonl": Row("GET", 302, **ADMIN_ONLY),
    "audit:access_export_csv": Row("GET", 302, **ADMIN_ONLY),
    "audit:access_export_jsonl": Row("GET", 302, **ADMIN_ONLY),
    # a person's own notification preferences (issue 18)
    "notify:preferences": Row("GET", 302, **EVERYONE),
    "notify:preferences_save": Row("POST", 302, **EVERYONE_BAD_POST),
    # a person's own language (issue 18); an empty POST is "the browser's", a valid choice
    "me:language": Row("GET", 302, **EVERYONE),
    "me:language_save": Row("POST", 302, **{role: _same(302) for role in EVERYONE}),
}
