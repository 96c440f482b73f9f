"""The account form: the product token is write-only (never pre-filled; blank keeps it), and
replacing it asks for the editor's own password again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import DEFAULT_BASE_URL, CMAccount
from dashboard.people.models import Role, User


class AccountForm(forms.Form):
    """Add or edit a CM account. Used by the views; services do the saving."""

    name = forms.CharField(label=_("Display name"), max_length=120)
    account_id = forms.UUIDField(
        label=_("CM account id"), help_text=_("The account's uuid, as CM.com shows it.")
    )
    token = forms.CharField(
        label=_("Product token"),
        required=False,
        strip=True,
        max_length=200,
        # render_value=False: the stored token is never sent back to the browser.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    base_url = forms.URLField(
        label=_("API base URL"), initial=DEFAULT_BASE_URL, max_length=300, assume_scheme="https"
    )
    current_password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        help_text=_("Needed only to replace the product token."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "current-password"}),
    )
    users = forms.ModelMultipleChoiceField(
        label=_("People who may use it"),
        queryset=User.objects.exclude(role=Role.ADMIN).filter(is_active=True, is_superuser=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Admins see every account."),
    )

    def __init__(
        self,
        *args: Any,
        account: CMAccount | None = None,
        editor: User | None = None,
        **kwargs: Any,
    ) -> None:
        self.account = account
        self.editor = editor
        self.reauth_failed = False
        if account is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": account.name,
                "account_id": account.account_id,
                "base_url": account.base_url,
                "users": list(account.users.all()),
            }
        super().__init__(*args, **kwargs)
        if account is None:
            self.fields["token"].required = True
            # A new account has no token to take over; its token is set once, here.
            del self.fields["current_password"]
        else:
            self.fields["token"].help_text = _("Leave blank to keep the current token.")

    def clean_account_id(self) -> Any:
        value = self.cleaned_data["account_id"]
        others = CMAccount.objects.filter(account_id=value)
        if self.account is not None:
            others = others.exclude(pk=self.account.pk)
        if others.exists():
            raise forms.ValidationError(_("Another account already has this CM account id."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Someone at an unlocked screen must not be able to point an account at another token
        # (and so at another customer's CM.com account): replacing it takes the password.
        if self.account is not None and data.get("token"):
            password = data.get("current_password") or ""
            if self.editor is None or not password or not self.editor.check_password(password):
                self.reauth_failed = bool(password)
                self.add_error(
                    "current_password",
                    "Type your own password to replace the product token."
                    if not password
                    else "That is not your password; the token was not replaced.",
                )
        return data
