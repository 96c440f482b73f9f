"""``manage.py seed_demo``: demo people and the sandbox's demo account, idempotently.

Creates ``admin``, ``support`` and ``marketing`` (passwords ``<name>-demo``), registers the
sandbox demo account and grants it to support and marketing, gives one template a version
history (``dashboard.manage.demo_history``), seeds a year of tracker history marked demo
(``dashboard.tracker.demo``, for the approval-time charts), and prints the logins.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dashboard.manage import demo_history
from dashboard.manage.accounts.services import account_upsert
from dashboard.people.models import Role, User
from dashboard.studio.reviewing import seed_demo_review
from dashboard.tracker import demo as tracker_demo

DEMO_ACCOUNT_ID = "8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"
DEMO_TOKEN = "2c1b9f0e-5d7a-4e3b-8a61-0f4c2d9e7b35"  # noqa: S105 (the sandbox demo token, public)
DEMO_BASE_URL = "http://127.0.0.1:8765/channels/v1"
DEMO_PEOPLE = (
    ("admin", Role.ADMIN),
    ("support", Role.SUPPORT),
    ("marketing", Role.MARKETING),
)


class Command(BaseCommand):
    """Seed the demo: three people, one sandbox account."""

    help = "Create the demo people and register the sandbox demo account (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default=DEMO_BASE_URL, help="The sandbox's base URL")
        parser.add_argument("--account-id", default=DEMO_ACCOUNT_ID, help="Demo account id")
        parser.add_argument("--token", default=DEMO_TOKEN, help="Demo account's product token")
        parser.add_argument("--name", default="Demo (sandbox)", help="Display name")

    def handle(self, *args: Any, **options: Any) -> None:
        people = {}
        for username, role in DEMO_PEOPLE:
            person, _ = User.objects.get_or_create(username=username, defaults={"role": role})
            person.role = role
            person.is_active = True
            person.set_password(f"{username}-demo")
            person.save()
            people[username] = person
        account, created = account_upsert(
            actor=None,
            name=options["name"],
            account_id=options["account_id"],
            token=options["token"],
            base_url=options["base_url"],
        )
        account.users.add(people["support"], people["marketing"])
        self.stdout.write(
            f"{'Registered' if created else 'Updated'} account {account.name!r} "
            f"({account.account_id}) at {account.base_url}"
        )
        # One template with a version history to show (read from the sandbox; nothing sent).
        self.stdout.write(demo_history.seed_history(account, people["marketing"]))
        # One review waiting (the account then requires review of template validation).
        review = seed_demo_review(account=account, author=people["marketing"])
        self.stdout.write(
            f"Review waiting: {review.display_label}"
            if review
            else "No demo review: the sandbox is down."
        )
        # A year of made-up approvals (marked demo), so the approval-time charts show something.
        self.stdout.write(tracker_demo.seed_history(account))
        self.stdout.write("Demo logins (username / password):")
        for username, role in DEMO_PEOPLE:
            self.stdout.write(f"  {username} / {username}-demo  ({role.label})")
