"""Every write is refused (403) to the roles whose capability does not allow it, with a body
the page's own form would send, with and without htmx; nothing reaches CM.com and no write is
audited (the refusal itself is recorded as an AccessEvent).

The access matrix (``tests/dashboard/test_access_matrix.py``) already proves the statuses with
empty POSTs, and anonymous requests (a redirect to log in; an htmx write after the session
ended is ``tests/dashboard/security/test_htmx_expiry.py``); this adds realistic bodies, the
sandbox's log and the audit trail. The POST routes come from the URL resolver (a route takes a
POST when its method decorator does not answer 405); one without a body in
``objects.BODIES`` or a capability in ``objects.NEEDS`` fails the first test.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessEvent, AccessKind, AuditEntry
from dashboard.people.access import ROLE_CAPABILITIES
from dashboard.people.models import User
from tests.dashboard.security.objects import (
    BODIES,
    HTMX,
    NEEDS,
    Post,
    accepts_post,
    drafts_state,
    ok_audit_entries,
    routes,
    seeds,
    upstream_writes,
    url,
)

WRITES = sorted(BODIES)
# Steps the page walks first, so that the write itself can go through (the OTP walk).
BEFORE = {
    "whatsapp:otp_send": ["whatsapp:otp_confirm"],
    "whatsapp:otp_verify": ["whatsapp:otp_confirm", "whatsapp:otp_send"],
}


def test_every_route_that_takes_a_post_has_a_realistic_body_and_a_capability(
    account_a: CMAccount, outsider: User
) -> None:
    values = seeds(account_a).path
    posted = {name for name in routes() if accepts_post(name, account_a, values, outsider)}
    assert (posted - set(BODIES), set(BODIES) - posted) == (set(), set())
    assert set(NEEDS) == set(BODIES)


def _refused_roles(name: str) -> list[str]:
    need = NEEDS[name]
    if need is None:
        return []
    return [role for role in ("support", "marketing") if need not in ROLE_CAPABILITIES[role]]


@pytest.mark.parametrize("name", [n for n in WRITES if _refused_roles(n)])
def test_each_body_goes_through_for_a_role_that_may_send_it(
    name: str, sandbox: Any, account_a: CMAccount, admin_user: User
) -> None:
    # What makes the refusals below honest: the same body from an admin changes something
    # (CM.com, the audit trail, a draft) or moves the page on, so a 403 is the access check.
    client = Client()
    client.force_login(admin_user)
    ours = seeds(account_a)
    for step in [*BEFORE.get(name, []), name]:
        target = url(step, account_a, ours.path, admin_user)
        # The body first: making it may prepare what the write needs (a version to restore).
        body = BODIES[step](Post(ours.path, ours, account_a, admin_user))
        drafts_before, audited_before = drafts_state(), AuditEntry.objects.count()
        response = client.post(target, body)
    effects = {
        "sent to CM.com": bool(upstream_writes(sandbox)),
        "audited": AuditEntry.objects.count() > audited_before,
        "a draft changed": drafts_state() != drafts_before,
        # Confirming the number is kept in the session only: the walk moves on to "send".
        "moved on": name == "whatsapp:otp_confirm" and response.status_code == 302,
    }
    assert any(effects.values()), f"{name}: {response.status_code}, nothing happened"


@pytest.mark.parametrize("name", WRITES)
def test_a_write_is_refused_to_each_role_without_its_capability(
    name: str,
    sandbox: Any,
    account_a: CMAccount,
    support_user: User,
    marketing_user: User,
) -> None:
    people = {"support": support_user, "marketing": marketing_user}
    ours = seeds(account_a)
    roles = _refused_roles(name)
    # The bodies first: making one may prepare what the write needs (a version to restore).
    bodies = {role: BODIES[name](Post(ours.path, ours, account_a, people[role])) for role in roles}
    drafts_before = drafts_state()
    got = {}
    for role in roles:
        person = people[role]
        client = Client()
        client.force_login(person)
        target = url(name, account_a, ours.path, person)
        body = bodies[role]
        for htmx in (False, True):
            response = client.post(target, body, headers=HTMX if htmx else {})
            got[(role, htmx)] = response.status_code
    assert {key: status for key, status in got.items() if status != 403} == {}
    assert upstream_writes(sandbox) == []
    assert ok_audit_entries() == []
    assert drafts_state() == drafts_before
    if got:
        refusals = AccessEvent.objects.filter(kind=AccessKind.FORBIDDEN).count()
        assert refusals == len(got)


@pytest.mark.parametrize("name", [n for n in WRITES if NEEDS[n] is not None])
def test_an_anonymous_write_goes_to_log_in_and_sends_nothing(
    name: str, client: Client, sandbox: Any, account_a: CMAccount, support_user: User
) -> None:
    ours = seeds(account_a)
    target = url(name, account_a, ours.path, support_user)
    body = BODIES[name](Post(ours.path, ours, account_a, support_user))
    response = client.post(target, body)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.post(target, body, headers=HTMX).status_code == 401
    assert upstream_writes(sandbox) == []
    assert ok_audit_entries() == []
