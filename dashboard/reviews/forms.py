"""The reviews' forms: the account's policy and the reviewer's comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.reviews.models import ReviewKind, ReviewPolicy
from dashboard.reviews.services import MAX_COMMENT


class PolicyForm(forms.Form):
    """One switch per kind of write that may need a second person."""

    def __init__(self, *args: Any, policy: ReviewPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in ReviewKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=policy.requires(kind.value)
            )

    def wanted(self) -> set[str]:
        """The kinds switched on."""
        return {kind for kind in ReviewKind.values if self.cleaned_data.get(kind)}


class SendBackForm(forms.Form):
    """Sending back needs words: the author sees them on the template."""

    comment = forms.CharField(
        label=_("What should change"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what should change: the author sees your comment."),
            # The validator fills in limit_value (MAX_COMMENT).
            "max_length": _("Keep the comment under %(limit_value)d characters."),
        },
    )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Say what should change: the author sees your comment."))
        return comment
