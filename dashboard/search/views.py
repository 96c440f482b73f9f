"""GET /search/?q=…: the whole page, or with htmx only its results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dashboard.core.htmx import render_page
from dashboard.people.access import Capability, require
from dashboard.search import selectors
from dashboard.search.forms import SearchForm


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """What the person's query finds in every account they may see; nothing from CM.com.

    Without ``q`` the page only shows the box; with it, the form says what is wrong or the
    results show, grouped by account, with how fresh each account's index is.
    """
    require(request, need=Capability.BROWSE)
    asked = "q" in request.GET
    form = SearchForm(request.GET if asked else None)
    results = selectors.search(request.user, form.cleaned_data["q"]) if form.is_valid() else None
    context = {"form": form, "asked": asked, "results": results, "limit": selectors.LIMIT}
    return render_page(request, "search/search.html", context, fragment="results")
