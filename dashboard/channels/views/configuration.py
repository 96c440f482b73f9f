"""A channel's inbound configuration: the enabled switches and every element write, inline.

All of it lives on the channel's page (``channels/detail.html``). Each view renders that page
without htmx, and with htmx only the part that changed: a row of a list (``webhook-row``), a
list with its add form (``webhook-items``), a single-endpoint block (``event-webhook``,
``customer-contact``, ``messaging-log``), or a switch (``channels/element.html#element-switch``).
Writes answer a redirect without htmx and the fragment with it; an invalid form or a refused
write comes back with the message at the form and what was typed still in it (status 200, so
htmx swaps it in). After a write, ``<element>-changed`` (content) or ``<element>-switched``
(the switch) is sent as an event: the element's switch listens for the first and refreshes
itself ("Get a configuration for a channel"), the messaging log form for the second.

Routes with an item id take one method each: ``…/edit/`` (GET, the form) and ``…/update/``
(POST); ``…/confirm-delete/`` (GET, the question) and ``…/delete/`` (POST, with
``confirm=yes``), so a delete asks first with or without JavaScript.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from channels_api.models import (
    ApiChannelConfigurationResponse,
    ApiChannelConfigurations,
    ApiChannelConfigurationsInbound,
    ApiChannelEmailAddressResponse,
    ApiChannelEventWebHookConfigurationResponse,
    ApiChannelEventWebHookEndpointResponse,
    ApiChannelWebHookEndpointResponse,
)
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.channels import probing, selectors, services
from dashboard.channels.forms import (
    ConfirmForm,
    CustomerContactForm,
    EmailAddressForm,
    EventWebhookForm,
    MessagingLogForm,
    SwitchForm,
    WebhookForm,
)
from dashboard.channels.views._common import refusal, write_failure
from dashboard.core import notfound
from dashboard.core.htmx import done, is_htmx, render_page, toast, trigger
from dashboard.people.access import Capability, get_account_or_404

TEMPLATE = "channels/detail.html"
ELEMENT_TEMPLATE = "channels/element.html"


# --- the five elements -----------------------------------------------------------------------


@dataclass(frozen=True)
class ElementInfo:
    """One of the five inbound configuration elements."""

    slug: str
    attribute: str
    label: Any
    noun: Any

    @property
    def changed_event(self) -> str:
        """Sent after a write to the element's content; its switch refreshes on it."""
        return f"{self.slug}-changed"

    @property
    def switched_event(self) -> str:
        """Sent after the element was switched on or off."""
        return f"{self.slug}-switched"


ELEMENTS: dict[str, ElementInfo] = {
    info.slug: info
    for info in (
        ElementInfo("messaging-log", "messaging_log", _("Messaging log"), _("messaging log")),
        ElementInfo(
            "customer-contact",
            "customer_contact",
            _("Customer contact"),
            _("customer contact configuration"),
        ),
        ElementInfo("email", "email", _("E-mail addresses"), _("e-mail configuration")),
        ElementInfo("webhook", "webhook", _("Webhooks"), _("webhook configuration")),
        ElementInfo(
            "event-webhook", "event_webhook", _("Event webhook"), _("event webhook configuration")
        ),
    )
}


def _channels_back(account: CMAccount) -> tuple[str, str]:
    return reverse("channels:list", kwargs={"account_id": account.account_id}), "the channels"


def _channel_back(account: CMAccount, channel_id: str) -> tuple[str, str]:
    return _detail_url(account, channel_id), "the channel"


def _element_info(slug: str) -> ElementInfo:
    try:
        return ELEMENTS[slug]
    except KeyError:
        raise Http404("No such configuration element") from None


def _known_or_404(
    account: CMAccount,
    channel_id: str,
    element: tuple[ElementInfo, str] | None = None,
) -> ApiChannelConfigurations | upstream.UpstreamFailure:
    """Before a write: the channel (and a switched element) must be in this account's
    configuration as CM.com lists it (a cached read). Another account's id, or none, is a 404
    here rather than a write sent blind for CM.com to refuse; a configuration that cannot be
    read for another reason (a 403 too: it is about the token, not the channel) lets the
    write go on, to say in place what failed.

    Answers that read, so a write can look up its item and its ``before`` in it instead of
    reading the configuration again."""
    found = selectors.configuration(account, channel_id)
    if upstream.is_failure(found):
        notfound.found_or_404(found, "channel", back=_channels_back(account))
        return found
    # An item missing from a known channel is refused by ``_listed_or_404``; one CM.com
    # deletes between that read and the write says so in place (``write_failure``).
    if element is not None and found.inbound is not None:
        info, configuration_id = element
        if getattr(getattr(found.inbound, info.attribute, None), "id", None) != configuration_id:
            raise notfound.NotAtCM(info.noun, back=_channel_back(account, channel_id))
    return found


@dataclass
class Switch:
    """An element's enabled switch: its state as CM.com gave it, or why it is unknown."""

    info: ElementInfo
    configuration_id: str
    element: ApiChannelConfigurationResponse | None
    error: str = ""
    failure: upstream.UpstreamFailure | None = None


