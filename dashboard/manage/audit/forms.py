"""The audit pages' filter forms (GET)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessKind
from dashboard.audit.selectors import audit_actions
from dashboard.people.models import User


class PeriodForm(forms.Form):
    """A period of whole days, both ends included, in the dashboard's time zone (the one the
    pages show times in); either end may be left open."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The period ends before it starts: choose a later day."))
        return data

    def period(self) -> dict[str, datetime | None]:
        """The period as moments: ``since`` included, ``until`` (the next midnight) excluded."""
        data = self.cleaned_data if self.is_valid() else {}
        since, until = data.get("since"), data.get("until")
        return {
            "since": _midnight(since) if since else None,
            "until": _midnight(until + timedelta(days=1)) if until else None,
        }


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditFilterForm(PeriodForm):
    """Filter by account, person, action and period; every field optional."""

    account = forms.ChoiceField(label=_("Account"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    field_order = ["account", "person", "action", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", _("All accounts"))] + [
            (str(a.account_id), a.name) for a in CMAccount.objects.only("name", "account_id")
        ]
        self.fields["person"].choices = [("", _("Everyone"))] + [
            (str(u.pk), u.username) for u in User.objects.only("username")
        ]
        self.fields["action"].choices = [("", _("All actions"))] + [
            (action, action) for action in audit_actions()
        ]


class AccessFilterForm(PeriodForm):
    """Filter sign-ins and refusals by what happened, the person and the period (they belong
    to no account, so there is no account to filter by)."""

    kind = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("Everything")), *AccessKind.choices],
    )
    person = forms.ChoiceField(label=_("Person"), required=False)
    field_order = ["kind", "person", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Everyone"))] + [
            (str(u.pk), u.username) for u in User.objects.only("username")
        ]
