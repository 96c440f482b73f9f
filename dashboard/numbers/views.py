"""Pages for phone numbers and SMS keywords: lists, details, exports, and the two dry-run flows.

Money is never spent in one step. Requesting a number and claiming a keyword go
choose → POST "check" (a dry run with ``simulate=true``, audited) → a confirmation page with
the cost and a signed token → POST "confirm" (the real request, audited) → the list. Backing
out of the confirmation sends nothing. Cancelling a number or a claim goes through a page that
says what happens (blocked at once, billed to the end of the month); a number must be typed.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import notfound
from dashboard.core.dates import expected_by
from dashboard.core.htmx import is_htmx, render_page
from dashboard.core.paging import page_number
from dashboard.numbers import confirmations, exports, reviewing, selectors, services
from dashboard.numbers.forms import (
    ConfirmationForm,
    Filtering,
    KeywordCancelForm,
    KeywordClaimForm,
    KeywordFilterForm,
    NumberCancelForm,
    NumberFilterForm,
    NumberRequestCheckForm,
    NumberTypeFilterForm,
    RequestFilterForm,
)
from dashboard.people.access import Capability, get_account_or_404
from dashboard.upstream import UpstreamFailure

# Words operators answer themselves (carrier rules such as CTIA's): claimable, but messages
# with them may never reach the account. Shown as a warning on the claim's confirmation.
OPERATOR_KEYWORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "HELP", "INFO", "START"}
)
PICKER_QUERY_MAX = 40


# --- helpers -------------------------------------------------------------------------------


def _query(request: HttpRequest) -> str:
    """The request's query string without ``page``: the filters shown, for pager and export."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """End a flow on another page: a redirect, or HX-Redirect when htmx sent the form."""
    if is_htmx(request):
        return HttpResponseClientRedirect(url, status=204)
    return redirect(url)


def _refused(result: upstream.WriteResult[Any]) -> bool:
    """CM.com answered no (4xx): the input is the problem, trying again will not help."""
    return result.answered and (result.status or 0) < 500


def _problem(result: upstream.WriteResult[Any], not_found: str) -> UpstreamFailure:
    """The result's failure, with words for "not found" that name what was not found."""
    failure = _checked_failure(result)
    if failure.kind == "not_found":
        return UpstreamFailure("not_found", not_found, failure.status)
    return failure


def _checked_failure(result: upstream.WriteResult[Any]) -> UpstreamFailure:
    """A write that did not happen (or may have), in words: CM.com's refusal, or what the
    check after a lost answer found."""
    failure = result.failure or UpstreamFailure("unexpected", "")
    return dataclasses.replace(failure, message=result.message)


def _number_or_404(account: CMAccount, found: Any) -> Any:
    """The number the URL names; a 404 when CM.com has no such number."""
    back = (_url("numbers:list", account), "the phone numbers")
    return notfound.found_or_404(found, "phone number", back=back)


def _claim_or_404(account: CMAccount, found: Any) -> Any:
    """The keyword claim the URL names; a 404 when CM.com has no such claim."""
    back = (_url("numbers:keywords", account), "the keywords")
    return notfound.found_or_404(found, "keyword claim", back=back)


def _url(name: str, account: CMAccount, query: dict[str, str] | None = None, **kwargs: Any) -> str:
    url = reverse(name, kwargs={"account_id": account.account_id, **kwargs})
    return f"{url}?{urlencode(query)}" if query else url


@dataclass(frozen=True)
class _List:
    """Where one of the filtered, paged lists lives (they share one shape: a filter form, one
    page read upstream, an htmx panel)."""

    template: str
    url_name: str
    panel: str  # the id of the results htmx swaps when filtering or paging (a partialdef)
    area: str  # the id of the filters and the results together (a partialdef too)


_NUMBERS = _List("numbers/number_list.html", "numbers:list", "number-panel", "number-area")
_TYPES = _List("numbers/number_types.html", "numbers:types", "types-panel", "types-area")
_REQUESTS = _List(
    "numbers/number_requests.html", "numbers:requests", "requests-panel", "requests-area"
)
_KEYWORDS = _List("numbers/keyword_list.html", "numbers:keywords", "keyword-panel", "keyword-area")


