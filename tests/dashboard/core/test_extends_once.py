"""``{% extends %}`` in every template finds the root's blocks once
(``core.templatetags.extends_once``) and renders what Django's does."""

from __future__ import annotations

from django.template import Context, Engine, engines

from dashboard.core.templatetags.extends_once import ExtendsOnceNode

TEMPLATES = {
    "root.html": "<title>{% block title %}Root{% endblock %}</title>"
    "<main>{% block content %}root content{% endblock %}</main>"
    "<footer>{% block footer %}{% block inner %}inner{% endblock %}{% endblock %}</footer>",
    "middle.html": '{% extends "root.html" %}{% block title %}Middle · {{ block.super }}'
    "{% endblock %}{% block inner %}middle inner{% endblock %}",
    "page.html": '{% extends "middle.html" %}{% block content %}page {{ name }}{% endblock %}',
    "other.html": '{% extends "root.html" %}{% block footer %}other footer{% endblock %}',
    "dynamic.html": "{% extends parent %}{% block content %}dynamic{% endblock %}",
}


def _engine(*builtins: str) -> Engine:
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", TEMPLATES)], builtins=list(builtins)
    )


def test_every_template_gets_it_without_a_load():
    template = engines["django"].from_string('{% extends "base.html" %}')
    assert isinstance(template.template.nodelist[0], ExtendsOnceNode)


def test_pages_render_as_with_djangos_extends_again_and_again():
    ours = _engine("dashboard.core.templatetags.extends_once")
    django = _engine()
    context = {"name": "<b>", "parent": "root.html"}
    for name in ("page.html", "other.html", "middle.html", "dynamic.html", "page.html"):
        expected = django.get_template(name).render(Context(context))
        assert ours.get_template(name).render(Context(context)) == expected
    assert ours.get_template("page.html").render(Context(context)) == (
        "<title>Middle · Root</title><main>page &lt;b&gt;</main><footer>middle inner</footer>"
    )


def test_two_pages_on_one_parent_each_keep_their_own_blocks():
    ours = _engine("dashboard.core.templatetags.extends_once")
    assert "other footer" in ours.get_template("other.html").render(Context())
    page = ours.get_template("page.html").render(Context({"name": "x"}))
    assert "other footer" not in page
    assert "<footer>middle inner</footer>" in page


def test_a_parent_given_as_a_template_is_extended():
    ours = _engine("dashboard.core.templatetags.extends_once")
    parent = ours.from_string("[{% block content %}parent{% endblock %}]")
    assert ours.get_template("dynamic.html").render(Context({"parent": parent})) == "[dynamic]"
