"""WhatsApp pages: the request picker, business account and languages, profiles, and the OTP
walk (confirm or change the number → send the code by SMS or voice → enter it → done).

Every view starts with the access helper. GETs render the page, or one fragment for htmx;
POSTs redirect without htmx and answer the fragment with it, and re-render with the message
at the field (what was typed kept) when the input or CM.com says no.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import notfound
from dashboard.core.htmx import done, is_htmx, render_page, trigger
from dashboard.core.paging import page_number
from dashboard.people.access import Capability, get_account_or_404
from dashboard.whatsapp import selectors, services
from dashboard.whatsapp.forms import (
    LanguageActivateForm,
    OtpCodeForm,
    OtpConfirmForm,
    OtpSendForm,
    PhoneNumberForm,
)
from dashboard.whatsapp.models import OtpMethod
from dashboard.whatsapp.selectors import OtpStep, Profile

PROFILE_CHANGED = "whatsapp-profile-changed"
# Session: the numbers people confirmed in the wizard, by "<account pk>:<profile id>".
CONFIRMED = "whatsapp_otp_confirmed"


# --- picker ------------------------------------------------------------------------------------


@require_GET
def picker(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The account's WhatsApp channel requests; straight on to the one when only one is active
    (``?all=1`` lists them anyway), to its business account or, with ``?to=profiles`` (the
    menu's "Profiles"), to its profiles (any other ``to`` is the business account)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    requests = selectors.whatsapp_requests(account)
    if not upstream.is_failure(requests) and "all" not in request.GET:
        only = selectors.only_active(requests)
        if only is not None:
            to = "profiles" if request.GET.get("to") == "profiles" else "home"
            target = reverse(
                f"whatsapp:{to}",
                kwargs={"account_id": account.account_id, "whatsapp_request_id": only.id},
            )
            if is_htmx(request):
                # A redirect would be swapped into the fragment: let htmx load the page.
                return HttpResponseClientRedirect(target, status=204)
            return redirect(target)
    return render_page(
        request,
        "whatsapp/picker.html",
        {"account": account, "requests": requests},
        fragment="request-list",
    )


# --- business account and languages ---------------------------------------------------------

_HOME_FRAGMENTS = {
    "business": ("business", "business-account"),
    "languages": ("languages", "languages"),
    "supported": ("languages", "supported-languages"),
    "activate": ("languages", "activate"),
}


def _requests_back(account: CMAccount) -> tuple[str, str]:
    url = reverse("whatsapp:picker", kwargs={"account_id": account.account_id})
    return f"{url}?all=1", gettext("the WhatsApp channel requests")


def _request_or_404(account: CMAccount, found: Any) -> Any:
    """A read of the WhatsApp request the URL names; a 404 when CM.com has no such request."""
    # The way back is only worded and reversed for the 404, not on every page that is found.
    if notfound.is_not_found(found):
        raise notfound.NotAtCM(gettext("WhatsApp channel request"), back=_requests_back(account))
    return found


def _profile_or_404(account: CMAccount, request_id: str, found: Any) -> Any:
    """The profile the URL names; a 404 when CM.com has no such profile."""
    if notfound.is_not_found(found):
        back = reverse(
            "whatsapp:profiles",
            kwargs={"account_id": account.account_id, "whatsapp_request_id": request_id},
        )
        raise notfound.NotAtCM(gettext("WhatsApp profile"), back=(back, gettext("the profiles")))
    return found


def _home_context(
    account: CMAccount, request_id: str, *, parts: tuple[str, ...], q: str, **extra: Any
) -> dict[str, Any]:
    """What home.html reads: the parts read, the activate form when one was posted (the page
    shows only its errors, so a blank one is not built) and ``extra``; a 404 when CM.com knows
    no such request."""
    page = selectors.home_page(account, request_id, parts, q=q)
    # Both reads are the request's own: CM.com not knowing either means no such request.
    for found in (page.business, page.languages):
        _request_or_404(account, found)
    return {**page.context(), "activate_form": None, **extra}


@require_GET
def home(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """The business account's state and dates, the active languages, and the supported ones to
    activate, searchable by name or code (``?q=``). htmx ``?part=`` loads one part."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    request_id = str(whatsapp_request_id)
    q = request.GET.get("q", "").strip()[:100]
    part = request.GET.get("part", "")
    if is_htmx(request) and part in _HOME_FRAGMENTS:
        read, fragment = _HOME_FRAGMENTS[part]
        context = _home_context(account, request_id, parts=(read,), q=q)
        return render_page(request, "whatsapp/home.html", context, fragment=fragment)
    context = _home_context(account, request_id, parts=selectors.HOME_PARTS, q=q)
    return render(request, "whatsapp/home.html", context)


