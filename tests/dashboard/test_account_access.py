"""``people.access.get_account_or_404``: the account when the person may use it, else 404 —
the same rule as ``visible_accounts``, for every kind of person and account id."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from dashboard.audit.models import AccessEvent
from dashboard.people.access import get_account_or_404, visible_accounts
from dashboard.people.models import User


def _ask(person, account_id):
    request = RequestFactory().get("/")
    request.user = person
    return get_account_or_404(request, account_id)


@pytest.mark.parametrize("who", ["admin_user", "support_user", "marketing_user", "outsider"])
def test_each_person_gets_exactly_the_accounts_they_may_see(who, request, account_a, account_b):
    person: User = request.getfixturevalue(who)
    allowed = set(visible_accounts(person))
    for account in (account_a, account_b):
        for given in (account.account_id, str(account.account_id), str(account.account_id).upper()):
            if account in allowed:
                assert _ask(person, given) == account
            else:
                with pytest.raises(Http404):
                    _ask(person, given)


def test_an_inactive_person_gets_no_account(admin_user, account_a):
    User.objects.filter(pk=admin_user.pk).update(is_active=False)
    admin_user.refresh_from_db()
    with pytest.raises(Http404):
        _ask(admin_user, account_a.account_id)


@pytest.mark.parametrize("given", ["not-a-uuid", "", "1' OR '1'='1", str(uuid.uuid4())])
def test_an_id_that_names_no_account_is_not_found_and_recorded(given, admin_user, account_a):
    with pytest.raises(Http404):
        _ask(admin_user, given)
    assert AccessEvent.objects.filter(detail__contains="does not exist").exists()
