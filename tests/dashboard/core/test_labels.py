"""One table of words for the API's names: every value the sandbox serves has words, an
unknown value shows as CM.com spells it and is logged once, and the template filter reads it."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.functional import Promise

from channels_api.models import ReviewStatus
from channels_api.sandbox import catalog, state
from dashboard.core import labels
from dashboard.core.labels import LABELS, label

# What the sandbox serves, per vocabulary, read from its catalog: a value the sandbox starts
# serving fails here until it has words.
SERVED: dict[str, set[str]] = {
    labels.CHANNEL_TYPE: {kind.key for kind in catalog.channel_types()} | set(catalog.COMING_SOON),
    labels.CHANNEL_CATEGORY: {
        category.name for kind in catalog.channel_types() for category in kind.categories
    },
    labels.TEMPLATE_CATEGORY: {category.name for category in catalog.template_categories()},
    labels.TEMPLATE_STATUS: {str(status) for status in ReviewStatus},
    labels.CHANNEL_STAGE: set(state.STAGES),
    labels.NUMBER_CATEGORY: set(catalog.NUMBER_CATEGORIES),
    labels.NUMBER_PURPOSE: set(catalog.PURPOSES),
}


@pytest.mark.parametrize("vocabulary", sorted(SERVED))
def test_every_value_the_sandbox_serves_has_words(vocabulary):
    missing = SERVED[vocabulary] - set(LABELS[vocabulary])
    assert not missing, f"no words for {vocabulary}: {sorted(missing)}"
    assert all(label(vocabulary, value).strip() for value in SERVED[vocabulary])


def test_template_categories_read_as_words():
    assert [label("template_category", c) for c in ("UTILITY", "MARKETING", "AUTHENTICATION")] == [
        "Utility",
        "Marketing",
        "Authentication",
    ]
    assert label("channel_type", "whatsApp") == "WhatsApp"
    assert label("channel_category", "businessAccount") == "Business account"


def test_an_unknown_value_shows_as_itself_and_is_logged_exactly_once(caplog):
    value = f"NEW_CATEGORY_{uuid.uuid4().hex[:8]}"
    with caplog.at_level(logging.WARNING, logger="dashboard.core.labels"):
        assert label("template_category", value) == value
        assert label("template_category", value) == value
        assert (
            Template('{% load labels %}{{ v|label:"template_category" }}').render(
                Context({"v": value})
            )
            == value
        )
    said = [r for r in caplog.records if r.name == "dashboard.core.labels"]
    assert len(said) == 1
    assert "template_category" in said[0].getMessage()
    assert value in said[0].getMessage()


def test_the_same_value_unknown_in_another_vocabulary_is_logged_for_that_one_too(caplog):
    value = f"other{uuid.uuid4().hex[:8]}"
    with caplog.at_level(logging.WARNING, logger="dashboard.core.labels"):
        label("channel_type", value)
        label("channel_category", value)
    assert len([r for r in caplog.records if r.name == "dashboard.core.labels"]) == 2


def test_nothing_and_an_empty_value_show_nothing_and_log_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard.core.labels"):
        assert label("template_category", None) == ""
        assert label("template_category", "") == ""
    assert not caplog.records


def test_the_filter_puts_an_api_value_in_words():
    rendered = Template('{% load labels %}Category: {{ v|label:"template_category" }}').render(
        Context({"v": "UTILITY"})
    )
    assert rendered == "Category: Utility"


def test_the_words_are_translatable():
    # Marked with gettext_lazy: each lookup translates in the active language, so a catalogue
    # for a language changes them without touching the table.
    with translation.override("en"):
        assert label("template_category", "UTILITY") == "Utility"
    assert all(isinstance(words, Promise) for table in LABELS.values() for words in table.values())
