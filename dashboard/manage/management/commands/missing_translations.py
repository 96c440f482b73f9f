"""``manage.py missing_translations de``: the strings a language's catalogue lacks.

Lists each untranslated or fuzzy entry of locale/<code>/LC_MESSAGES/django.po with where it
is used, and exits 1 when there is any (so CI or a translator can tell "complete" at a glance).
Run ``make makemessages`` first so the catalogue holds the current strings.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dashboard.core.catalogues import catalogue_path, missing


class Command(BaseCommand):
    help = "List the untranslated and fuzzy strings of a language's catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("language", help="a code of settings.LANGUAGES, e.g. de")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options["language"]
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"{language}: not one of settings.LANGUAGES")
        if not catalogue_path(language).exists():
            raise CommandError(f"{language}: no catalogue at {catalogue_path(language)}")
        entries = missing(language)
        for entry in entries:
            state = "fuzzy" if entry.fuzzy else "untranslated"
            where = entry.references[0] if entry.references else ""
            self.stdout.write(f"{state}\t{where}\t{entry.msgid}")
        self.stdout.write(f"{len(entries)} missing in {language}", self.style.NOTICE)
        if entries:
            raise SystemExit(1)
