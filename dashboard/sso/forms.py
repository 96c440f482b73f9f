"""The admin's form for one group mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount
from dashboard.people.models import Role
from dashboard.sso.models import GroupMapping


class GroupMappingForm(forms.Form):
    """A company group, the role its members get, and the accounts they may use."""

    group = forms.CharField(
        label=_("Company group"),
        max_length=200,
        help_text=_("Exactly as your identity provider sends it in the groups claim."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    accounts = forms.ModelMultipleChoiceField(
        label=_("Accounts its members may use"),
        queryset=CMAccount.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Admins see every account whatever is ticked here."),
    )

    def __init__(self, *args: Any, mapping: GroupMapping | None = None, **kwargs: Any) -> None:
        self.mapping = mapping
        if mapping is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "group": mapping.group,
                "role": mapping.role,
                "accounts": list(mapping.accounts.all()),
            }
        super().__init__(*args, **kwargs)

    def clean_group(self) -> str:
        group: str = self.cleaned_data["group"].strip()
        others = GroupMapping.objects.filter(group=group)
        if self.mapping is not None:
            others = others.exclude(pk=self.mapping.pk)
        if others.exists():
            raise forms.ValidationError(_("This group is mapped already; edit that mapping."))
        return group
