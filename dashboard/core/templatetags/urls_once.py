"""``{% url %}`` as Django's, with the reverse remembered (``core.render_once.reversed_url``).

A builtin (settings ``TEMPLATES``), loaded after Django's own tags, so it replaces Django's
``{% url %}`` in every template without a ``{% load %}``: same syntax, same output, same
``NoReverseMatch`` (or an empty ``as`` variable). A page reverses the same few links on every
view (the header's, its own back links), each ~60 µs on the benchmark's machine (issue 19).
"""

from __future__ import annotations

from django import template
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from dashboard.core.render_once import reversed_url

register = template.Library()


class RememberedURLNode(URLNode):
    """Django's URLNode, reversing through ``reversed_url``."""

    def render(self, context: template.Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        # As Django's URLNode: the request's app instance, for namespaced URLs.
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reversed_url(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    """Django's ``{% url %}`` (same arguments), remembered (see the module)."""
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
