"""``{% company_login as sso %}``: what the login page offers, read from the settings when the
page renders (so a test that turns company login on sees the button)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def company_login() -> dict[str, Any]:
    """Whether company login is on, the provider's name, and whether passwords are."""
    return {
        "enabled": getattr(settings, "OIDC_ENABLED", False),
        "name": getattr(settings, "OIDC_PROVIDER_NAME", ""),
        "password_login": settings.PASSWORD_LOGIN,
    }
