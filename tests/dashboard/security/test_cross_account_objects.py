"""An id that belongs to one account, asked for under another account's URL, is a 404.

The access matrix (``tests/dashboard/test_access_matrix.py``) proves who may open which
account; this proves the objects inside: every route of the project whose path names an
object beyond the account (a channel, a configuration item, a channel request, a WhatsApp
request, a profile, a template, a number, a keyword claim) is asked for with account B's URL
and account A's id (and the reverse, and with one id of the pair swapped at a time), GET or
POST as the route takes it, with and without htmx, by an admin (who sees every account) and by
a person granted both accounts whose role may use the route. Each answers 404 (never a page
that says it in place: ``dashboard.core.notfound``; for htmx, with a toast and no swap), shows
nothing of the other account, and a POST sends nothing to CM.com and audits no write as done.

The routes come from the URL resolver: a path parameter that is neither an account's object
nor said not to be one (``NOT_ACCOUNT_OBJECTS``) fails the first test, and a route whose
parameters have no seeded value fails the second, so a new route cannot slip by. Ids that are
in no account, and ids that are not ids at all, are 404s too.

What the dashboard stores itself is filtered by account in its queries, and proven where it
is read: the pending board (``tests/dashboard/tracker/test_board_view.py``), notifications
(``test_notifications_view.py``), subscriptions (``test_subscriptions_view.py``), the numbers'
signed confirmations (``tests/dashboard/numbers/test_number_request_flow.py``), the studio's
drafts (the last test here).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from dashboard.accounts.models import CMAccount
from dashboard.people.models import User
from dashboard.studio import selectors as studio_selectors
from dashboard.studio.models import TemplateDraft
from tests.dashboard.matrix import load
from tests.dashboard.security.objects import (
    ACCOUNT_OBJECTS,
    BODIES,
    HTMX,
    NOT_ACCOUNT_OBJECTS,
    Post,
    ok_audit_entries,
    parameters,
    routes,
    seeds,
    upstream_writes,
    url,
)

MATRIX, _ = load()
OBJECT_ROUTES = sorted(name for name in routes() if parameters(name) & ACCOUNT_OBJECTS)
# Routes with an id that is not an account's own object (still a 404 when nothing has it).
OTHER_ID_ROUTES = sorted(
    name for name in routes() if name not in OBJECT_ROUTES and parameters(name) - {"account_id"}
)


@pytest.fixture
def both_granted(
    account_a: CMAccount, account_b: CMAccount, support_user: User, marketing_user: User
) -> None:
    """Support and marketing may use both accounts: only the ids tell them apart."""
    account_b.users.add(support_user, marketing_user)


def _people(name: str, admin: User, support: User, marketing: User) -> list[tuple[str, User]]:
    """The admin, and the granted person whose role may use the route (support unless the
    matrix says support is refused it, then marketing)."""
    granted = marketing if MATRIX[name].support[0] == 403 else support
    return [("admin", admin), (granted.role, granted)]


def _send(client: Client, name: str, target: str, body: dict[str, Any], htmx: bool) -> Any:
    headers = HTMX if htmx else {}
    if MATRIX[name].method == "POST":
        return client.post(target, body, headers=headers)
    return client.get(target, headers=headers)


def _variants(name: str) -> Iterator[frozenset[str]]:
    """Which of the route's ids come from the other account: all of them, then each alone."""
    own = parameters(name) & ACCOUNT_OBJECTS
    yield frozenset(own)
    if len(own) > 1:
        for one in sorted(own):
            yield frozenset({one})


