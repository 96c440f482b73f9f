"""The list's filters read from the query (``ListFilterForm.asked``) as a bound form without
the category choices cleans them."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from dashboard.studio.forms import ListFilterForm


def _as_a_form_cleans(query: QueryDict) -> tuple[str, str, str]:
    form = ListFilterForm(query)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return tuple(cleaned.get(name) or "" for name in ("q", "category", "status"))  # type: ignore[return-value]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=+order+&status=rejected",
        "category=MARKETING&status=nonsense",
        f"q={'x' * 101}&category=UTILITY",
        "q=a&q=b&category=%00",
        "status=&category=+",
    ],
)
def test_the_filters_asked_are_what_a_form_without_categories_cleans(query):
    asked = QueryDict(query)
    assert ListFilterForm.asked(asked) == _as_a_form_cleans(asked)


def test_an_invalid_filter_is_empty_and_the_others_are_kept():
    assert ListFilterForm.asked(QueryDict(f"q={'x' * 101}&status=rejected")) == ("", "", "rejected")


def test_asking_leaves_the_forms_fields_as_they_were():
    before = ListFilterForm(QueryDict("q=order"), categories=["MARKETING"]).as_p()
    ListFilterForm.asked(QueryDict(f"q={'x' * 101}&status=nonsense"))
    assert ListFilterForm(QueryDict("q=order"), categories=["MARKETING"]).as_p() == before
