"""``{% signed_in %}``: the footer's "Logged in as … (role) · Language: …" on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dashboard.core.render_once import remembered
from dashboard.people.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_in(context: template.Context) -> SafeString | str:
    """Who is signed in, their role and their language, or nothing for nobody."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    # The role's value, not get_role_display(): its label is looked up in _line, once per
    # role and language (the display builds the field's choices anew, ~80 µs a page).
    args = (
        user.get_username(),
        str(getattr(user, "role", "")),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
    return _line(*args)


@remembered(maxsize=512)
def _line(username: str, role: str, language: str | None, prefix: str, urlconf: Any) -> SafeString:
    """A function of these alone, and on every page: rendered once and remembered (a
    blocktranslate, a reversed link and the language's name were ~0.4 ms a page; issue 19)."""
    try:
        label = str(Role(role).label)
    except ValueError:  # as get_role_display(): a value without a label shows as it is
        label = role
    html = render_to_string("people/_signed_in.html", {"username": username, "role": label})
    return mark_safe(html.strip())  # noqa: S308  (the template's own escaped output)
