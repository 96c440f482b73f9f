"""The audit pages' filter forms (GET)."""

from __future__ import annotations

from typing import Any

from django import forms

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessKind
from dashboard.audit.selectors import audit_actions
from dashboard.people.models import User


class AuditFilterForm(forms.Form):
    """Filter by account, person and action; every field optional."""

    account = forms.ChoiceField(label="Account", required=False)
    person = forms.ChoiceField(label="Person", required=False)
    action = forms.ChoiceField(label="Action", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", "All accounts")] + [
            (str(a.account_id), a.name) for a in CMAccount.objects.only("name", "account_id")
        ]
        self.fields["person"].choices = [("", "Everyone")] + [
            (str(u.pk), u.username) for u in User.objects.only("username")
        ]
        self.fields["action"].choices = [("", "All actions")] + [
            (action, action) for action in audit_actions()
        ]


class AccessFilterForm(forms.Form):
    """Filter sign-ins and refusals by what happened."""

    kind = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Everything"), *AccessKind.choices]
    )