def _client(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_every_path_parameter_is_an_account_object_or_said_not_to_be() -> None:
    named = {parameter for name in routes() for parameter in parameters(name)}
    assert named - ACCOUNT_OBJECTS - set(NOT_ACCOUNT_OBJECTS) == set(), (
        "a new path parameter: add it to ACCOUNT_OBJECTS (and a seeded value) or say why it "
        "is not an account's object in NOT_ACCOUNT_OBJECTS"
    )


def test_every_route_with_an_object_id_has_a_seeded_value_in_both_accounts(
    account_a: CMAccount, account_b: CMAccount
) -> None:
    assert OBJECT_ROUTES, "the resolver found no route with an object id"
    for account in (account_a, account_b):
        known = set(seeds(account).path) | {"account_id"}
        missing = {name: parameters(name) - known for name in OBJECT_ROUTES}
        assert {name: gap for name, gap in missing.items() if gap} == {}
    ids_a, ids_b = seeds(account_a).path, seeds(account_b).path
    shared = {key for key in ACCOUNT_OBJECTS if ids_a[key] == ids_b[key]}
    assert shared == set(), "the two accounts must not share the ids the tests swap"


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_an_id_of_one_account_under_the_other_accounts_url_is_404(
    name: str,
    sandbox: Any,
    both_granted: None,
    account_a: CMAccount,
    account_b: CMAccount,
    admin_user: User,
    support_user: User,
    marketing_user: User,
) -> None:
    got: dict[tuple[str, ...], Any] = {}
    for owner, asked in ((account_a, account_b), (account_b, account_a)):
        theirs, ours = seeds(owner), seeds(asked)
        for swapped in _variants(name):
            values = {**ours.path, **{key: theirs.path[key] for key in swapped}}
            target = url(name, asked, values)
            for role, person in _people(name, admin_user, support_user, marketing_user):
                body = BODIES[name](Post(values, ours, asked, person)) if name in BODIES else {}
                client = _client(person)
                for htmx in (False, True):
                    response = _send(client, name, target, body, htmx)
                    key = (asked.name, ",".join(sorted(swapped)), role, "htmx" if htmx else "")
                    got[key] = _refusal(response, theirs.company)
    wrong = {key: answer for key, answer in got.items() if answer}
    assert (wrong, upstream_writes(sandbox), ok_audit_entries()) == ({}, [], [])


def _refusal(response: Any, other_company: str = "") -> str:
    """Why an answer is not a refusal of an unknown id ("" when it is one): a 404 that shows
    nothing of the other account; for htmx, one that swaps nothing and says why in a toast."""
    page = response.content.decode(errors="replace")
    if other_company and other_company in page:
        return f"{response.status_code}: shows the other account's data"
    if response.status_code != 404:
        return f"{response.status_code}: not a 404"
    if response.request.get("HTTP_HX_REQUEST") and (
        response.headers.get("HX-Reswap") != "none"
        or '"toast"' not in response.headers.get("HX-Trigger", "")
    ):
        return "404 for htmx without a toast, or one that would swap"
    return ""


def _nowhere(parameter: str) -> str:
    """An id that no account has."""
    if parameter == "phone_number_id":
        return "987654321098"
    if parameter == "element":
        return "carrier-pigeon"
    if parameter in ("item_id", "mapping_id"):
        return "987654321"
    return str(uuid.uuid4())


@pytest.mark.parametrize("name", OBJECT_ROUTES + OTHER_ID_ROUTES)
def test_an_id_that_no_account_has_is_404(
    name: str, sandbox: Any, account_a: CMAccount, admin_user: User
) -> None:
    ours = seeds(account_a)
    client = _client(admin_user)
    got = {}
    for parameter in sorted(parameters(name) - {"account_id"}):
        if parameter == "person_id":
            values, person = {}, User(pk=987654)
        else:
            values, person = {**ours.path, parameter: _nowhere(parameter)}, admin_user
        target = url(name, account_a, values, person)
        body = BODIES[name](Post(values, ours, account_a, admin_user)) if name in BODIES else {}
        for htmx in (False, True):
            got[(parameter, htmx)] = _refusal(_send(client, name, target, body, htmx))
    wrong = {key: answer for key, answer in got.items() if answer}
    assert (wrong, upstream_writes(sandbox), ok_audit_entries()) == ({}, [], [])


@pytest.mark.parametrize("name", OBJECT_ROUTES + OTHER_ID_ROUTES)
def test_an_id_that_is_not_an_id_is_404(
    name: str, account_a: CMAccount, admin_user: User, support_user: User
) -> None:
    ours = seeds(account_a)
    client = _client(admin_user)
    target = url(name, account_a, ours.path, support_user)
    got = {}
    for parameter in sorted(parameters(name) - {"account_id"}):
        value = str(support_user.pk) if parameter == "person_id" else ours.path[parameter]
        marker = f"/{value}/"
        assert marker in target, f"{name}: {parameter} not found in {target}"
        for bad in ("not-an-id", "..%2F..%2F", "1%20OR%201=1"):
            broken = target.replace(marker, f"/{bad}/", 1)
            got[(parameter, bad)] = _send(client, name, broken, {}, False).status_code
    assert {key: status for key, status in got.items() if status != 404} == {}


def test_a_draft_saved_in_one_account_is_not_found_under_another(
    sandbox: Any,
    both_granted: None,
    account_a: CMAccount,
    account_b: CMAccount,
    marketing_user: User,
) -> None:
    # CM.com answers for one account only, so no URL reaches another account's draft; the
    # query is filtered by account all the same, should an id ever be shared.
    ids = seeds(account_a).path
    client = _client(marketing_user)
    body = {"content-english-us": "Hi {{1}}, a draft only account A has."}
    client.post(url("studio:draft", account_a, ids), body, headers=HTMX)
    request_id, template_id = ids["whatsapp_request_id"], ids["template_id"]
    assert TemplateDraft.objects.filter(account=account_a, template_id=template_id).exists()
    assert studio_selectors.existing_draft(account_a, request_id, template_id) is not None
    assert studio_selectors.existing_draft(account_b, request_id, template_id) is None
