"""``{% url %}`` in every template reverses once per process (``core.render_once.reversed_url``)
and still gives each site, URL configuration and argument its own link, as Django's does."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix

from dashboard.core.templatetags.urls_once import RememberedURLNode

ACCOUNT_ID = "8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"


def _view(request):
    return HttpResponse("")


# A URL configuration of its own (ROOT_URLCONF = this module) naming "logout" elsewhere.
urlpatterns = [path("elsewhere/logout/", _view, name="logout")]


def _render(source: str, **context) -> str:
    return Template("{% load i18n %}" + source).render(Context(context))


class Named:
    """An argument whose text changes, as a model instance's may."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_every_template_gets_the_remembered_url_without_a_load():
    template = engines["django"].from_string("{% url 'logout' %}")
    nodes = template.template.nodelist.get_nodes_by_type(RememberedURLNode)
    assert len(nodes) == 1
    assert template.render() == reverse("logout")


def test_a_link_with_arguments_is_the_one_django_reverses():
    expected = reverse("overview:account", kwargs={"account_id": ACCOUNT_ID})
    assert _render("{% url 'overview:account' account_id=a %}", a=ACCOUNT_ID) == expected
    assert _render("{% url 'overview:account' a %}", a=ACCOUNT_ID) == expected
    assert _render("{% url 'overview:account' a as link %}[{{ link }}]", a=ACCOUNT_ID) == (
        f"[{expected}]"
    )


def test_the_same_link_under_a_site_path_prefix_is_reversed_under_it():
    assert _render("{% url 'logout' %}") == "/logout/"
    set_script_prefix("/dashboard/")
    try:
        assert _render("{% url 'logout' %}") == "/dashboard/logout/"
    finally:
        set_script_prefix("/")
    assert _render("{% url 'logout' %}") == "/logout/"


def test_another_url_configuration_gets_its_own_link():
    assert _render("{% url 'logout' %}") == "/logout/"
    with override_settings(ROOT_URLCONF=__name__):
        assert _render("{% url 'logout' %}") == "/elsewhere/logout/"
    assert _render("{% url 'logout' %}") == "/logout/"


def test_an_argument_whose_text_changes_gets_its_new_link():
    account = Named(ACCOUNT_ID)
    source = "{% url 'overview:account' account_id=a %}"
    assert _render(source, a=account).endswith(f"/a/{ACCOUNT_ID}/")
    account.text = "3f6a1c2e-8b4d-4e5f-9a7b-1c2d3e4f5a6b"
    assert _render(source, a=account).endswith("/a/3f6a1c2e-8b4d-4e5f-9a7b-1c2d3e4f5a6b/")


def test_a_link_that_does_not_resolve_still_fails_and_as_gives_nothing():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no-such-page' %}")
    assert _render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"
    # Not remembered as a failure: the same name fails the same way again.
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no-such-page' %}")
