"""Forms for the people pages: add a person, edit their role and granted accounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount
from dashboard.people.models import Role, User


class PersonForm(forms.Form):
    """A person's details, role, granted accounts and (on add, or to reset) a password."""

    # The model's rule (letters, digits and @.+-_): a plain form does not run it by itself.
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    # 254 as the model's column: a longer address would fail at the database, not here.
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    accounts = forms.ModelMultipleChoiceField(
        label=_("Accounts they may use"),
        queryset=CMAccount.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Admins see every account whatever is ticked here."),
    )
    is_active = forms.BooleanField(label=_("May log in"), required=False, initial=True)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def __init__(
        self, *args: Any, person: User | None = None, editor: User | None = None, **kwargs: Any
    ) -> None:
        self.person = person
        self.editor = editor
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": person.username,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "role": person.role,
                "accounts": list(person.cm_accounts.all()),
                "is_active": person.is_active,
            }
        super().__init__(*args, **kwargs)
        if person is None:
            self.fields["password"].required = True
        else:
            self.fields["password"].help_text = _("Leave blank to keep their password.")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        others = User.objects.filter(username__iexact=username)
        if self.person is not None:
            others = others.exclude(pk=self.person.pk)
        if others.exists():
            raise forms.ValidationError(_("Someone already has this username."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An admin cannot lock themselves out: someone must be left to manage people.
        if self.person is not None and self.editor is not None and self.person.pk == self.editor.pk:
            if data.get("role") and data["role"] != Role.ADMIN and not self.person.is_superuser:
                self.add_error("role", _("You cannot take away your own admin role."))
            if "is_active" in data and not data["is_active"]:
                self.add_error("is_active", _("You cannot stop yourself from logging in."))
        return data

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            validate_password(password, self.person)
        return password


class LanguageForm(forms.Form):
    """The language a person reads the dashboard in: one of settings.LANGUAGES, or the
    browser's (blank). Each language is named in itself, so a person who cannot read the
    current one still finds theirs."""

    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("The browser's language")),
            *settings.LANGUAGES,
        ]
