"""``manage.py rotate_token_keys``: re-encrypt every product token with the first key.

Rotation: put a new key first in TOKEN_ENCRYPTION_KEYS (keep the old ones after it), run this,
then remove the old keys.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dashboard import audit
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.manage.accounts.services import accounts_rotate_token_keys


class Command(BaseCommand):
    """Re-encrypt stored product tokens with the current first key."""

    help = "Re-encrypt every stored product token with the first TOKEN_ENCRYPTION_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = accounts_rotate_token_keys()
        except TokenDecryptionError as error:
            raise CommandError(f"{error}; nothing was changed") from None
        audit.record(
            actor=None,
            account=None,
            action="accounts.rotate_token_keys",
            sent={"re_encrypted": count},
        )
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} product token(s)."))