def _known_request_or_404(account: CMAccount, request_id: str) -> None:
    """A 404 for a request id the account's list does not hold (unless it could not be read)."""
    known = selectors.whatsapp_requests(account)
    if not upstream.is_failure(known) and request_id not in {r.id for r in known}:
        # Another account's request id (or none): CM.com could only refuse the write.
        raise notfound.NotAtCM(gettext("WhatsApp channel request"), back=_requests_back(account))


def _language_name(account: CMAccount, language_id: str) -> str:
    """The language as the messages and the audit trail name it, as in "Italian (it)"; its id
    when the supported list lacks it (or could not be read)."""
    language = selectors.supported_language(account, language_id)
    return f"{language.name} ({language.code})" if language else language_id


def _activated(
    request: HttpRequest, account: CMAccount, request_id: str, q: str, language_id: str
) -> HttpResponse:
    """After a language was activated: back to the home page, or its active languages."""
    home_url = reverse(
        "whatsapp:home",
        kwargs={"account_id": account.account_id, "whatsapp_request_id": request_id},
    )
    # Only htmx shows the part now; a redirect reads it on the next page. The part is the
    # active languages; the activated one's row leaves the list to activate.
    context = (
        _home_context(account, request_id, parts=("languages",), q=q, activated_id=language_id)
        if is_htmx(request)
        else {}
    )
    return done(
        request,
        f"{home_url}?{urlencode({'q': q})}" if q else home_url,
        "whatsapp/home.html",
        context,
        fragment="languages",
    )