def _switches(inbound: Any) -> dict[str, Switch]:
    found: dict[str, Switch] = {}
    for info in ELEMENTS.values():
        element = getattr(inbound, info.attribute, None) if inbound is not None else None
        if element is not None and element.id:
            found[info.attribute] = Switch(info, element.id, element)
    return found


def _on_off(enabled: bool | None) -> str:
    return "true" if enabled else "false"


def _customer_contact_form(inbound: Any) -> CustomerContactForm:
    """The customer contact form, filled with the current endpoint."""
    element = getattr(inbound, "customer_contact", None)
    endpoint = element.endpoints[0] if element is not None and element.endpoints else None
    if endpoint is None:
        initial = {"method": "POST", "type": "Json"}
    else:
        initial = {"url": endpoint.url or "", "method": "POST", "type": endpoint.type or "Json"}
    return CustomerContactForm(prefix="customer-contact", initial=initial)


def _add_forms() -> dict[str, Any]:
    # The event webhook's add form shows only while there is no event webhook (or for a write
    # that came back): made when the page first uses it.
    return {
        "email": EmailAddressForm(prefix="email-add"),
        "webhook": WebhookForm(prefix="webhook-add"),
        "event_webhook": SimpleLazyObject(lambda: EventWebhookForm(prefix="event-webhook-add")),
    }


def _messaging_log_form(inbound: Any) -> MessagingLogForm:
    messaging_log = getattr(inbound, "messaging_log", None)
    return MessagingLogForm(
        prefix="messaging-log",
        initial={"enabled": _on_off(messaging_log.enabled)} if messaging_log else None,
    )


Meanwhile = Callable[[], object] | None  # more of a page's own work, done while CM.com answers


def detail_context(
    account: CMAccount, channel_id: str, *, full: bool, meanwhile: Meanwhile = None
) -> dict[str, Any]:
    """The channel page's context. ``full`` reads the channel too (the whole page); without
    it only the configuration is read (a fragment needs no more). Both are cached reads.
    ``meanwhile``: more of the page's own work, done while CM.com answers."""
    # The whole page's reads go out first; the endpoints' last tests (the dashboard's own
    # rows, no call to CM.com) and the add forms are made while CM.com answers.
    answer = selectors.channel_page_started(account, channel_id) if full else None
    histories = probing.histories(account, channel_id)
    add_forms = _add_forms()
    if meanwhile is not None:
        meanwhile()
    if answer is not None:
        page = answer()
        if notfound.is_not_found(page.channel):  # the link back is reversed only for a 404
            notfound.found_or_404(page.channel, "channel", back=_channels_back(account))
    else:
        page = selectors.configuration_page(account, channel_id)
    inbound = page.inbound
    return {
        "account": account,
        "channel_id": channel_id,
        "channel": page.channel,
        "cm_url": page.cm_url,
        "configuration": page.configuration,
        "inbound": inbound,
        "group_entry": page.group_entry,
        "progress": page.progress,
        "switches": _switches(inbound),
        "endpoint_histories": histories,
        "add_forms": add_forms,
        "add_errors": {},
        # Shown only while there is no endpoint: made when the page first uses it.
        "customer_contact_form": SimpleLazyObject(lambda: _customer_contact_form(inbound)),
        "messaging_log_form": _messaging_log_form(inbound),
        "editing": None,
        "posted": False,
    }


# Where the content goes in the page written ahead (``_PageAhead``); never sent.
_CONTENT_LATER = mark_safe("<!-- the channel's content, written once CM.com answered -->")


class _PageAhead:
    """The channel's whole page written in two goes: everything around the content block (the
    head, menus, footer and toasts of ``base.html``: a third of the page's rendering) while CM.com
    answers, with ``content_later`` standing in for the content; then, with the answer, the
    content block alone, in one context with what the first go had (the context processors
    run once). The HTML is the same as one rendering's: the block is rendered as it is in the
    page (``block`` in its context too, which ``item_shown`` reads)."""

    def __init__(self, request: HttpRequest, context: dict[str, Any]) -> None:
        self.request = request
        self.template = get_template(TEMPLATE).template  # type: ignore[attr-defined]
        self.context = Context(autoescape=self.template.engine.autoescape)
        self.context.request = request  # type: ignore[attr-defined]  # as a RequestContext's
        self.given = {**context, "content_later": _CONTENT_LATER}
        self.later: dict[str, Any] = {}  # (the context's own dictionary, once written)
        self.around = ""
        self.messages_used = False

    def _render(self, render: Callable[[], str]) -> str:
        context, template = self.context, self.template
        with context.render_context.push_state(template), context.bind_template(template):
            context.template_name = template.name
            return render()

    def write_around(self) -> None:
        """The page around its content (the toasts mark the messages shown)."""
        for processor in self.template.engine.template_context_processors:
            self.context.update(processor(self.request))
        self.context.update(self.given)
        # Filled with the answer: the test client's copy of the context (taken when the
        # page is rendered) holds the same dictionary, so it sees the answer's values too.
        self.later = self.context.update({})
        self.messages_used = getattr(getattr(self.request, "_messages", None), "used", False)
        self.around = self._render(lambda: self.template._render(self.context))

    def forget(self) -> None:
        """The page was not sent (a 404 instead): its messages wait for the next page."""
        storage = getattr(self.request, "_messages", None)
        if storage is not None:
            storage.used = self.messages_used

    def response(self, context: dict[str, Any]) -> HttpResponse:
        """The page, its content written with ``context``."""
        self.later.update(context, content_later=None)
        content = self._render(lambda: _content_block(self.template).render(self.context))
        before, _, after = self.around.partition(_CONTENT_LATER)
        return HttpResponse(before + content + after)


