"""The search box's one field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 100


class SearchForm(forms.Form):
    """What to look for: 2 to 100 characters."""

    q = forms.CharField(
        label=_("Search all your accounts"),
        min_length=2,
        max_length=MAX_LENGTH,
        error_messages={
            "required": _(
                "Type what to look for: a template name, a number, a keyword, a "
                "channel type or a profile name."
            ),
            "min_length": _("Type at least 2 characters."),
            # The validator fills in limit_value (MAX_LENGTH).
            "max_length": _(
                "That is longer than anything search finds: keep it to %(limit_value)d "
                "characters or fewer."
            ),
        },
        # No maxlength attribute: a longer text pasted in is kept and told about, not cut.
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].widget.attrs.pop("maxlength", None)
        self.fields["q"].widget.attrs.pop("minlength", None)
