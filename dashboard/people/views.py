"""Admin pages for people: list, add, edit role and granted accounts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.people import services
from dashboard.people.access import Capability, require
from dashboard.people.forms import LanguageForm, PersonForm
from dashboard.people.models import User

LANGUAGE_PAGE = "people/language.html"


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone, with their role and the accounts they may use."""
    require(request, need=Capability.MANAGE_PEOPLE)
    people = User.objects.prefetch_related("cm_accounts")
    return render(request, "people/list.html", {"people": people})


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    """Add a person."""
    require(request, need=Capability.MANAGE_PEOPLE)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.person_create(
            actor=request.user,
            username=data["username"],
            role=data["role"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            is_active=data["is_active"],
            accounts=data["accounts"],
        )
        messages.success(request, _("%(username)s added.") % {"username": person.username})
        return redirect("people:list")
    return render(request, "people/form.html", {"form": form, "person": None})


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Edit a person's details, role, granted accounts, or reset their password."""
    require(request, need=Capability.MANAGE_PEOPLE)
    person = get_object_or_404(User, pk=person_id)
    form = PersonForm(request.POST or None, person=person, editor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.person_update(
            actor=request.user,
            person=person,
            username=data["username"],
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            is_active=data["is_active"],
            password=data["password"] or None,
        )
        services.person_set_accounts(actor=request.user, person=person, accounts=data["accounts"])
        messages.success(request, _("%(username)s saved.") % {"username": person.username})
        return redirect("people:list")
    return render(request, "people/form.html", {"form": form, "person": person})


@require_GET
def language(request: HttpRequest) -> HttpResponse:
    """/me/language/: the person's own language (nobody sets another's)."""
    require(request, need=Capability.BROWSE)
    form = LanguageForm(initial={"language": request.user.language})  # type: ignore[union-attr]
    return render(request, LANGUAGE_PAGE, {"form": form})


@require_POST
def language_save(request: HttpRequest) -> HttpResponse:
    """Save the person's language and show the page again in it (a full page load: every
    part of the page changes language, so no fragment is swapped)."""
    require(request, need=Capability.BROWSE)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, LANGUAGE_PAGE, {"form": form}, status=400)
    person = services.person_set_language(
        actor=request.user,
        person=request.user,  # type: ignore[arg-type]
        language=form.cleaned_data["language"],
    )
    # The confirmation is in the language just chosen (or the browser's, for blank); override,
    # so the rest of this request (and the thread) keeps the language it had.
    with translation.override(person.language or get_language_from_request(request)):
        messages.success(request, _("Language saved."))
    return redirect("me:language")
