"""/me/notifications/: a person's own notification preferences (nobody edits another's)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard.core.capabilities import Capability
from dashboard.core.htmx import done, is_htmx
from dashboard.notify import selectors, services
from dashboard.notify.forms import PreferencesForm
from dashboard.notify.models import URGENT, Event
from dashboard.people.access import require, visible_accounts

PAGE = "notify/preferences.html"


def _context(form: PreferencesForm) -> dict[str, Any]:
    return {"form": form, "urgent": [Event(event).label for event in Event if event in URGENT]}


def _initial(person: Any) -> dict[str, Any]:
    chosen = selectors.choices_of(person)
    narrowed = selectors.chosen_account_ids(person)
    return {
        "every_account": narrowed is None,
        "accounts": sorted(narrowed or ()),
        "digest_hour": selectors.settings_of(person).digest_hour,
        **{f"event_{event}": how.value for event, how in chosen.items()},
    }


@require_GET
def preferences(request: HttpRequest) -> HttpResponse:
    """The form, filled with what the person chose (or their role's defaults)."""
    require(request, need=Capability.BROWSE)
    form = PreferencesForm(initial=_initial(request.user), visible=visible_accounts(request.user))
    return render(request, PAGE, _context(form))


@require_POST
def preferences_save(request: HttpRequest) -> HttpResponse:
    """Save the person's own choices; a refused form comes back with its message and what was
    chosen."""
    require(request, need=Capability.BROWSE)
    visible = visible_accounts(request.user)
    form = PreferencesForm(request.POST, visible=visible)
    if not form.is_valid():
        name = f"{PAGE}#preferences-form" if is_htmx(request) else PAGE
        return render(request, name, _context(form), status=400)
    data = form.cleaned_data
    services.preferences_update(
        actor=request.user,
        choices=form.choices(),
        every_account=bool(data["every_account"]),
        accounts=list(data["accounts"]),
        digest_hour=int(data["digest_hour"]),
    )
    messages.success(request, _("Notification preferences saved."))
    saved = PreferencesForm(initial=_initial(request.user), visible=visible)
    return done(
        request,
        reverse("notify:preferences"),
        PAGE,
        _context(saved),
        fragment="preferences-form",
    )
