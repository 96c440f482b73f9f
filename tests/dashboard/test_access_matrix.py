"""Every URL, role, and account granted or not answers as the table says, with and without htmx.

The tables in ``tests/dashboard/matrix/`` (one module per area) list every route name the
project has; ``test_every_route_is_in_the_matrix``
fails when a route is added without a row, so a new page cannot ship unchecked. Statuses:
200 page, 302 redirect, 403 role lacks the capability, 404 account not granted (as if it did
not exist), 405 wrong method. Account routes use account_a (granted to support and marketing)
and account_b (granted to nobody; admins see every account).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboard.matrix import load, routes

MATRIX, SAMPLE_PROVIDERS = load()

ROLES = ["admin", "support", "marketing", "outsider"]


def test_every_route_is_in_the_matrix():
    names = set(routes())
    assert names - set(MATRIX) == set(), "add these routes to MATRIX with their statuses"
    assert set(MATRIX) - names == set(), "these MATRIX rows name routes that no longer exist"


def _url(name: str, account, person) -> str:
    converters = routes()[name].pattern.converters
    kwargs = {}
    if "account_id" in converters:
        kwargs["account_id"] = account.account_id
    if "person_id" in converters:
        kwargs["person_id"] = person.pk
    for provider in SAMPLE_PROVIDERS:
        for key, value in provider(account).items():
            if key in converters and key not in kwargs:
                kwargs[key] = value
    missing = set(converters) - set(kwargs)
    assert not missing, f"{name}: give the matrix a sample value for {missing}"
    return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def people(admin_client, support_client, marketing_client, outsider_client):
    return {
        "admin": admin_client,
        "support": support_client,
        "marketing": marketing_client,
        "outsider": outsider_client,
    }


def _send(client, method: str, url: str, htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    return (
        client.post(url, headers=headers) if method == "POST" else client.get(url, headers=headers)
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_status_the_matrix_says(
    name, people, client, account_a, account_b, support_user
):
    row = MATRIX[name]
    got, expected = {}, {}
    for granted, account in ((True, account_a), (False, account_b)):
        url = _url(name, account, support_user)
        for role in ROLES:
            want = getattr(row, role)[0 if granted else 1]
            expected[(role, granted)] = want
            got[(role, granted)] = _send(people[role], row.method, url).status_code
            if want != 302:
                # An htmx request (a partial) is held to the same rule as the full page.
                expected[(role, granted, "htmx")] = want
                got[(role, granted, "htmx")] = _send(
                    people[role], row.method, url, True
                ).status_code
        expected[("anonymous", granted)] = row.anonymous
        got[("anonymous", granted)] = _send(client, row.method, url).status_code
    assert got == expected


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row.method == "POST"))
def test_post_only_routes_refuse_get(name, admin_client, account_a, support_user):
    assert admin_client.get(_url(name, account_a, support_user)).status_code == 405


def test_an_account_that_does_not_exist_is_404_for_everyone(people, db):
    for client in people.values():
        assert client.get("/a/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_a_deactivated_person_is_logged_out_everywhere(support_client, support_user, account_a):
    support_user.is_active = False
    support_user.save()
    assert support_client.get(f"/a/{account_a.account_id}/").status_code == 302
