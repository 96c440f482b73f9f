"""Django's gettext remembered per translation object (dashboard/core/gettext_memo.py)."""

from __future__ import annotations

from pathlib import Path

from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext, trans_real

from dashboard.core import gettext_memo
from dashboard.core.catalogues import Entry, write_mo

HEADER = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"


def test_a_word_asked_again_is_the_translation_of_the_language_asked_in():
    with translation.override("nl"):
        assert gettext("Channels") == "Kanalen"
        assert gettext("Channels") == "Kanalen"
    with translation.override("en-gb"):
        assert gettext("Channels") == "Channels"
    with translation.override("nl"):
        assert gettext("Channels") == "Kanalen"


def test_a_catalogue_the_settings_change_is_read_afresh_and_forgotten_after(tmp_path: Path):
    write_mo(
        tmp_path / "nl" / "LC_MESSAGES" / "django.mo",
        HEADER,
        [Entry("Channels", msgstr=["Kanaaltjes"])],
    )
    with translation.override("nl"):
        assert gettext("Channels") == "Kanalen"  # remembered from the project's catalogue
    # Django builds its translations anew when LOCALE_PATHS changes (and when it changes back).
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("nl"):
        assert gettext("Channels") == "Kanaaltjes"
    with translation.override("nl"):
        assert gettext("Channels") == "Kanalen"


def test_the_memory_of_a_catalogue_is_bounded(monkeypatch):
    monkeypatch.setattr(gettext_memo, "MAX_REMEMBERED", 3)
    with translation.override("nl"):
        catalogue = trans_real.translation("nl")
        catalogue.__dict__.pop(gettext_memo._MEMO, None)
        words = [gettext(text) for text in ("Channels", "a", "b", "c", "d", "Channels")]

        assert words == ["Kanalen", "a", "b", "c", "d", "Kanalen"]
        assert len(catalogue.__dict__[gettext_memo._MEMO]) == 3


def test_installing_twice_remembers_once():
    gettext_memo.install()
    walk = trans_real.DjangoTranslation.gettext.__wrapped__

    assert not getattr(walk, "remembers", False)
