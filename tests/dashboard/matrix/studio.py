"""The studio's routes: WhatsApp templates.

Reading (the request picker, the list, the editor page) needs BROWSE: every role. Authoring
(create, the editor's POSTs, duplicate) needs AUTHOR_TEMPLATES: marketing and admin; support
gets 403. The matrix sends empty POSTs: an autosave, save, validation, removal or delete
without inputs changes nothing and goes back to the editor (302); adding a field or a language
without its input shows the editor with the error at that input (200). The sample template is
the request's first, an approved one, so "Request validation" has nothing to submit.
"""

from __future__ import annotations

import functools

from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.upstream import client_for
from tests.dashboard.matrix import Row, _same

BROWSE = {
    "admin": _same(200),
    "support": (200, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
AUTHOR = {
    "admin": _same(200),
    "support": (403, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
AUTHOR_REDIRECT = {**AUTHOR, "admin": _same(302), "marketing": (302, 404)}

ROWS: dict[str, Row] = {
    "studio:pick": Row("GET", 302, **BROWSE),
    "studio:list": Row("GET", 302, **BROWSE),
    "studio:create": Row("GET", 302, **AUTHOR),
    "studio:edit": Row("GET", 302, **BROWSE),
    "studio:draft": Row("POST", 302, **AUTHOR_REDIRECT),
    "studio:save": Row("POST", 302, **AUTHOR_REDIRECT),
    "studio:field_add": Row("POST", 302, **AUTHOR),
    "studio:field_delete": Row("POST", 302, **AUTHOR_REDIRECT),
    "studio:language_add": Row("POST", 302, **AUTHOR),
    "studio:language_remove": Row("POST", 302, **AUTHOR_REDIRECT),
    "studio:validate": Row("POST", 302, **AUTHOR_REDIRECT),
    "studio:duplicate": Row("POST", 302, **AUTHOR_REDIRECT),
    # --- template versions (issue 15): the history reads like the editor; restoring is
    # authoring (an empty POST names no version: back to the history, 302).
    "studio:versions": Row("GET", 302, **BROWSE),
    "studio:compare": Row("GET", 302, **BROWSE),
    "studio:restore": Row("POST", 302, **AUTHOR_REDIRECT),
}


@functools.cache
def _seeded(account_id: str, base_url: str) -> dict[str, str]:
    # The sandbox seeds the same ids for an account after every reset, so one read per
    # account serves every route of the matrix (this provider runs for all areas' routes).
    account = CMAccount.objects.get(account_id=account_id)
    with client_for(account) as client:
        requests = client.channels.list_requests(take=100)
        types = client.channels.list_types(take=100)
        chosen = core_selectors.whatsapp_channel_request(requests, types)
        assert chosen is not None
        assert chosen.id
        first = client.templates.list(chosen.id, take=1)
    return {"whatsapp_request_id": chosen.id, "template_id": str(first[0].id)}


def samples(account: CMAccount) -> dict[str, str]:
    """The account's live WhatsApp channel request and its first template."""
    return _seeded(str(account.account_id), account.base_url)
