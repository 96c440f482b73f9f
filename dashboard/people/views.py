"""Admin pages for people: list, add, edit role and granted accounts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from dashboard.people import services
from dashboard.people.access import Capability, require
from dashboard.people.forms import PersonForm
from dashboard.people.models import User


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
        messages.success(request, f"{person.username} added.")
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
        messages.success(request, f"{person.username} saved.")
        return redirect("people:list")
    return render(request, "people/form.html", {"form": form, "person": person})