NUMBER_CANCEL = "numbers/number_cancel.html"
KEYWORD_CANCEL = "numbers/keyword_cancel.html"
KEYWORD_CLAIM = "numbers/keyword_claim.html"


def _list_context(
    request: HttpRequest, account: CMAccount, listed: _List, form: Filtering, results: Any
) -> dict[str, Any]:
    return {
        "account": account,
        "form": form,
        "results": results,
        "query": _query(request),
        "list_url": _url(listed.url_name, account),
        "panel": listed.panel,
        "area": listed.area,
    }


def _list_page(
    request: HttpRequest, account: CMAccount, listed: _List, form: Filtering, results: Any
) -> HttpResponse:
    """A filtered, paged list: the page, or only its panel when htmx asks (filters, pager).
    ``results`` None (invalid filters, nothing read) asks to fix the filters."""
    context = _list_context(request, account, listed, form, results)
    # Filtering and paging swap only the results: the filters stay as typed in the browser.
    # Errors are shown at the filters, so then the filters come too (and the form aims its
    # next request at both, which clears the errors once fixed).
    whole = results is None or (
        is_htmx(request) and request.htmx.target == listed.area  # type: ignore[attr-defined]
    )
    response = render_page(
        request, listed.template, context, fragment=listed.area if whole else listed.panel
    )
    if whole and is_htmx(request):
        retarget(response, f"#{listed.area}")
        reswap(response, "outerHTML")
    return response


def _export_failed(
    request: HttpRequest, account: CMAccount, listed: _List, failure: UpstreamFailure, what: str
) -> HttpResponse:
    """An export whose first page could not be read: a page that leads back to the list."""
    back = _url(listed.url_name, account) + (f"?{_query(request)}" if request.GET else "")
    context = {"account": account, "failure": failure, "what": what, "back": back}
    return render(request, "numbers/export_failed.html", context, status=502)


def _csv_name(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate().isoformat()}.csv"


def _read_confirmation(
    request: HttpRequest, account: CMAccount, kind: str
) -> dict[str, Any] | None:
    """The checked values of a dry run's signed token, spent so it confirms once; None (and the
    reason as a message) when it is forged, stale, for someone else, or already used."""
    form = ConfirmationForm(request.POST)
    try:
        checked = confirmations.read(
            kind, str(form.data.get("token", "")), account=account, actor=request.user
        )
        confirmations.spend(kind, checked["nonce"])
    except confirmations.ConfirmationInvalid as error:
        messages.error(request, error.message)
        return None
    return checked


# --- phone numbers -------------------------------------------------------------------------


