"""``first_where``: a row by equal fields, its SQL written once; with ``newest``, the row of
several that ``order_by`` on those fields, descending, gives first."""

from __future__ import annotations

from datetime import UTC, datetime

from dashboard.core.sql_once import first_where
from dashboard.studio.models import TemplateVersion

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _version(account, number: int, at: datetime = AT) -> TemplateVersion:
    return TemplateVersion.objects.create(
        account=account,
        request_id="r",
        template_id="t",
        number=number,
        reason="saved",
        created_at=at,
    )


def test_newest_is_the_row_with_the_highest_value(account_a):
    for number in (1, 3, 2):
        _version(account_a, number)

    found = first_where(
        TemplateVersion, newest=("number",), account=account_a.pk, request_id="r", template_id="t"
    )

    assert found is not None
    assert found.number == 3


def test_a_tie_on_the_first_field_is_broken_by_the_next(account_a):
    _version(account_a, 1, AT.replace(hour=10))
    _version(account_a, 2)
    _version(account_a, 3)

    newest = ("created_at", "number")
    found = first_where(
        TemplateVersion, newest=newest, account=account_a.pk, request_id="r", template_id="t"
    )

    assert found is not None
    assert found.number == 1
    ordered = TemplateVersion.objects.filter(account=account_a, request_id="r", template_id="t")
    assert found == ordered.order_by("-created_at", "-number").first()


def test_without_a_match_there_is_none(account_a):
    _version(account_a, 1)

    assert (
        first_where(
            TemplateVersion,
            newest=("number",),
            account=account_a.pk,
            request_id="r",
            template_id="x",
        )
        is None
    )


def _values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname) for field in type(instance)._meta.fields
    }


def test_a_row_comes_back_as_the_orm_would_give_it_converters_and_all(account_a):
    from dashboard.accounts.models import CMAccount

    version = _version(account_a, 7)
    version.contents = {"English (US)": "Hi {{1}}."}
    version.save()

    found_version = first_where(TemplateVersion, id=version.pk)
    found_account = first_where(CMAccount, account_id=account_a.account_id)

    assert _values(found_version) == _values(TemplateVersion.objects.get(pk=version.pk))
    assert found_version.contents == {"English (US)": "Hi {{1}}."}  # JSON, decoded
    assert found_version.created_at == AT  # an aware datetime
    # The product token's own field converter ran: the same token the ORM reads.
    assert _values(found_account) == _values(CMAccount.objects.get(pk=account_a.pk))
    assert found_account.token.reveal() == account_a.token.reveal()
    assert not found_account._state.adding


def test_values_come_back_as_the_orms_values_list_gives_them_newest_first(account_a):
    from dashboard.core.sql_once import values_where

    for number, approved in ((1, AT), (3, None), (2, AT)):
        version = _version(account_a, number)
        version.approved_at = approved
        version.reason = "submitted" if approved else "saved"
        version.save()
    TemplateVersion.objects.filter(pk=_version(account_a, 9).pk).update(template_id="other")

    found = values_where(
        TemplateVersion,
        ("reason", "approved_at"),
        newest=("number",),
        account=account_a.pk,
        request_id="r",
        template_id="t",
    )

    orm = TemplateVersion.objects.filter(account=account_a, request_id="r", template_id="t")
    assert found == list(orm.order_by("-number").values_list("reason", "approved_at"))
    assert found == [("saved", None), ("submitted", AT), ("submitted", AT)]  # aware datetimes
    assert values_where(TemplateVersion, ("number",), account=account_a.pk, template_id="x") == []
