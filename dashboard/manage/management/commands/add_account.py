"""``manage.py add_account --name NAME --account-id UUID --token TOKEN [--base-url URL]``.

Adds the CM account, or updates the one with that account id. Never prints the token.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.manage.accounts.services import account_upsert


class Command(BaseCommand):
    """Add or update one CM account from a script."""

    help = "Add a CM.com account, or update the one with this account id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Display name")
        parser.add_argument("--account-id", required=True, help="CM account id (uuid)")
        parser.add_argument("--token", required=True, help="Product token (stored encrypted)")
        parser.add_argument("--base-url", default=None, help="API base URL (default: CM.com's)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            account_id = uuid.UUID(options["account_id"])
        except ValueError:
            raise CommandError("--account-id: not a uuid") from None
        token = (options["token"] or "").strip()
        if not token:
            raise CommandError("--token: must not be empty")
        try:
            account, created = account_upsert(
                actor=None,
                name=options["name"],
                account_id=account_id,
                token=token,
                base_url=options["base_url"],
            )
        except ValidationError as error:
            # Messages name the field, never its value: the token cannot leak through here.
            raise CommandError(f"invalid account: {'; '.join(error.messages)}") from None
        verb = "Added" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} account {account.name!r} ({account.account_id}) at {account.base_url}; "
                f"token ends in {account.token_last4}"
            )
        )
