"""Admins map company groups to a role and accounts on a page of the admin menu; each change
is audited."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from dashboard.sso.models import GroupMapping


def test_the_admin_menu_leads_to_the_company_login_page(admin_client):
    page = admin_client.get("/manage/people/").content.decode()

    assert 'href="/manage/company-login/"' in page


def test_an_admin_maps_a_group_and_it_is_listed_and_audited(admin_client, account_a):
    response = admin_client.post(
        "/manage/company-login/add/",
        {"group": "Support NL", "role": "support", "accounts": [account_a.pk]},
    )

    assert response.status_code == 302
    mapping = GroupMapping.objects.get(group="Support NL")
    assert list(mapping.accounts.all()) == [account_a]
    page = admin_client.get("/manage/company-login/").content.decode()
    assert "Support NL" in page
    assert account_a.name in page
    entry = AuditEntry.objects.get(action="sso.mapping_create")
    assert entry.target == "Support NL"


def test_a_group_mapped_twice_is_refused_in_words_and_the_typed_value_stays(admin_client, db):
    GroupMapping.objects.create(group="Support NL", role="support")

    response = admin_client.post(
        "/manage/company-login/add/", {"group": "Support NL", "role": "marketing"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This group is mapped already" in page
    assert 'value="Support NL"' in page
    assert GroupMapping.objects.count() == 1


def test_an_admin_edits_and_removes_a_mapping_and_both_are_audited(admin_client, db):
    mapping = GroupMapping.objects.create(group="Writers", role="marketing")

    admin_client.post(
        f"/manage/company-login/{mapping.pk}/", {"group": "Writers", "role": "support"}
    )
    mapping.refresh_from_db()
    assert mapping.role == "support"

    admin_client.post(f"/manage/company-login/{mapping.pk}/delete/")
    assert not GroupMapping.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="sso.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["sso.mapping_update", "sso.mapping_delete"]


def test_the_page_lists_who_signed_in_through_the_company_with_their_groups(
    admin_client, support_user
):
    from django.utils import timezone

    from dashboard.sso.models import CompanyIdentity

    CompanyIdentity.objects.create(
        user=support_user,
        issuer="https://id.example.com",
        subject="abc",
        groups=["Support NL", "Everyone"],
        seen_at=timezone.now(),
    )

    page = admin_client.get("/manage/company-login/").content.decode()

    assert "Support NL, Everyone" in page
    assert support_user.username in page
