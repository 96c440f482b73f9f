"""The subscriptions form: which kinds of change, on which accounts, a person gets e-mail for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount
from dashboard.tracker.statuses import Kind


def choice_value(account: CMAccount, kind: str) -> str:
    """The checkbox value of one account and kind: ``<account uuid>:<kind>``."""
    return f"{account.account_id}:{kind}"


class SubscriptionForm(forms.Form):
    """One checkbox per account the person may see and kind of item."""

    subscriptions = forms.MultipleChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _("%(value)s is not an account and kind you can subscribe to.")
        },
    )

    def __init__(self, *args: Any, accounts: Sequence[CMAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = list(accounts)
        self.fields["subscriptions"].choices = [
            (choice_value(account, kind), f"{account.name}: {kind.label}")
            for account in self.accounts
            for kind in Kind
        ]

    def wanted(self) -> set[tuple[int, str]]:
        """The chosen (account pk, kind) pairs; call after is_valid()."""
        by_uuid = {str(account.account_id): account.pk for account in self.accounts}
        chosen: set[tuple[int, str]] = set()
        for value in self.cleaned_data["subscriptions"]:
            account_id, _, kind = value.partition(":")
            chosen.add((by_uuid[account_id], kind))
        return chosen

    def selected(self) -> set[str]:
        """The checked values, as typed when bound (so a refused form keeps them)."""
        if self.is_bound:
            return set(self.data.getlist(self.add_prefix("subscriptions")))
        return set(self.initial.get("subscriptions", []))