@functools.lru_cache(maxsize=4)
def _content_block(template: Any) -> BlockNode:
    # The compiled page is kept for the process (cached loader): its block found once.
    return next(
        node for node in template.nodelist.get_nodes_by_type(BlockNode) if node.name == "content"
    )


def detail_page(request: HttpRequest, account: CMAccount, channel_id: str) -> HttpResponse:
    """The channel's whole page: what is around its content is written while CM.com answers
    (``_PageAhead``), after the answer only the content."""
    ahead = _PageAhead(request, {"account": account, "channel_id": channel_id})
    try:
        context = detail_context(account, channel_id, full=True, meanwhile=ahead.write_around)
    except BaseException:
        ahead.forget()
        raise
    return ahead.response(context)


def _detail_url(account: CMAccount, channel_id: str, anchor: str = "") -> str:
    url = reverse(
        "channels:detail", kwargs={"account_id": account.account_id, "channel_id": channel_id}
    )
    return f"{url}#{anchor}" if anchor else url


def _finish(
    request: HttpRequest,
    *,
    account: CMAccount,
    channel_id: str,
    anchor: str,
    context: dict[str, Any],
    fragment: str,
    message: str,
    events: tuple[str, ...],
    template: str = TEMPLATE,
) -> HttpResponse:
    """A write went through: redirect with a message, or the fragment with a toast and events."""
    if not is_htmx(request):
        messages.success(request, message)
    response = done(
        request,
        _detail_url(account, channel_id, anchor),
        template,
        {"account": account, "channel_id": channel_id, **context},
        fragment=fragment,
    )
    if is_htmx(request):
        toast(response, message)
        for event in events:
            trigger(response, event)
    return response


def _again(
    request: HttpRequest,
    account: CMAccount,
    channel_id: str,
    fragment: str,
    **changes: Any,
) -> HttpResponse:
    """A form comes back (invalid, or the write was refused): the fragment, or the whole page
    without htmx, with ``changes`` (the bound form, the message) laid over the context."""
    context = detail_context(account, channel_id, full=not is_htmx(request))
    context["posted"] = True
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(context.get(key), dict):
            context[key] = {**context[key], **value}
        else:
            context[key] = value
    return render_page(request, TEMPLATE, context, fragment=fragment)


# --- switches --------------------------------------------------------------------------------


@require_GET
def element(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    element: str,
    configuration_id: uuid.UUID,
) -> HttpResponse:
    """One element's switch and when it changed ("Get a configuration for a channel")."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    info = _element_info(element)
    got = selectors.configuration_element(account, str(channel_id), str(configuration_id))
    notfound.found_or_404(got, info.noun, back=_channel_back(account, str(channel_id)))
    failed = upstream.is_failure(got)
    switch = Switch(
        info,
        str(configuration_id),
        None if failed else got,
        failure=got if failed else None,
    )
    context = {"account": account, "channel_id": str(channel_id), "sw": switch}
    return render_page(request, ELEMENT_TEMPLATE, context, fragment="element-switch")


def _switch_again(
    request: HttpRequest,
    account: CMAccount,
    channel_id: str,
    info: ElementInfo,
    configuration_id: str,
    message: str,
) -> HttpResponse:
    """The switch comes back with why it did not change: in the whole page without htmx, else
    alone, as CM.com has it now."""
    if not is_htmx(request):
        context = detail_context(account, channel_id, full=True)
        current = context["switches"].get(info.attribute)
        context["switches"][info.attribute] = Switch(
            info, configuration_id, current.element if current else None, error=message
        )
        return render_page(request, TEMPLATE, context)
    got = selectors.configuration_element(account, channel_id, configuration_id)
    failed = upstream.is_failure(got)
    switch = Switch(info, configuration_id, None if failed else got, error=message)
    context = {"account": account, "channel_id": channel_id, "sw": switch}
    return render_page(request, ELEMENT_TEMPLATE, context, fragment="element-switch")


@require_POST
def element_set_enabled(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    element: str,
    configuration_id: uuid.UUID,
) -> HttpResponse:
    """Switch an element on or off (the enable/disable operation)."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    info = _element_info(element)
    cid, config_id = str(channel_id), str(configuration_id)
    _known_or_404(account, cid, element=(info, config_id))
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return _switch_again(request, account, cid, info, config_id, form.errors["enabled"][0])
    enabled = form.cleaned_data["enabled"]
    word = "on" if enabled else "off"
    written = services.configuration_set_enabled(
        actor=request.user,
        account=account,
        channel_id=cid,
        element=info.slug,
        configuration_id=config_id,
        enabled=enabled,
    )
    if not written.ok:
        message = write_failure(written, f"was not switched {word}", info.noun)
        return _switch_again(request, account, cid, info, config_id, message)
    return _finish(
        request,
        account=account,
        channel_id=cid,
        anchor=f"element-{info.slug}",
        context={"sw": Switch(info, config_id, written.value)},
        fragment="element-switch",
        template=ELEMENT_TEMPLATE,
        message=f"{info.label}: switched {word}.",
        events=(info.switched_event,),
    )


