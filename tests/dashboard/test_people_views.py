"""The people pages: an admin adds people, sets their role and the accounts they may use."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from dashboard.people.models import Role, User


def _person_form(**changes):
    data = {
        "username": "newbie",
        "first_name": "New",
        "last_name": "Person",
        "email": "new@example.com",
        "role": Role.MARKETING,
        "is_active": "on",
        "password": "a-long-enough-passphrase-42",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_people_list_shows_roles_and_accounts(admin_client, support_user, account_a):
    body = admin_client.get("/manage/people/").content.decode()
    assert "sam" in body
    assert "Support" in body
    assert "Account A" in body
    assert "All (admin)" in body


def test_an_admin_adds_a_person_with_a_role_and_accounts(admin_client, account_a):
    response = admin_client.post(
        "/manage/people/add/", _person_form(accounts=[account_a.pk]), follow=True
    )
    assert response.redirect_chain == [("/manage/people/", 302)]
    person = User.objects.get(username="newbie")
    assert person.role == Role.MARKETING
    assert person.check_password("a-long-enough-passphrase-42")
    assert list(person.cm_accounts.all()) == [account_a]
    entry = AuditEntry.objects.get(action="person.create")
    assert entry.sent["password"] == "********"
    assert "a-long-enough-passphrase-42" not in str(entry.sent)


def test_a_weak_password_is_refused(admin_client, db):
    response = admin_client.post("/manage/people/add/", _person_form(password="123"))
    assert response.status_code == 200
    assert not User.objects.filter(username="newbie").exists()


def test_an_admin_changes_a_role_and_the_granted_accounts(
    admin_client, support_user, account_a, account_b
):
    response = admin_client.post(
        f"/manage/people/{support_user.pk}/",
        _person_form(username="sam", role=Role.MARKETING, password="", accounts=[account_b.pk]),
    )
    assert response.status_code == 302
    support_user.refresh_from_db()
    assert support_user.role == Role.MARKETING
    assert list(support_user.cm_accounts.all()) == [account_b]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"person.update", "person.set_accounts"} <= actions


def test_a_person_sees_only_the_accounts_granted_after_the_change(
    admin_client, support_client, support_user, account_a, account_b
):
    assert support_client.get(f"/a/{account_b.account_id}/").status_code == 404
    admin_client.post(
        f"/manage/people/{support_user.pk}/",
        _person_form(username="sam", role=Role.SUPPORT, password="", accounts=[account_b.pk]),
    )
    assert support_client.get(f"/a/{account_b.account_id}/").status_code == 200
    assert support_client.get(f"/a/{account_a.account_id}/").status_code == 404


def test_an_admin_cannot_take_away_their_own_admin_role(admin_client, admin_user):
    response = admin_client.post(
        f"/manage/people/{admin_user.pk}/",
        _person_form(username=admin_user.username, role=Role.SUPPORT, password=""),
    )
    assert response.status_code == 200
    assert "You cannot take away your own admin role." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_the_edit_form_never_shows_the_password_hash(admin_client, support_user):
    body = admin_client.get(f"/manage/people/{support_user.pk}/").content.decode()
    assert support_user.password not in body


@pytest.mark.parametrize("who", ["support_client", "marketing_client"])
def test_only_admins_manage_people(who, request, support_user):
    client = request.getfixturevalue(who)
    assert client.get("/manage/people/").status_code == 403
    response = client.post(
        f"/manage/people/{support_user.pk}/", _person_form(username="sam", role=Role.ADMIN)
    )
    assert response.status_code == 403
    support_user.refresh_from_db()
    assert support_user.role == Role.SUPPORT
