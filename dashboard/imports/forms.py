"""The upload form: one file, refused over the size limit before it is read."""

from __future__ import annotations

from django import forms

from dashboard.imports import parsing


class UploadForm(forms.Form):
    """A CSV or XLSX file of templates."""

    file = forms.FileField(
        label="File (.csv or .xlsx)",
        help_text=(
            f"Up to {parsing.MAX_BYTES // 1024 // 1024} MB and {parsing.MAX_ROWS:,} rows, "
            "in the layout described above."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            raise forms.ValidationError(parsing.too_big(upload.size))
        return upload