@require_POST
def language_activate(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """Switch on a supported language (support and admin: it changes the channel's set-up)."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    request_id = str(whatsapp_request_id)
    _known_request_or_404(account, request_id)
    form = LanguageActivateForm(request.POST)
    q = str(form.data.get("q", "")).strip()[:100]
    if form.is_valid():
        language_id = form.cleaned_data["language_id"]
        name = _language_name(account, language_id)
        written = services.language_activate(
            actor=request.user,
            account=account,
            channel_request_id=request_id,
            language_id=language_id,
            language_name=name,
        )
        if written.ok:
            active = gettext("%(language)s is now active.") % {"language": name}
            messages.success(request, f"{written.message} {active}".lstrip())
            return _activated(request, account, request_id, q, language_id)
        # A lost answer: what the check found, which says whether to send it again.
        refused = gettext("%(language)s was not activated. %(reason)s") % {
            "language": name,
            "reason": written.failure,
        }
        form.add_error(None, written.message if written.answer_lost else refused)
    parts = ("languages",) if is_htmx(request) else selectors.HOME_PARTS
    context = _home_context(account, request_id, parts=parts, q=q, activate_form=form)
    response = render_page(request, "whatsapp/home.html", context, fragment="activate")
    if is_htmx(request):
        # The form aims at the active languages; why it was refused belongs by the list.
        retarget(response, "#whatsapp-activate")
        reswap(response, "outerHTML")
    return response


# --- profiles ----------------------------------------------------------------------------------


@require_GET
def profiles(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """Profiles, searched by name or number (``?q=``) and paged upstream (``?page=``)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    request_id = str(whatsapp_request_id)
    q = request.GET.get("q", "").strip()[:100]
    page = page_number(request.GET.get("page"))
    context = {
        "account": account,
        "request_id": request_id,
        "q": q,
        "result": _request_or_404(
            account, selectors.profile_page(account, request_id, q=q, page=page)
        ),
    }
    return render_page(request, "whatsapp/profiles.html", context, fragment="profile-list")


@require_GET
def profile_detail(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """A profile: name, image, number, state (with the rejection reason) and the OTP state.
    htmx loads only the card (after the number changed)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    request_id = str(whatsapp_request_id)
    page = selectors.profile_detail_page(account, request_id, str(profile_id))
    _profile_or_404(account, request_id, page.profile)
    context = {**page.context(), "phone_form": PhoneNumberForm(current=page.phone_number)}
    return render_page(request, "whatsapp/profile.html", context, fragment="profile-card")


def _number_form(
    request: HttpRequest, found: Profile | upstream.UpstreamFailure
) -> PhoneNumberForm:
    current = "" if upstream.is_failure(found) else found.phone_number
    return PhoneNumberForm(request.POST, current=current)


def _take_number(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    found: Profile | upstream.UpstreamFailure,
    form: PhoneNumberForm,
) -> Profile | None:
    """A posted change of number (profile page and OTP walk alike): the changed profile, or
    None with why on the form (the profile could not be read, the input, or CM.com)."""
    if upstream.is_failure(found):
        form.add_error(
            None, gettext("The number was not changed. %(reason)s") % {"reason": found.message}
        )
        return None
    if not form.is_valid():
        return None
    return _change_number(request, account, request_id, found, form)


def _change_number(
    request: HttpRequest, account: CMAccount, request_id: str, found: Profile, form: PhoneNumberForm
) -> Profile | None:
    """Send the form's number to CM.com; the updated profile, or None with the error on form."""
    written = services.profile_phone_number_update(
        actor=request.user,
        account=account,
        channel_request_id=request_id,
        profile_id=found.id,
        phone_number=form.cleaned_data["phone_number"],
        before=found.phone_number,
    )
    if written.ok:
        changed = selectors.profile_view(written.value)
        messages.success(
            request,
            gettext("Phone number changed to %(number)s.") % {"number": changed.phone_display},
        )
        return changed
    if written.failure is not None and written.failure.kind == "bad_request":
        form.add_error(
            "phone_number",
            gettext("CM.com refused this number: %(reason)s") % {"reason": written.failure.said},
        )
    else:
        form.add_error(
            None, gettext("The number was not changed. %(reason)s") % {"reason": written.failure}
        )
    return None


@require_POST
def profile_phone_number(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """Change a profile's phone number (which CM.com then wants verified again)."""
    account = get_account_or_404(request, account_id, need=Capability.WALK_OTP)
    request_id = str(whatsapp_request_id)
    page = selectors.profile_detail_page(account, request_id, str(profile_id))
    found = _profile_or_404(account, request_id, page.profile)
    form = _number_form(request, found)
    changed = _take_number(request, account, request_id, found, form)
    if changed is None:
        context = {**page.context(), "phone_form": form}
        return render_page(request, "whatsapp/profile.html", context, fragment="phone-form")
    context = {
        **dataclasses.replace(page, profile=changed).context(),
        "phone_form": PhoneNumberForm(current=changed.phone_number),
        "changed": True,
    }
    response = done(
        request,
        reverse("whatsapp:profile", kwargs=_profile_kwargs(account, request_id, changed.id)),
        "whatsapp/profile.html",
        context,
        fragment="phone-form",
    )
    # The profile card listens for this and reloads itself.
    return trigger(response, PROFILE_CHANGED)


def _profile_kwargs(account: CMAccount, request_id: str, profile_id: str) -> dict[str, str]:
    return {
        "account_id": str(account.account_id),
        "whatsapp_request_id": request_id,
        "profile_id": profile_id,
    }


# --- the OTP walk ------------------------------------------------------------------------------


def _session_key(account: CMAccount, profile_id: str) -> str:
    return f"{account.pk}:{profile_id}"


def _confirmed_number(
    request: HttpRequest, account: CMAccount, found: Profile | upstream.UpstreamFailure
) -> str | None:
    if upstream.is_failure(found):
        return None
    return request.session.get(CONFIRMED, {}).get(_session_key(account, found.id))


def _remember_number(
    request: HttpRequest, account: CMAccount, profile_id: str, number: str | None
) -> None:
    confirmed = dict(request.session.get(CONFIRMED, {}))
    if number:
        confirmed[_session_key(account, profile_id)] = number
    else:
        confirmed.pop(_session_key(account, profile_id), None)
    request.session[CONFIRMED] = confirmed


def _walked_profile(
    account: CMAccount, request_id: str, profile_id: uuid.UUID
) -> Profile | upstream.UpstreamFailure:
    """The profile an OTP POST walks, as read (a failure is shown in the wizard); a 404 when
    CM.com has no such profile."""
    found = selectors.profile(account, request_id, str(profile_id))
    return _profile_or_404(account, request_id, found)


def _otp_context(page: selectors.OtpWizardPage, **posted: Form) -> dict[str, Any]:
    """What otp.html reads: the page, and each step's form as posted, else a blank one."""
    # Errors of a posted form the current step does not show (a code asked for an active
    # profile, say) are shown above the step instead of being lost.
    stray_errors = [
        error
        for name, form in posted.items()
        if name not in page.shown_forms
        for errors_of_field in form.errors.values()
        for error in errors_of_field
    ]
    number = page.phone_number
    return {
        **page.context(),
        "stray_errors": stray_errors,
        "confirm_form": posted.get("confirm_form")
        or OtpConfirmForm(initial={"phone_number": number}, auto_id=False),
        "number_form": posted.get("number_form") or PhoneNumberForm(current=number),
        "send_form": posted.get("send_form") or OtpSendForm(initial={"method": page.send_method}),
        "code_form": posted.get("code_form") or OtpCodeForm(),
    }


def _wizard(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    profile_id: uuid.UUID,
    found: Profile | upstream.UpstreamFailure,
    **posted: Form,
) -> HttpResponse:
    """The wizard as it stands, with the posted form and its errors: the page, or its fragment
    for htmx."""
    page = selectors.otp_wizard_page(
        account,
        request_id,
        str(profile_id),
        found,
        confirmed_number=_confirmed_number(request, account, found),
    )
    context = _otp_context(page, **posted)
    return render_page(request, "whatsapp/otp.html", context, fragment="otp-wizard")


def _wizard_done(
    request: HttpRequest, account: CMAccount, request_id: str, profile: Profile
) -> HttpResponse:
    """After a step went through: back to the wizard's page, or its next step for htmx."""
    otp_url = reverse("whatsapp:otp", kwargs=_profile_kwargs(account, request_id, profile.id))
    confirmed = _confirmed_number(request, account, profile)
    page = selectors.otp_wizard_page(
        account, request_id, profile.id, profile, confirmed_number=confirmed
    )
    response = done(
        request, otp_url, "whatsapp/otp.html", _otp_context(page), fragment="otp-wizard"
    )
    return trigger(response, PROFILE_CHANGED)


@require_GET
def otp(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """The OTP walk at the step the profile is at (``?refresh=1`` reads it from CM.com anew)."""
    account = get_account_or_404(request, account_id, need=Capability.WALK_OTP)
    request_id = str(whatsapp_request_id)
    found = selectors.profile(account, request_id, str(profile_id), fresh="refresh" in request.GET)
    _profile_or_404(account, request_id, found)
    return _wizard(request, account, request_id, profile_id, found)


@require_POST
def otp_confirm(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """Step 1: "this is the right number"; on to choosing SMS or voice."""
    account = get_account_or_404(request, account_id, need=Capability.WALK_OTP)
    request_id = str(whatsapp_request_id)
    found = _walked_profile(account, request_id, profile_id)
    form = OtpConfirmForm(request.POST, auto_id=False)
    if not form.is_valid():
        form.add_error(None, gettext("Confirm the number shown, or change it."))
    elif not upstream.is_failure(found):
        if form.cleaned_data["phone_number"] != found.phone_number:
            form.add_error(
                None,
                gettext(
                    "The profile's number changed meanwhile: it is now %(number)s. "
                    "Check it and confirm again."
                )
                % {"number": found.phone_display},
            )
        elif selectors.otp_step(found, confirmed_number=None) == OtpStep.NUMBER and (
            found.state == "pending"
        ):
            _remember_number(request, account, found.id, found.phone_number)
            return _wizard_done(request, account, request_id, found)
    return _wizard(request, account, request_id, profile_id, found, confirm_form=form)


@require_POST
def otp_number(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """Step 1, the other way: change the number (then it needs a code, sent to the new one)."""
    account = get_account_or_404(request, account_id, need=Capability.WALK_OTP)
    request_id = str(whatsapp_request_id)
    found = _walked_profile(account, request_id, profile_id)
    form = _number_form(request, found)
    changed = _take_number(request, account, request_id, found, form)
    if changed is None:
        return _wizard(request, account, request_id, profile_id, found, number_form=form)
    # They just typed it: that is their confirmation.
    _remember_number(request, account, changed.id, changed.phone_number)
    return _wizard_done(request, account, request_id, changed)


_NO_CODE_NOW = gettext_lazy("No code can be sent now: see where the profile stands above.")


def _code_sent(method: str, found: Profile) -> str:
    if method == OtpMethod.SMS:
        return gettext("Code sent by SMS to %(number)s.") % {"number": found.phone_display}
    return gettext("Code sent by a voice call to %(number)s.") % {"number": found.phone_display}


def _too_soon(seconds_left: int) -> str:
    return ngettext(
        "A code was sent less than %(wait)d seconds ago: wait %(left)d more second before "
        "asking for a new one.",
        "A code was sent less than %(wait)d seconds ago: wait %(left)d more seconds before "
        "asking for a new one.",
        seconds_left,
    ) % {"wait": selectors.resend_seconds(), "left": seconds_left}


@require_POST
def otp_send(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """Step 2 (and "send a new code" in step 3): CM.com sends the code by SMS or voice."""
    account = get_account_or_404(request, account_id, need=Capability.WALK_OTP)
    request_id = str(whatsapp_request_id)
    found = _walked_profile(account, request_id, profile_id)
    form = OtpSendForm(request.POST)
    if not form.is_valid() or upstream.is_failure(found):
        return _wizard(request, account, request_id, profile_id, found, send_form=form)
    if not selectors.may_send_code(found):
        form.add_error(None, _NO_CODE_NOW)
        return _wizard(request, account, request_id, profile_id, found, send_form=form)
    # Asking for a code confirms the number: a refusal below keeps them at this step.
    _remember_number(request, account, found.id, found.phone_number)
    try:
        written = services.profile_otp_send(
            actor=request.user,
            account=account,
            channel_request_id=request_id,
            profile_id=found.id,
            phone_number=found.phone_number,
            method=form.cleaned_data["method"],
        )
    except services.ResendTooSoon as error:
        # The dashboard's own wait: nothing was sent.
        form.add_error(None, _too_soon(error.seconds_left))
        return _wizard(request, account, request_id, profile_id, found, send_form=form)
    if services.code_maybe_sent(written):
        # On to the code step, whose "send a new code" waits like after a code sent.
        messages.warning(request, written.message)
    elif written.ok:
        messages.success(request, _code_sent(form.cleaned_data["method"], found))
    else:
        form.add_error(None, gettext("No code was sent. %(reason)s") % {"reason": written.failure})
        return _wizard(request, account, request_id, profile_id, found, send_form=form)
    return _wizard_done(request, account, request_id, dataclasses.replace(found, is_otp_sent=True))


@require_POST
def otp_verify(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> HttpResponse:
    """Step 3: the code the phone received; a wrong one says so and the form stays to retry."""
    account = get_account_or_404(request, account_id, need=Capability.WALK_OTP)
    request_id = str(whatsapp_request_id)
    found = _walked_profile(account, request_id, profile_id)
    form = OtpCodeForm(request.POST)
    if not form.is_valid() or upstream.is_failure(found):
        return _wizard(request, account, request_id, profile_id, found, code_form=form)
    written = services.profile_otp_verify(
        actor=request.user,
        account=account,
        channel_request_id=request_id,
        profile_id=found.id,
        phone_number=found.phone_number,
        code=form.cleaned_data["code"],
    )
    if written.ok:
        _remember_number(request, account, found.id, None)
        # After a lost answer the check found the code taken: say so, and move on.
        messages.success(
            request,
            f"{written.message} {gettext('Code accepted: the number is verified.')}".lstrip(),
        )
        return _wizard_done(request, account, request_id, selectors.profile_view(written.value))
    _code_refused(form, written)
    return _wizard(request, account, request_id, profile_id, found, code_form=form)


def _code_refused(form: OtpCodeForm, written: Any) -> None:
    """Say on the form why the code did not verify the number: on the code field when CM.com
    refused the digits, above the form when the check itself failed or its answer was lost."""
    if written.answer_lost or written.failure is None:
        form.add_error(None, written.message)
    elif written.failure.kind == "bad_request":
        form.add_error(
            "code",
            gettext(
                "That code was not accepted (%(reason)s). Check the digits and try again, or "
                "send a new code."
            )
            % {"reason": written.failure.said.rstrip(".")},
        )
    else:
        form.add_error(
            None, gettext("The code was not checked. %(reason)s") % {"reason": written.failure}
        )