@require_GET
def number_list(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Shared and owned numbers: search, filter by country, owned, short code, shared; paged."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    form = NumberFilterForm.read(request.GET)
    # Invalid filters read nothing upstream.
    results = (
        selectors.numbers_page(account, form.filters(), page_number(request.GET.get("page")))
        if form.is_valid()
        else None
    )
    return _list_page(request, account, _NUMBERS, form, results)


@require_GET
def number_export(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The numbers matching the filters shown, as CSV, streamed page by page. Invalid filters
    show the list with their errors."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    form = NumberFilterForm.read(request.GET)
    if not form.is_valid():
        context = _list_context(request, account, _NUMBERS, form, None)
        return render(request, _NUMBERS.template, context)
    items = selectors.export_numbers(account, form.filters())
    if upstream.is_failure(items):
        return _export_failed(request, account, _NUMBERS, items, "The numbers")
    return exports.streaming_csv(items, exports.NUMBER_COLUMNS, _csv_name("numbers"))


@require_GET
def number_detail(
    request: HttpRequest, account_id: uuid.UUID, phone_number_id: str
) -> HttpResponse:
    """One number: its type, costs, owner and since when."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    number = _number_or_404(account, selectors.number_detail(account, phone_number_id))
    context = {"account": account, "number": number, "phone_number_id": phone_number_id}
    return render_page(request, "numbers/number_detail.html", context, fragment="number-detail")


@require_GET
def number_types(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Number types with their costs, by country, type and purpose; each can be requested."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    form = NumberTypeFilterForm.read(request.GET)
    results = (
        selectors.number_types_page(account, form.filters(), page_number(request.GET.get("page")))
        if form.is_valid()
        else None
    )
    return _list_page(request, account, _TYPES, form, results)


@require_GET
def number_requests(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Number requests by country and pending state, paged; pending ones with their date."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    form = RequestFilterForm.read(request.GET)
    results = (
        selectors.number_requests_page(
            account, form.filters(), page_number(request.GET.get("page"))
        )
        if form.is_valid()
        else None
    )
    return _list_page(request, account, _REQUESTS, form, results)


SHORT_CODE_REFUSED = (
    "A short code cannot be rented here: ask CM.com support for one. Choose a mobile, "
    "landline or toll-free type to check its cost."
)
# Short-code types are few (one a country); one read of them all, cached like the types page.
SHORT_CODE_TYPES_TAKE = 200


def _is_short_code(account: CMAccount, number_type_id: str) -> bool:
    """Whether CM.com lists this number type among its short codes (a read that fails says
    no: the dry run then goes, and CM.com's answer is shown)."""
    found = selectors.number_types_page(
        account,
        selectors.NumberTypeFilters(category="SHORTCODE"),
        1,
        page_size=SHORT_CODE_TYPES_TAKE,
    )
    if upstream.is_failure(found):
        return False
    return any(str(kind.id) == number_type_id for kind in found.items)


def _request_token(
    request: HttpRequest, account: CMAccount, number_type_id: str, result: Any
) -> str:
    """The confirmation of a number request's dry run: the type, and the cost it stated (kept
    with the review when the account wants one)."""
    cost = reviewing.signed_cost(reviewing.number_request_cost(result))
    return confirmations.issue(
        confirmations.NUMBER_REQUEST,
        account=account,
        actor=request.user,
        checked={"number_type_id": number_type_id, **cost},
    )


def _asked(request: HttpRequest, review: Any) -> HttpResponse:
    """After "Ask for review": the review's page, which says it waits (nothing was sent)."""
    messages.success(request, reviewing.asked_words(review))
    return _go(request, reviewing.review_url(review))


@require_POST
def number_request_check(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The dry run of renting a number of the chosen type: its cost, or why it cannot be."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    form = NumberRequestCheckForm(request.POST)
    context: dict[str, Any] = {"account": account, "form": form}
    if form.is_valid() and _is_short_code(account, str(form.cleaned_data["number_type_id"])):
        # CM.com refuses to rent a short code here; the form has only an id, the types do not.
        form.add_error("number_type_id", SHORT_CODE_REFUSED)
        context["refused"] = True
    if form.is_valid():
        number_type_id = str(form.cleaned_data["number_type_id"])
        written = services.number_request_simulate(
            actor=request.user, account=account, number_type_id=number_type_id
        )
        if not written.ok:
            context["failure"] = _problem(
                written, "CM.com does not know this number type: choose one from the list."
            )
            context["refused"] = _refused(written)
        else:
            result = written.value
            days = result.number_type.number_request_processing_days if result.number_type else None
            context.update(
                result=result,
                expected_on=expected_by(timezone.now(), days),
                token=_request_token(request, account, number_type_id, result),
                max_minutes=confirmations.MAX_AGE_SECONDS // 60,
                review=reviewing.review_required(account, reviewing.NUMBER_KIND),
            )
    return render_page(
        request, "numbers/number_request_check.html", context, fragment="request-check"
    )


@require_POST
def number_request_confirm(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The real request, for exactly the type whose dry run the person confirmed."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    checked = _read_confirmation(request, account, confirmations.NUMBER_REQUEST)
    if checked is None:
        return _go(request, _url("numbers:types", account))
    if reviewing.wants_review(request, account, reviewing.NUMBER_KIND):
        review = reviewing.number_request_ask(actor=request.user, account=account, checked=checked)
        return _asked(request, review)
    number_type_id = checked["number_type_id"]
    written = services.number_request_create(
        actor=request.user, account=account, number_type_id=number_type_id
    )
    if not written.ok:
        # Sending again goes through the dry run and its confirmation, offered only when the
        # request surely was not made; otherwise the list of requests is where to look.
        context = {
            "account": account,
            "form": NumberRequestCheckForm(initial={"number_type_id": number_type_id}),
            "confirm_failure": _checked_failure(written),
            "maybe_done": not written.may_resend,
            "check_href": _url("numbers:requests", account, {"pending": "yes"}),
        }
        return render(request, "numbers/number_request_check.html", context)
    messages.success(request, _requested_words(written))
    return _go(request, _url("numbers:requests", account, {"pending": "yes"}))


def _requested_words(written: Any) -> str:
    """What a made number request says: what was requested and by when it is expected; after
    a lost answer the check found it, which is said first (and it shows in the list once)."""
    row = selectors.RequestRow(written.value)
    kind = written.value.number_type
    what = kind.description if kind and kind.description else _("A number")
    words = _("Requested: %(what)s.") % {"what": what}
    if row.expected_on:
        day = date_format(timezone.localtime(row.expected_on), "DATE_FORMAT")
        words += " " + _("Expected by %(day)s.") % {"day": day}
    return f"{written.message} {words}" if written.message else words


def _number_cancel_context(account: CMAccount, page: selectors.NumberCancelPage) -> dict[str, Any]:
    number = page.number
    return {
        "account": account,
        "phone_number_id": page.phone_number_id,
        "number": number,
        "keywords": page.keywords,
        "owned": page.owned,
        "form": None
        if upstream.is_failure(number)
        else NumberCancelForm(number=str(number.number or number.id)),
    }


@require_GET
def number_cancel(
    request: HttpRequest, account_id: uuid.UUID, phone_number_id: str
) -> HttpResponse:
    """What cancelling ownership means, and a box to type the number in."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    page = selectors.number_cancel_page(account, phone_number_id)
    _number_or_404(account, page.number)
    context = _number_cancel_context(account, page)
    return render_page(request, NUMBER_CANCEL, context, fragment="cancel-form")


@require_POST
def number_cancel_confirm(
    request: HttpRequest, account_id: uuid.UUID, phone_number_id: str
) -> HttpResponse:
    """Cancel ownership once the number was typed; the form comes back with what was typed."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    page = selectors.number_cancel_page(account, phone_number_id)
    number = _number_or_404(account, page.number)
    context = _number_cancel_context(account, page)
    # Nothing is sent for a number that could not be read, nor for a shared one.
    if not page.owned:
        return render_page(request, NUMBER_CANCEL, context, fragment="cancel-form")
    form = NumberCancelForm(request.POST, number=str(number.number or number.id))
    context["form"] = form
    if not form.is_valid():
        return render_page(request, NUMBER_CANCEL, context, fragment="cancel-form")
    written = services.number_cancel(actor=request.user, account=account, number=number)
    if not written.ok:
        context["failure"] = _checked_failure(written)
        return render_page(request, NUMBER_CANCEL, context, fragment="cancel-form")
    messages.success(
        request,
        _("%(number)s is cancelled: it is blocked now, and billed until the end of this month.")
        % {"number": number.number},
    )
    return _go(request, _url("numbers:list", account))


# --- keyword claims ------------------------------------------------------------------------


@require_GET
def keyword_list(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Claimed keywords by phone number, keyword and country; paged."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    form = KeywordFilterForm.read(request.GET)
    results = (
        selectors.keywords_page(account, form.filters(), page_number(request.GET.get("page")))
        if form.is_valid()
        else None
    )
    return _list_page(request, account, _KEYWORDS, form, results)


@require_GET
def keyword_export(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The keyword claims matching the filters shown, as CSV, streamed page by page. Invalid
    filters show the list with their errors."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    form = KeywordFilterForm.read(request.GET)
    if not form.is_valid():
        context = _list_context(request, account, _KEYWORDS, form, None)
        return render(request, _KEYWORDS.template, context)
    items = selectors.export_keywords(account, form.filters())
    if upstream.is_failure(items):
        return _export_failed(request, account, _KEYWORDS, items, "The keyword claims")
    return exports.streaming_csv(items, exports.KEYWORD_COLUMNS, _csv_name("keywords"))


@require_GET
def keyword_detail(
    request: HttpRequest, account_id: uuid.UUID, keyword_claim_id: uuid.UUID
) -> HttpResponse:
    """One claim and what "Verify a claim" finds wrong with it (read at the same time).

    With htmx and ``?part=verify`` only the verification is read and rendered ("Try again").
    """
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    claim_id = str(keyword_claim_id)
    only_verify = request.GET.get("part") == "verify" and is_htmx(request)
    parts = selectors.keyword_claim_parts(account, claim_id, claim=not only_verify)
    # The verification alone (its "Try again") is the claim's own read; on the page it is a
    # part, said in place.
    _claim_or_404(account, parts.issues if only_verify else parts.claim)
    context = {
        "account": account,
        "claim_id": claim_id,
        "claim": parts.claim,
        "issues": parts.issues,
    }
    if only_verify:
        return render(request, "numbers/keyword_detail.html#part-verify", context)
    return render(request, "numbers/keyword_detail.html", context)


def _picker_query(data: Any) -> str:
    return data.get("q", "").strip()[:PICKER_QUERY_MAX]


def _claim_form_context(
    account: CMAccount, form_data: Any, query: str, initial: dict[str, str] | None = None
) -> dict[str, Any]:
    picker = selectors.claim_number_choices(account, query)
    choices = [] if upstream.is_failure(picker) else picker.choices
    form = KeywordClaimForm(form_data, initial=initial or {}, choices=choices)
    return {"account": account, "form": form, "picker": picker, "q": query}


def _claim_refused(
    form: KeywordClaimForm, written: upstream.WriteResult[Any]
) -> UpstreamFailure | None:
    """Put a refused dry run at the field it is about; the failure itself when it is about no
    field (CM.com could not be asked, or the answer was lost), for the page to show."""
    form.is_valid()  # errors can be added only to a cleaned form
    failure = _checked_failure(written)
    if failure.kind == "conflict":
        form.add_error("keyword", _("CM.com says: %(said)s") % {"said": failure.said})
    elif failure.kind == "not_found":
        form.add_error(
            "phone_number_id",
            _("CM.com does not know this number as one of your shared or owned numbers."),
        )
    elif _refused(written):
        form.add_error(None, failure.message)
    else:
        return failure
    return None


def _claim_warnings(keyword: str) -> list[str]:
    if keyword not in OPERATOR_KEYWORDS:
        return []
    return [
        f"{keyword} is a word mobile operators answer themselves: messages with it may "
        "never reach you, and CM.com's verification will report it."
    ]


@require_GET
def keyword_claim(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Choose a shared or owned number and type a keyword; ``?number=&keyword=`` prefill it.

    ``?q=`` narrows the number picker (one page of the numbers list).
    """
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    query = _picker_query(request.GET)
    initial = {
        "phone_number_id": request.GET.get("number", "").strip(),
        "keyword": request.GET.get("keyword", "").strip(),
    }
    context = _claim_form_context(account, None, query, initial)
    return render_page(request, KEYWORD_CLAIM, context, fragment="claim-form")


@require_POST
def keyword_claim_check(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The dry run of a claim: its cost and any problem; refusals come back at the field."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    query = _picker_query(request.POST)
    # Checked before the picker is read: a valid claim costs exactly one upstream call.
    form = KeywordClaimForm(request.POST)
    if not form.is_valid():
        context = _claim_form_context(account, request.POST, query)
        return render_page(request, KEYWORD_CLAIM, context, fragment="claim-form")
    phone_number_id = form.cleaned_data["phone_number_id"]
    keyword = form.cleaned_data["keyword"]
    written = services.keyword_claim_simulate(
        actor=request.user, account=account, phone_number_id=phone_number_id, keyword=keyword
    )
    if not written.ok:
        context = _claim_form_context(account, request.POST, query)
        context["failure"] = _claim_refused(context["form"], written)
        return render_page(request, KEYWORD_CLAIM, context, fragment="claim-form")
    checked = {
        "phone_number_id": phone_number_id,
        "keyword": keyword,
        **reviewing.signed_cost(reviewing.keyword_claim_cost(written.value)),
    }
    context = {
        "account": account,
        "result": written.value,
        "keyword": keyword,
        "phone_number_id": phone_number_id,
        "warnings": _claim_warnings(keyword),
        "token": confirmations.issue(
            confirmations.KEYWORD_CLAIM, account=account, actor=request.user, checked=checked
        ),
        "max_minutes": confirmations.MAX_AGE_SECONDS // 60,
        "review": reviewing.review_required(account, reviewing.KEYWORD_KIND),
        "back": _url(
            "numbers:keyword_claim", account, {"number": phone_number_id, "keyword": keyword}
        ),
    }
    return render_page(request, "numbers/keyword_claim_check.html", context, fragment="claim-check")


@require_POST
def keyword_claim_confirm(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The real claim, for exactly the number and keyword whose dry run was confirmed."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    checked = _read_confirmation(request, account, confirmations.KEYWORD_CLAIM)
    if checked is None:
        return _go(request, _url("numbers:keyword_claim", account))
    if reviewing.wants_review(request, account, reviewing.KEYWORD_KIND):
        review = reviewing.keyword_claim_ask(actor=request.user, account=account, checked=checked)
        return _asked(request, review)
    phone_number_id, keyword = checked["phone_number_id"], checked["keyword"]
    written = services.keyword_claim_create(
        actor=request.user, account=account, phone_number_id=phone_number_id, keyword=keyword
    )
    if not written.ok:
        # The claim form comes back filled; its dry run is offered again only when the claim
        # surely was not made.
        context = _claim_form_context(
            account, None, "", {"phone_number_id": phone_number_id, "keyword": keyword}
        )
        context["failure"] = _checked_failure(written)
        context["maybe_done"] = not written.may_resend
        context["check_href"] = _url("numbers:keywords", account, {"keyword": keyword})
        return render(request, KEYWORD_CLAIM, context)
    claim = written.value
    checked_words = f"{written.message} " if written.message else ""
    messages.success(
        request,
        _("%(checked_words)s%(keyword)s is claimed on %(phone_number)s.")
        % {
            "checked_words": checked_words,
            "keyword": claim.keyword,
            "phone_number": claim.phone_number,
        },
    )
    return _go(request, _url("numbers:keywords", account, {"keyword": keyword}))


def _claim_cancel_context(account: CMAccount, claim_id: str, claim: Any) -> dict[str, Any]:
    form = (
        None
        if upstream.is_failure(claim)
        else KeywordCancelForm(initial={"keyword": claim.keyword}, keyword=claim.keyword or "")
    )
    return {"account": account, "claim_id": claim_id, "claim": claim, "form": form}


@require_GET
def keyword_cancel(
    request: HttpRequest, account_id: uuid.UUID, keyword_claim_id: uuid.UUID
) -> HttpResponse:
    """What cancelling a claim means (blocked at once, billed to the end of the month)."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    claim_id = str(keyword_claim_id)
    claim = _claim_or_404(account, selectors.keyword_claim(account, claim_id))
    context = _claim_cancel_context(account, claim_id, claim)
    return render_page(request, KEYWORD_CANCEL, context, fragment="cancel-form")


@require_POST
def keyword_cancel_confirm(
    request: HttpRequest, account_id: uuid.UUID, keyword_claim_id: uuid.UUID
) -> HttpResponse:
    """Cancel the claim shown on the confirmation page once its keyword was typed."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_NUMBERS)
    claim_id = str(keyword_claim_id)
    claim = _claim_or_404(account, selectors.keyword_claim(account, claim_id))
    context = _claim_cancel_context(account, claim_id, claim)
    # Nothing is sent for a claim that could not be read.
    if upstream.is_failure(claim):
        return render_page(request, KEYWORD_CANCEL, context, fragment="cancel-form")
    form = context["form"] = KeywordCancelForm(request.POST, keyword=claim.keyword or "")
    if not form.is_valid():
        return render_page(request, KEYWORD_CANCEL, context, fragment="cancel-form")
    written = services.keyword_claim_cancel(actor=request.user, account=account, claim=claim)
    if not written.ok:
        context["failure"] = _checked_failure(written)
        return render_page(request, KEYWORD_CANCEL, context, fragment="cancel-form")
    messages.success(
        request,
        _(
            "%(keyword)s on %(phone_number)s is cancelled: it is blocked now, and billed until "
            "the end of this month."
        )
        % {"keyword": claim.keyword, "phone_number": claim.phone_number},
    )
    return _go(request, _url("numbers:keywords", account))
