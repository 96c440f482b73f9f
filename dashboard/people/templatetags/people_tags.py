"""``{% signed_in %}``: the footer's "Logged in as … (role) · Language: …" on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dashboard.core.render_once import remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_in(context: template.Context) -> SafeString | str:
    """Who is signed in, their role and their language, or nothing for nobody."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    args = (
        user.get_username(),
        str(user.get_role_display()),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
    return _line(*args)


@remembered(maxsize=512)
def _line(username: str, role: str, language: str | None, prefix: str, urlconf: Any) -> SafeString:
    """A function of these alone, and on every page: rendered once and remembered (a
    blocktranslate, a reversed link and the language's name were ~0.4 ms a page; issue 19)."""
    html = render_to_string("people/_signed_in.html", {"username": username, "role": role})
    return mark_safe(html.strip())  # noqa: S308  (the template's own escaped output)