# --- messaging log ---------------------------------------------------------------------------


@require_GET
def messaging_log(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """The messaging log setting (refreshed after its switch changed)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    _known_or_404(account, str(channel_id))
    context = detail_context(account, str(channel_id), full=not is_htmx(request))
    return render_page(request, TEMPLATE, context, fragment="messaging-log")


def _messaging_log_written(element: Any) -> dict[str, Any]:
    """After a write: the messaging log as CM.com answered, and its form showing it."""
    return {
        "inbound": {"messaging_log": element},
        "messaging_log_form": MessagingLogForm(
            prefix="messaging-log", initial={"enabled": _on_off(element.enabled)}
        ),
    }


@require_POST
def messaging_log_set(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """Set the messaging log on or off ("Update a messaging log configuration")."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid = str(channel_id)
    _known_or_404(account, cid)
    form = MessagingLogForm(request.POST, prefix="messaging-log")
    if not form.is_valid():
        return _again(request, account, cid, "messaging-log", messaging_log_form=form)
    written = services.messaging_log_set(
        actor=request.user, account=account, channel_id=cid, enabled=form.cleaned_data["enabled"]
    )
    if not written.ok:
        message = refusal(written, "was not saved", "messaging log setting") or ""
        return _again(
            request,
            account,
            cid,
            "messaging-log",
            messaging_log_form=form,
            messaging_log_error=message,
            messaging_log_outcome=None if message else written,
        )
    result = written.value
    return _finish(
        request,
        account=account,
        channel_id=cid,
        anchor="element-messaging-log",
        context=_messaging_log_written(result),
        fragment="messaging-log",
        message=written.message or f"Messaging log turned {'on' if result.enabled else 'off'}.",
        events=(ELEMENTS["messaging-log"].changed_event,),
    )


# --- customer contact ------------------------------------------------------------------------


@require_GET
def customer_contact(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """The customer contact endpoint as it is (the "Cancel" of its form)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    _known_or_404(account, str(channel_id))
    context = detail_context(account, str(channel_id), full=not is_htmx(request))
    return render_page(request, TEMPLATE, context, fragment="customer-contact")


@require_GET
def customer_contact_edit(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """The form to set the customer contact endpoint, filled with the current one."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    _known_or_404(account, str(channel_id))
    context = detail_context(account, str(channel_id), full=not is_htmx(request))
    context["editing"] = {
        "kind": "customer-contact",
        "mode": "edit",
        "form": context["customer_contact_form"],
    }
    return render_page(request, TEMPLATE, context, fragment="customer-contact")


@require_POST
def customer_contact_set(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """Set the customer contact endpoint (method POST; type Xml or Json)."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid = str(channel_id)
    _known_or_404(account, cid)
    form = CustomerContactForm(request.POST, prefix="customer-contact")
    editing: dict[str, Any] = {"kind": "customer-contact", "mode": "edit", "form": form}
    if not form.is_valid():
        return _again(request, account, cid, "customer-contact", editing=editing)
    data = form.cleaned_data
    written = services.customer_contact_set(
        actor=request.user,
        account=account,
        channel_id=cid,
        url=data["url"],
        type=data["type"],
        method=data["method"],
    )
    if not written.ok:
        editing["error"] = refusal(written, "was not saved", "customer contact endpoint")
        editing["outcome"] = None if editing["error"] else written
        return _again(request, account, cid, "customer-contact", editing=editing)
    inbound = {"customer_contact": written.value}
    return _finish(
        request,
        account=account,
        channel_id=cid,
        anchor="element-customer-contact",
        context={"inbound": inbound, "customer_contact_form": _customer_contact_form(inbound)},
        fragment="customer-contact",
        message=written.message or "Customer contact endpoint saved.",
        events=(ELEMENTS["customer-contact"].changed_event,),
    )


# --- e-mail addresses, webhooks and the event webhook: items ---------------------------------
# Six views per kind, written out: each names its form, fragment, service and route, so a
# search for any of them lands on the view. What they share is how a row or form is rendered.
# A write reads the channel's configuration once (``_known_or_404``): the item it refuses
# when it is not listed, the words of the delete message and the audit's ``before`` all come
# from that read.


def _inbound(known: Any) -> ApiChannelConfigurationsInbound | None:
    """The inbound configuration of a read; None when the read failed or had none."""
    return None if known is None or upstream.is_failure(known) else known.inbound


def _by_id(items: list[Any], item_id: str) -> Any:
    return next((item for item in items if item.id == item_id), None)


def _address(
    inbound: ApiChannelConfigurationsInbound | None, address_id: str
) -> ApiChannelEmailAddressResponse | None:
    email = inbound.email if inbound is not None else None
    return _by_id(email.addresses, address_id) if email is not None else None


def _webhook(
    inbound: ApiChannelConfigurationsInbound | None, webhook_id: str
) -> ApiChannelWebHookEndpointResponse | None:
    webhook = inbound.webhook if inbound is not None else None
    return _by_id(webhook.endpoints, webhook_id) if webhook is not None else None


def _event_endpoint(
    element: ApiChannelEventWebHookConfigurationResponse | None, event_webhook_id: str
) -> ApiChannelEventWebHookEndpointResponse | None:
    endpoint = element.endpoint if element is not None else None
    return endpoint if endpoint is not None and endpoint.id == event_webhook_id else None


def _event_webhook(
    inbound: ApiChannelConfigurationsInbound | None, event_webhook_id: str
) -> ApiChannelEventWebHookEndpointResponse | None:
    return _event_endpoint(inbound.event_webhook if inbound else None, event_webhook_id)


def _endpoint_initial(item: Any) -> dict[str, Any]:
    return {"url": item.url or "", "method": item.method or "POST", "type": item.type or "Json"}


def _listed_or_404(account: CMAccount, channel_id: str, known: Any, item: Any, noun: str) -> None:
    """An update or delete of an item the channel's configuration does not list (deleted
    since the page was loaded, or another account's id) is a 404 that says so (a toast for
    htmx, which leaves the row as it is), and nothing is sent, since CM.com could only refuse
    it. A configuration that could not be read lets the write go on (it then says what
    failed)."""
    if _inbound(known) is not None and item is None:
        raise notfound.NotAtCM(noun, back=_channel_back(account, channel_id))


def _item_page(request: HttpRequest, account: CMAccount, channel_id: str) -> dict[str, Any]:
    """The context of a GET of one item: the channel must be known, as before a write."""
    _known_or_404(account, channel_id)
    return detail_context(account, channel_id, full=not is_htmx(request))


def _shown_or_404(context: dict[str, Any], item: Any, item_id: str, noun: str) -> Any:
    """The item read from the configuration; 404 when CM.com says it is not there."""
    if context["inbound"] is None:
        # The configuration could not be read: a stub keeps the form and its message showing.
        return {"id": item_id}
    if item is None:
        back = _channel_back(context["account"], context["channel_id"])
        raise notfound.NotAtCM(noun, back=back)
    return item


def _posted(
    request: HttpRequest, account: CMAccount, channel_id: str, editing: dict[str, Any]
) -> dict[str, Any]:
    """The context of an edit or delete form coming back (invalid, refused, failed), read
    afresh: the row must come back even when the item is gone (its message says so)."""
    context = detail_context(account, channel_id, full=not is_htmx(request))
    context["posted"] = True
    context["editing"] = editing
    return context


def _add_again(
    request: HttpRequest,
    account: CMAccount,
    channel_id: str,
    *,
    attribute: str,
    fragment: str,
    noun: str,
    form: forms.Form,
    written: upstream.WriteResult[Any] | None = None,
) -> HttpResponse:
    """An add form comes back: invalid (``written`` None), refused (why, at the form), or its
    answer lost (the check's words, and "send again" only when it surely did not happen)."""
    message = (refusal(written, "was not added", noun) or "") if written is not None else ""
    outcome = None if message or written is None else written
    return _again(
        request,
        account,
        channel_id,
        fragment,
        add_forms={attribute: form},
        add_errors={attribute: message},
        add_outcomes={attribute: outcome},
    )


def _item_done(
    request: HttpRequest,
    account: CMAccount,
    channel_id: str,
    slug: str,
    context: dict[str, Any],
    fragment: str,
    message: str,
) -> HttpResponse:
    """An item write went through: its fragment and the element's ``-changed`` event."""
    return _finish(
        request,
        account=account,
        channel_id=channel_id,
        anchor=f"element-{slug}",
        context=context,
        fragment=fragment,
        message=message,
        events=(ELEMENTS[slug].changed_event,),
    )


def _email_written(element: Any) -> dict[str, Any]:
    """After a write: the e-mail element as CM.com answered, and an empty add form, so the
    person is not led to add it twice."""
    return {
        "inbound": {"email": element},
        "add_forms": {"email": EmailAddressForm(prefix="email-add")},
    }


def _webhook_written(element: Any) -> dict[str, Any]:
    """After a write: the webhook element as CM.com answered, and an empty add form."""
    return {
        "inbound": {"webhook": element},
        "add_forms": {"webhook": WebhookForm(prefix="webhook-add")},
    }


def _event_webhook_written(element: Any) -> dict[str, Any]:
    """After a write: the event webhook element as CM.com answered, and an empty add form."""
    return {
        "inbound": {"event_webhook": element},
        "add_forms": {"event_webhook": EventWebhookForm(prefix="event-webhook-add")},
    }


def _deleted(noun: str, described: str | None) -> str:
    return f"{noun.capitalize()} deleted" + (f": {described}" if described else ".")


# --- e-mail addresses
# Only the item itself is a read for BROWSE; its edit form and delete question show a change,
# so they need EDIT_CONFIGURATION too (for every kind).


@require_POST
def email_add(request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID) -> HttpResponse:
    """Add a new e-mail address."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid = str(channel_id)
    known = _known_or_404(account, cid)
    form = EmailAddressForm(request.POST, prefix="email-add")
    again = {"attribute": "email", "fragment": "email-items", "noun": "e-mail address"}
    if not form.is_valid():
        return _add_again(request, account, cid, form=form, **again)
    address = form.cleaned_data["address"]
    written = services.email_add(
        actor=request.user, account=account, channel_id=cid, address=address, known=known
    )
    if not written.ok:
        return _add_again(request, account, cid, form=form, written=written, **again)
    # Answered, or found by the check: the element as it is now.
    context = _email_written(written.value)
    message = written.message or f"E-mail address added: {address}"
    return _item_done(request, account, cid, "email", context, "email-items", message)


@require_GET
def email(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, address_id: uuid.UUID
) -> HttpResponse:
    """One e-mail address as it is (the Cancel of its edit form and delete question)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    item_id = str(address_id)
    context = _item_page(request, account, str(channel_id))
    item = _address(context["inbound"], item_id)
    context["item"] = _shown_or_404(context, item, item_id, "e-mail address")
    return render_page(request, TEMPLATE, context, fragment="email-row")


@require_GET
def email_edit(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, address_id: uuid.UUID
) -> HttpResponse:
    """The form to change the e-mail address, in its row."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item_id = str(address_id)
    context = _item_page(request, account, str(channel_id))
    item = _shown_or_404(context, _address(context["inbound"], item_id), item_id, "e-mail address")
    initial = {"address": item.address or ""} if not isinstance(item, dict) else {}
    form = EmailAddressForm(prefix=f"email-{item_id}", initial=initial)
    context["item"] = item
    context["editing"] = {"kind": "email", "id": item_id, "mode": "edit", "form": form}
    return render_page(request, TEMPLATE, context, fragment="email-row")


@require_POST
def email_update(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, address_id: uuid.UUID
) -> HttpResponse:
    """Change the e-mail address."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid, item_id = str(channel_id), str(address_id)
    known = _known_or_404(account, cid)
    _listed_or_404(account, cid, known, _address(_inbound(known), item_id), "e-mail address")
    form = EmailAddressForm(request.POST, prefix=f"email-{item_id}")
    editing: dict[str, Any] = {"kind": "email", "id": item_id, "mode": "edit", "form": form}
    if form.is_valid():
        address = form.cleaned_data["address"]
        written = services.email_update(
            actor=request.user,
            account=account,
            channel_id=cid,
            address_id=item_id,
            address=address,
            known=known,
        )
        if not written.ok:
            editing["error"] = write_failure(written, "was not saved", "e-mail address")
        else:
            result = written.value
            context = _email_written(result)
            context["item"] = _by_id(result.addresses, item_id) or {"id": item_id}
            message = f"E-mail address saved: {address}"
            return _item_done(request, account, cid, "email", context, "email-row", message)
    context = _posted(request, account, cid, editing)
    context["item"] = _address(context["inbound"], item_id) or {"id": item_id}
    return render_page(request, TEMPLATE, context, fragment="email-row")


@require_GET
def email_confirm_delete(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, address_id: uuid.UUID
) -> HttpResponse:
    """Ask before deleting the e-mail address."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item_id = str(address_id)
    context = _item_page(request, account, str(channel_id))
    item = _address(context["inbound"], item_id)
    context["item"] = _shown_or_404(context, item, item_id, "e-mail address")
    context["editing"] = {"kind": "email", "id": item_id, "mode": "delete"}
    return render_page(request, TEMPLATE, context, fragment="email-row")


@require_POST
def email_delete(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, address_id: uuid.UUID
) -> HttpResponse:
    """Delete the e-mail address (once confirmed)."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid, item_id = str(channel_id), str(address_id)
    known = _known_or_404(account, cid)
    item = _address(_inbound(known), item_id)
    _listed_or_404(account, cid, known, item, "e-mail address")
    editing: dict[str, Any] = {"kind": "email", "id": item_id, "mode": "delete"}
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        editing["error"] = form.errors["confirm"][0]
    else:
        written = services.email_delete(
            actor=request.user, account=account, channel_id=cid, address_id=item_id, known=known
        )
        if not written.ok:
            editing["error"] = write_failure(written, "was not deleted", "e-mail address")
        else:
            message = _deleted("e-mail address", item.address if item else None)
            return _item_done(request, account, cid, "email", {}, "removed", message)
    context = _posted(request, account, cid, editing)
    context["item"] = _address(context["inbound"], item_id) or {"id": item_id}
    return render_page(request, TEMPLATE, context, fragment="email-row")


# --- webhooks


@require_POST
def webhook_add(request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID) -> HttpResponse:
    """Add a new webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid = str(channel_id)
    known = _known_or_404(account, cid)
    form = WebhookForm(request.POST, prefix="webhook-add")
    again = {"attribute": "webhook", "fragment": "webhook-items", "noun": "webhook"}
    if not form.is_valid():
        return _add_again(request, account, cid, form=form, **again)
    data = form.cleaned_data
    written = services.webhook_add(
        actor=request.user,
        account=account,
        channel_id=cid,
        url=data["url"],
        method=data["method"],
        type=data["type"],
        known=known,
    )
    if not written.ok:
        return _add_again(request, account, cid, form=form, written=written, **again)
    context = _webhook_written(written.value)
    message = written.message or f"Webhook added: {data['url']}"
    return _item_done(request, account, cid, "webhook", context, "webhook-items", message)


@require_GET
def webhook(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, webhook_id: uuid.UUID
) -> HttpResponse:
    """One webhook as it is (the Cancel of its edit form and delete question)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    item_id = str(webhook_id)
    context = _item_page(request, account, str(channel_id))
    item = _webhook(context["inbound"], item_id)
    context["item"] = _shown_or_404(context, item, item_id, "webhook")
    return render_page(request, TEMPLATE, context, fragment="webhook-row")


@require_GET
def webhook_edit(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, webhook_id: uuid.UUID
) -> HttpResponse:
    """The form to change the webhook, in its row."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item_id = str(webhook_id)
    context = _item_page(request, account, str(channel_id))
    item = _shown_or_404(context, _webhook(context["inbound"], item_id), item_id, "webhook")
    initial = _endpoint_initial(item) if not isinstance(item, dict) else {}
    form = WebhookForm(prefix=f"webhook-{item_id}", initial=initial)
    context["item"] = item
    context["editing"] = {"kind": "webhook", "id": item_id, "mode": "edit", "form": form}
    return render_page(request, TEMPLATE, context, fragment="webhook-row")


@require_POST
def webhook_update(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, webhook_id: uuid.UUID
) -> HttpResponse:
    """Change the webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid, item_id = str(channel_id), str(webhook_id)
    known = _known_or_404(account, cid)
    _listed_or_404(account, cid, known, _webhook(_inbound(known), item_id), "webhook")
    form = WebhookForm(request.POST, prefix=f"webhook-{item_id}")
    editing: dict[str, Any] = {"kind": "webhook", "id": item_id, "mode": "edit", "form": form}
    if form.is_valid():
        data = form.cleaned_data
        written = services.webhook_update(
            actor=request.user,
            account=account,
            channel_id=cid,
            webhook_id=item_id,
            url=data["url"],
            method=data["method"],
            type=data["type"],
            known=known,
        )
        if not written.ok:
            editing["error"] = write_failure(written, "was not saved", "webhook")
        else:
            result = written.value
            context = _webhook_written(result)
            context["item"] = _by_id(result.endpoints, item_id) or {"id": item_id}
            message = f"Webhook saved: {data['url']}"
            return _item_done(request, account, cid, "webhook", context, "webhook-row", message)
    context = _posted(request, account, cid, editing)
    context["item"] = _webhook(context["inbound"], item_id) or {"id": item_id}
    return render_page(request, TEMPLATE, context, fragment="webhook-row")


@require_GET
def webhook_confirm_delete(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, webhook_id: uuid.UUID
) -> HttpResponse:
    """Ask before deleting the webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item_id = str(webhook_id)
    context = _item_page(request, account, str(channel_id))
    item = _webhook(context["inbound"], item_id)
    context["item"] = _shown_or_404(context, item, item_id, "webhook")
    context["editing"] = {"kind": "webhook", "id": item_id, "mode": "delete"}
    return render_page(request, TEMPLATE, context, fragment="webhook-row")


@require_POST
def webhook_delete(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, webhook_id: uuid.UUID
) -> HttpResponse:
    """Delete the webhook (once confirmed)."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid, item_id = str(channel_id), str(webhook_id)
    known = _known_or_404(account, cid)
    item = _webhook(_inbound(known), item_id)
    _listed_or_404(account, cid, known, item, "webhook")
    editing: dict[str, Any] = {"kind": "webhook", "id": item_id, "mode": "delete"}
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        editing["error"] = form.errors["confirm"][0]
    else:
        written = services.webhook_delete(
            actor=request.user, account=account, channel_id=cid, webhook_id=item_id, known=known
        )
        if not written.ok:
            editing["error"] = write_failure(written, "was not deleted", "webhook")
        else:
            message = _deleted("webhook", item.url if item else None)
            return _item_done(request, account, cid, "webhook", {}, "removed", message)
    context = _posted(request, account, cid, editing)
    context["item"] = _webhook(context["inbound"], item_id) or {"id": item_id}
    return render_page(request, TEMPLATE, context, fragment="webhook-row")


# --- the event webhook: one endpoint at most, so its block is both the row and the list


@require_POST
def event_webhook_add(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """Add a new event webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid = str(channel_id)
    known = _known_or_404(account, cid)
    form = EventWebhookForm(request.POST, prefix="event-webhook-add")
    again = {"attribute": "event_webhook", "fragment": "event-webhook", "noun": "event webhook"}
    if not form.is_valid():
        return _add_again(request, account, cid, form=form, **again)
    url = form.cleaned_data["url"]
    written = services.event_webhook_add(
        actor=request.user, account=account, channel_id=cid, url=url, known=known
    )
    if not written.ok:
        return _add_again(request, account, cid, form=form, written=written, **again)
    context = _event_webhook_written(written.value)
    message = written.message or f"Event webhook added: {url}"
    return _item_done(request, account, cid, "event-webhook", context, "event-webhook", message)


@require_GET
def event_webhook(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    event_webhook_id: uuid.UUID,
) -> HttpResponse:
    """One event webhook as it is (the Cancel of its edit form and delete question)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    item_id = str(event_webhook_id)
    context = _item_page(request, account, str(channel_id))
    item = _event_webhook(context["inbound"], item_id)
    context["item"] = _shown_or_404(context, item, item_id, "event webhook")
    return render_page(request, TEMPLATE, context, fragment="event-webhook")


@require_GET
def event_webhook_edit(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    event_webhook_id: uuid.UUID,
) -> HttpResponse:
    """The form to change the event webhook, in its block."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item_id = str(event_webhook_id)
    context = _item_page(request, account, str(channel_id))
    item = _event_webhook(context["inbound"], item_id)
    item = _shown_or_404(context, item, item_id, "event webhook")
    initial = _endpoint_initial(item) if not isinstance(item, dict) else {}
    form = EventWebhookForm(prefix=f"event-webhook-{item_id}", initial=initial)
    context["item"] = item
    context["editing"] = {"kind": "event-webhook", "id": item_id, "mode": "edit", "form": form}
    return render_page(request, TEMPLATE, context, fragment="event-webhook")


@require_POST
def event_webhook_update(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    event_webhook_id: uuid.UUID,
) -> HttpResponse:
    """Change the event webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid, item_id = str(channel_id), str(event_webhook_id)
    known = _known_or_404(account, cid)
    _listed_or_404(account, cid, known, _event_webhook(_inbound(known), item_id), "event webhook")
    form = EventWebhookForm(request.POST, prefix=f"event-webhook-{item_id}")
    editing: dict[str, Any] = {"kind": "event-webhook", "id": item_id, "mode": "edit", "form": form}
    if form.is_valid():
        url = form.cleaned_data["url"]
        written = services.event_webhook_update(
            actor=request.user,
            account=account,
            channel_id=cid,
            event_webhook_id=item_id,
            url=url,
            known=known,
        )
        if not written.ok:
            editing["error"] = write_failure(written, "was not saved", "event webhook")
        else:
            result = written.value
            context = _event_webhook_written(result)
            context["item"] = _event_endpoint(result, item_id) or {"id": item_id}
            message = f"Event webhook saved: {url}"
            return _item_done(
                request, account, cid, "event-webhook", context, "event-webhook", message
            )
    context = _posted(request, account, cid, editing)
    context["item"] = _event_webhook(context["inbound"], item_id) or {"id": item_id}
    return render_page(request, TEMPLATE, context, fragment="event-webhook")


@require_GET
def event_webhook_confirm_delete(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    event_webhook_id: uuid.UUID,
) -> HttpResponse:
    """Ask before deleting the event webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item_id = str(event_webhook_id)
    context = _item_page(request, account, str(channel_id))
    item = _event_webhook(context["inbound"], item_id)
    context["item"] = _shown_or_404(context, item, item_id, "event webhook")
    context["editing"] = {"kind": "event-webhook", "id": item_id, "mode": "delete"}
    return render_page(request, TEMPLATE, context, fragment="event-webhook")


@require_POST
def event_webhook_delete(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    event_webhook_id: uuid.UUID,
) -> HttpResponse:
    """Delete the event webhook (once confirmed)."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid, item_id = str(channel_id), str(event_webhook_id)
    known = _known_or_404(account, cid)
    item = _event_webhook(_inbound(known), item_id)
    _listed_or_404(account, cid, known, item, "event webhook")
    editing: dict[str, Any] = {"kind": "event-webhook", "id": item_id, "mode": "delete"}
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        editing["error"] = form.errors["confirm"][0]
    else:
        written = services.event_webhook_delete(
            actor=request.user,
            account=account,
            channel_id=cid,
            event_webhook_id=item_id,
            known=known,
        )
        if not written.ok:
            editing["error"] = write_failure(written, "was not deleted", "event webhook")
        else:
            # The block stays, now offering to set an endpoint again.
            context = _event_webhook_written({"endpoint": None})
            message = _deleted("event webhook", item.url if item else None)
            return _item_done(
                request, account, cid, "event-webhook", context, "event-webhook", message
            )
    context = _posted(request, account, cid, editing)
    context["item"] = _event_webhook(context["inbound"], item_id) or {"id": item_id}
    return render_page(request, TEMPLATE, context, fragment="event-webhook")
