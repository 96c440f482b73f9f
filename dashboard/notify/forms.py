"""The form of /me/notifications/: one choice per kind of event, the accounts, the hour."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount
from dashboard.notify.models import URGENT, Event, How

URGENT_HELP = _("Urgent: sent at once, never saved for the digest.")


class PreferencesForm(forms.Form):
    """How each kind of event reaches the person, which accounts, and the digest's hour."""

    every_account = forms.BooleanField(
        label=_("Every account I may use"), required=False, initial=True
    )
    accounts = forms.ModelMultipleChoiceField(
        label=_("Only these accounts"),
        queryset=CMAccount.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Used when “Every account I may use” is not ticked."),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Send the daily digest at (UTC)"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00 UTC") for hour in range(24)],
        help_text=_("The dashboard keeps no time zone per person, so the hour is UTC."),
    )

    def __init__(self, *args: Any, visible: QuerySet[CMAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = visible  # type: ignore[attr-defined]
        for event in Event:
            urgent = event in URGENT
            choices = [(h.value, h.label) for h in How if not (urgent and h == How.DIGEST)]
            self.fields[f"event_{event.value}"] = forms.ChoiceField(
                label=event.label,
                choices=choices,
                help_text=URGENT_HELP if urgent else _("Information."),
                error_messages={
                    "invalid_choice": f"{event.label} is urgent: choose the app or e-mail at "
                    "once, never the digest."
                    if urgent
                    else "Choose one of the ways offered."
                },
            )

    @property
    def event_fields(self) -> list[forms.BoundField]:
        return [self[f"event_{event.value}"] for event in Event]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("every_account") and not data.get("accounts"):
            self.add_error("accounts", _("Tick at least one account, or every account."))
        return data

    def choices(self) -> dict[str, str]:
        """Event → how, from valid data."""
        return {event.value: self.cleaned_data[f"event_{event.value}"] for event in Event}
