"""A model field that keeps a product token encrypted, and the value object it hands out.

In Python the value is a ``SecretToken``: it holds the ciphertext and decrypts only when
``reveal()`` is called, and its ``str``/``repr`` never show the token, so a debug page, a log
line or a template that prints the field shows nothing secret. Assigning a plain ``str``
encrypts it on save.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from dashboard.accounts import crypto


class SecretToken:
    """An encrypted product token; ``reveal()`` is the only way to the plain text."""

    __slots__ = ("ciphertext",)

    def __init__(self, ciphertext: str) -> None:
        self.ciphertext = ciphertext

    @classmethod
    def from_plain(cls, plain: str) -> SecretToken:
        """Encrypt a plain token with the current first key."""
        return cls(crypto.encrypt(plain))

    def reveal(self) -> str:
        """The plain token: pass it straight to the API client, never keep or show it."""
        return crypto.decrypt(self.ciphertext)

    def __repr__(self) -> str:
        return "SecretToken('********')"

    def __str__(self) -> str:
        return "********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretToken) and other.ciphertext == self.ciphertext

    def __hash__(self) -> int:
        return hash(self.ciphertext)


class EncryptedTokenField(models.TextField):
    """Stores Fernet ciphertext; gives and takes ``SecretToken`` (or a plain str to encrypt)."""

    description = "An encrypted secret token"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else SecretToken(value)

    def to_python(self, value: Any) -> SecretToken | None:
        if value is None or isinstance(value, SecretToken):
            return value
        return SecretToken.from_plain(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, SecretToken):
            return value.ciphertext
        if value == "":
            return ""
        return crypto.encrypt(str(value))

    def value_to_string(self, obj: models.Model) -> str:
        # Serialisers (dumpdata) get the ciphertext, never the plain token.
        value = self.value_from_object(obj)
        return value.ciphertext if isinstance(value, SecretToken) else ""
