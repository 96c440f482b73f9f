"""``core.wording``: a sentence stored as its key and parts is said in the reader's language,
its parts too, even when they are another app's sentences; CM.com's words are kept as given
(issue 18)."""

from __future__ import annotations

import pickle

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy

from dashboard.core import wording
from dashboard.core.wording import Said

# Sentences the Dutch catalogue has (the copy's and upstream's), in tables of the tests' own.
COPY = {"not_copied": gettext_noop("Not copied: %(words)s")}
UPSTREAM = {
    "bad_request": gettext_noop("CM.com refused the request: %(message)s"),
    "fix": ngettext_lazy(
        "Fix %(count)d error before requesting validation.",
        "Fix %(count)d errors before requesting validation.",
        "count",
    ),
}


@pytest.fixture(autouse=True)
def tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(wording._TABLES, "elsewhere", UPSTREAM)
    monkeypatch.setitem(wording._TABLES, "copy", COPY)


def test_said_words_are_the_sentence_in_the_active_language_and_keep_their_parts():
    with translation.override("en"):
        words = wording.say("elsewhere", "bad_request", message="Naam bevat verboden woorden")

    assert isinstance(words, str)
    assert words == "CM.com refused the request: Naam bevat verboden woorden"
    assert words.parts == {"msg": "elsewhere.bad_request", "message": "Naam bevat verboden woorden"}


def test_another_apps_sentence_nested_in_ours_is_said_in_the_readers_language():
    with translation.override("en"):
        refused = wording.say("elsewhere", "bad_request", message="Naam bevat verboden woorden")
        stored = wording.said("not_copied", words=wording.part(refused))

    with translation.override("nl"):
        shown = wording.compose(COPY, stored, "")

    assert shown == "Niet gekopieerd: CM.com weigerde het verzoek: Naam bevat verboden woorden"


def test_a_namespaced_key_composes_whichever_table_the_reader_starts_from():
    with translation.override("en"):
        refused = wording.say("elsewhere", "bad_request", message="nee")

    with translation.override("nl"):
        assert wording.compose({}, refused.parts) == "CM.com weigerde het verzoek: nee"


def test_a_key_stored_without_a_namespace_still_composes_from_the_table_given():
    stored = {"msg": "not_copied", "words": "Naam bevat verboden woorden"}

    with translation.override("nl"):
        assert wording.compose(COPY, stored, "") == "Niet gekopieerd: Naam bevat verboden woorden"


def test_a_key_of_a_table_nobody_registered_shows_the_stored_words():
    stored = {"msg": "newer_app.something", "words": "x"}

    assert wording.compose(COPY, stored, "As first written.") == "As first written."


def test_words_that_were_not_said_are_kept_as_given_as_a_part():
    assert wording.part("CM.com's own words") == "CM.com's own words"
    assert wording.parts_of("CM.com's own words") is None


def test_a_plural_sentence_takes_its_form_from_the_count_in_the_readers_language():
    with translation.override("en"):
        one = wording.say("elsewhere", "fix", count=1)
        three = wording.say("elsewhere", "fix", count=3)

    assert one == "Fix 1 error before requesting validation."
    with translation.override("nl"):
        assert wording.compose({}, one.parts) == "Verbeter 1 fout voordat je validatie aanvraagt."
        assert (
            wording.compose({}, three.parts) == "Verbeter 3 fouten voordat je validatie aanvraagt."
        )


def test_pieces_said_one_after_another_keep_the_words_given_and_the_parts_of_the_said():
    with translation.override("en"):
        refused = wording.say("elsewhere", "bad_request", message="nee")
        both = wording.one_after_another("Checked by hand.", "", refused)

    assert both == "Checked by hand. CM.com refused the request: nee"
    assert isinstance(both, Said)
    with translation.override("nl"):
        shown = wording.compose({}, both.parts)
    assert shown == "Checked by hand. CM.com weigerde het verzoek: nee"


def test_one_said_alone_after_nothing_is_itself():
    with translation.override("en"):
        refused = wording.say("elsewhere", "bad_request", message="nee")

    assert wording.one_after_another("", refused) is refused
    assert wording.one_after_another("only words", "") == "only words"


def test_said_words_keep_their_parts_through_pickling():
    with translation.override("en"):
        refused = wording.say("elsewhere", "bad_request", message="nee")

    again = pickle.loads(pickle.dumps(refused))  # noqa: S301  (bytes made just above)

    assert again == refused
    assert again.parts == refused.parts


def test_lazy_words_are_kept_as_the_words_they_say_when_stored():
    with translation.override("nl"):
        words = wording.say("copy", "not_copied", words=gettext_lazy("Saved to CM.com."))

    assert words.parts == {"msg": "copy.not_copied", "words": "Opgeslagen bij CM.com."}
