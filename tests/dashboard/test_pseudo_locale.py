"""Every string a person sees goes through translation (issue 18).

A pseudo-locale is built at test time from the catalogue's strings (each translated as
"⟦" + itself + "⟧"), and every page of the access matrix an admin may open is rendered in it.
Text left outside the brackets that comes from the project's own templates or code (not data
from CM.com or the database: see tests/dashboard/i18n_sources.py) was never translated: the
test names it and the page. A string marked but missing from the catalogue shows too: run
``make makemessages``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from channels_api.sandbox.catalog import LANGUAGES as API_LANGUAGES
from dashboard.core.catalogues import Entry, catalogue_path, read_po, write_mo
from tests.dashboard.i18n_sources import CLOSE, OPEN, python_pieces, untranslated
from tests.dashboard.matrix import load
from tests.dashboard.test_access_matrix import _url

PSEUDO = "en-xa"
MATRIX, _ = load()

# Text from the sources that is the same in every language, each with why.
ALLOWED = frozenset(
    {
        # Product and brand names.
        "Channels Dashboard",
        "CM.com",
        "WhatsApp",
        "SMS",
        "RCS",
        "Viber",
        # Each language is named in itself in the picker, so anyone finds theirs.
        "English",
        "Nederlands",
        "Deutsch",
        # Values of CM.com's API shown as CM.com spells them, on purpose (an HTTP method, a
        # payload type, a purpose, a reserved keyword, a currency code).
        "GET",
        "POST",
        "Json",
        "UNKNOWN",
        "VOICE",
        "INFO",
        "EUR",
        # WhatsApp's template categories as the import file spells them, the import page's
        # example of its format and its column names: read by the importer, never translated.
        "AUTHENTICATION",
        "MARKETING",
        "UTILITY",
        "order_ready",
        "customer_name:text:Ada; amount:currency:EUR 12.50",
        "name",
        "category",
        "language",
        "content",
        "fields",
    }
    # The names CM.com's API gives template languages ("English (US)"): CM.com's data, which
    # the dashboard keys templates by.
    | {name for _, name in API_LANGUAGES}
)
# Pages left out, each with why.
SKIPPED = {
    # A sample file to fill in: its header names the columns the importer reads.
    "imports:sample": "the header row is the import format, not words",
}

# The pages an admin opens (200 on an account granted), and that answer a page, not a file.
PAGES = sorted(
    name
    for name, row in MATRIX.items()
    if row.method == "GET" and row.admin[0] == 200 and name not in SKIPPED
)


def _pseudo(entry: Entry) -> Entry:
    ids = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
    return Entry(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgctxt=entry.msgctxt,
        msgstr=[f"{OPEN}{text}{CLOSE}" for text in ids],
    )


@pytest.fixture(autouse=True)
def back_to_the_default_language() -> Iterator[None]:
    """LocaleMiddleware activates the language a request asked for and leaves it active in
    the thread: later tests (and their words outside a request) get the default back."""
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def pseudo_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """locale/en_XA/LC_MESSAGES/django.mo of every string the Dutch catalogue lists (the
    strings makemessages extracted)."""
    _, entries = read_po(catalogue_path("nl"))
    root = tmp_path_factory.mktemp("pseudo-locale")
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    write_mo(root / "en_XA" / "LC_MESSAGES" / "django.mo", header, [_pseudo(e) for e in entries])
    return root


@pytest.fixture
def in_pseudo_locale(settings: Any, pseudo_catalogue: Path) -> None:
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    settings.LOCALE_PATHS = [pseudo_catalogue, *settings.LOCALE_PATHS]


def _check(response: Any) -> set[str]:
    kind = response.headers.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    if kind.startswith("text/csv"):
        # A CSV's header row is words; its other rows are data.
        header = next(csv.reader(io.StringIO(text)), [])
        return {cell for cell in header if not cell.startswith(OPEN)}
    if not kind.startswith("text/html"):
        return set()
    return untranslated(text, ALLOWED)


def test_the_pseudo_locale_wraps_what_it_translates(in_pseudo_locale, admin_client):
    page = admin_client.get("/login/", HTTP_ACCEPT_LANGUAGE=PSEUDO, follow=True)
    assert f"{OPEN}Channels Dashboard{CLOSE}" in page.content.decode()


def test_the_check_finds_a_string_nobody_marked():
    pieces = (frozenset({"Page not found", "Page"}), frozenset({"Try again later"}))
    page = "<h1>Page not found</h1><p>⟦Channels Dashboard⟧</p><p>Try again later, please</p>"
    # ...and a capitalised word a text starts with: "Page 2 of 3".
    assert untranslated("<p>Page 2 of 3</p>", pieces=pieces) == {"'Page' in 'Page 2 of 3'"}
    assert untranslated(page, pieces=pieces) == {
        "Page not found",
        "'Try again later' in 'Try again later, please'",
    }


def test_the_check_lets_data_and_translated_words_through():
    pieces = (frozenset({"Page not found", "number"}), frozenset())
    page = "<h1>⟦Page not found⟧</h1><p>A Dutch mobile number</p><p title='⟦Page not found⟧'></p>"
    assert untranslated(page, pieces=pieces) == set()


def test_the_names_of_a_translated_sentences_placeholders_are_not_words(tmp_path):
    # A template field named "total" is data; the key below only fills "%(total)s".
    module = tmp_path / "tags.py"
    module.write_text(
        "from django.utils.translation import ngettext\n"
        "n = 2\n"
        'words = ngettext("%(total)s channel", "%(total)s channels", n) % {"total": n}\n'
        'shown = {"label": "Total of all channels"}\n'
    )
    # Other keys may be shown (a dict handed to a template), so they still count.
    assert python_pieces(module) == {"label", "Total of all channels"}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_only_translated_words(
    name, in_pseudo_locale, admin_client, account_a, support_user
):
    url = _url(name, account_a, support_user)
    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert response.status_code == 200
    found = _check(response)
    assert not found, f"{url} shows words that were not translated: {sorted(found)}"
