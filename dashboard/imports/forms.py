"""The upload form: one file, refused over the size limit before it is read."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dashboard.imports import parsing


class UploadForm(forms.Form):
    """A CSV or XLSX file of templates."""

    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        # Lazy, then formatted when shown (format_lazy), in the reader's language.
        help_text=format_lazy(
            _("Up to {mb} MB and {rows} rows, in the layout described above."),
            mb=parsing.MAX_BYTES // 1024 // 1024,
            rows=f"{parsing.MAX_ROWS:,}",
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            raise forms.ValidationError(parsing.too_big(upload.size))
        return upload
