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

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from channels_api.models import ApiChannelConfigurationResponse
from dashboard.accounts.models import CMAccount
from dashboard.channels import selectors, services
from dashboard.channels.forms import (
    ConfirmForm,
    CustomerContactForm,
    EmailAddressForm,
    EventWebhookForm,
    MessagingLogForm,
    SwitchForm,
    WebhookForm,
)
from dashboard.channels.views._common import UPSTREAM_ERRORS, refusal, write_failure
from dashboard.core import notfound, upstream
from dashboard.core.access import Capability, get_account_or_404
from dashboard.core.htmx import done, is_htmx, render_page, toast, trigger

TEMPLATE = "channels/detail.html"
ELEMENT_TEMPLATE = "channels/element.html"


# --- the five elements -----------------------------------------------------------------------


@dataclass(frozen=True)
class ElementInfo:
    """One of the five inbound configuration elements."""

    slug: str
    attribute: str
    label: str
    noun: str

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
        ElementInfo("messaging-log", "messaging_log", "Messaging log", "messaging log"),
        ElementInfo(
            "customer-contact",
            "customer_contact",
            "Customer contact",
            "customer contact configuration",
        ),
        ElementInfo("email", "email", "E-mail addresses", "e-mail configuration"),
        ElementInfo("webhook", "webhook", "Webhooks", "webhook configuration"),
        ElementInfo(
            "event-webhook", "event_webhook", "Event webhook", "event webhook configuration"
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
) -> None:
    """Before a write: the channel (and a switched element) must be in this account's
    configuration as CM.com lists it (a cached read). Another account's id, or none, is a 404
    here rather than a write sent blind for CM.com to refuse; a configuration that cannot be
    read for another reason (a 403 too: it is about the token, not the channel) lets the
    write go on, to say in place what failed."""
    found = selectors.configuration(account, channel_id)
    if upstream.is_failure(found):
        notfound.found_or_404(found, "channel", back=_channels_back(account))
        return
    # An item missing from a known channel is refused by ``_gone_or_404``; one CM.com
    # deletes between that read and the write says so in place (``write_failure``).
    if element is not None and found.inbound is not None:
        info, configuration_id = element
        if getattr(getattr(found.inbound, info.attribute, None), "id", None) != configuration_id:
            raise notfound.NotAtCM(info.noun, back=_channel_back(account, channel_id))


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


def _customer_contact_initial(inbound: Any) -> dict[str, str]:
    element = getattr(inbound, "customer_contact", None)
    endpoint = element.endpoints[0] if element is not None and element.endpoints else None
    if endpoint is None:
        return {"method": "POST", "type": "Json"}
    return {"url": endpoint.url or "", "method": "POST", "type": endpoint.type or "Json"}


def _cm_url(channel: Any) -> str | None:
    if channel is None or upstream.is_failure(channel):
        return None
    return selectors.external_url(channel.channel_url)


def detail_context(
    request: HttpRequest, account: CMAccount, channel_id: str, *, full: bool
) -> dict[str, Any]:
    """The channel page's context. ``full`` reads the channel too (the whole page); without
    it only the configuration is read (a fragment needs no more). Both are cached reads."""
    if full:
        page = selectors.channel_page(account, channel_id)
        channel, configuration, entry = page.channel, page.configuration, page.group_entry
        notfound.found_or_404(channel, "channel", back=_channels_back(account))
    else:
        channel, entry = None, None
        configuration = selectors.configuration(account, channel_id)
    inbound = None if upstream.is_failure(configuration) else configuration.inbound
    messaging_log = getattr(inbound, "messaging_log", None)
    return {
        "account": account,
        "channel_id": channel_id,
        "channel": channel,
        "cm_url": _cm_url(channel),
        "configuration": configuration,
        "inbound": inbound,
        "group_entry": entry,
        "progress": selectors.channel_progress(entry),
        "switches": _switches(inbound),
        "add_forms": {
            "email": EmailAddressForm(prefix="email-add"),
            "webhook": WebhookForm(prefix="webhook-add"),
            "event_webhook": EventWebhookForm(prefix="event-webhook-add"),
        },
        "add_errors": {},
        "customer_contact_form": CustomerContactForm(
            prefix="customer-contact", initial=_customer_contact_initial(inbound)
        ),
        "messaging_log_form": MessagingLogForm(
            prefix="messaging-log",
            initial={"enabled": _on_off(messaging_log.enabled)} if messaging_log else None,
        ),
        "editing": None,
        "posted": False,
    }


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
    context = detail_context(request, account, channel_id, full=not is_htmx(request))
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
    if form.is_valid():
        enabled = form.cleaned_data["enabled"]
        word = "on" if enabled else "off"
        try:
            result = services.configuration_set_enabled(
                actor=request.user,
                account=account,
                channel_id=cid,
                element=info.slug,
                configuration_id=config_id,
                enabled=enabled,
            )
        except UPSTREAM_ERRORS as error:
            message = write_failure(error, f"was not switched {word}", info.noun)
        else:
            return _finish(
                request,
                account=account,
                channel_id=cid,
                anchor=f"element-{info.slug}",
                context={"sw": Switch(info, config_id, result)},
                fragment="element-switch",
                template=ELEMENT_TEMPLATE,
                message=f"{info.label}: switched {word}.",
                events=(info.switched_event,),
            )
    else:
        message = form.errors["enabled"][0]
    if not is_htmx(request):
        context = detail_context(request, account, cid, full=True)
        current = context["switches"].get(info.attribute)
        context["switches"][info.attribute] = Switch(
            info, config_id, current.element if current else None, error=message
        )
        return render_page(request, TEMPLATE, context)
    got = selectors.configuration_element(account, cid, config_id)
    failed = upstream.is_failure(got)
    switch = Switch(info, config_id, None if failed else got, error=message)
    context = {"account": account, "channel_id": cid, "sw": switch}
    return render_page(request, ELEMENT_TEMPLATE, context, fragment="element-switch")


# --- messaging log ---------------------------------------------------------------------------


@require_GET
def messaging_log(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """The messaging log setting (refreshed after its switch changed)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    _known_or_404(account, str(channel_id))
    context = detail_context(request, account, str(channel_id), full=not is_htmx(request))
    return render_page(request, TEMPLATE, context, fragment="messaging-log")


@require_POST
def messaging_log_set(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """Set the messaging log on or off ("Update a messaging log configuration")."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    cid = str(channel_id)
    _known_or_404(account, cid)
    form = MessagingLogForm(request.POST, prefix="messaging-log")
    message, outcome = "", None
    if form.is_valid():
        enabled = form.cleaned_data["enabled"]
        written = services.messaging_log_set(
            actor=request.user, account=account, channel_id=cid, enabled=enabled
        )
        if not written.ok:
            message = refusal(written, "was not saved", "messaging log setting") or ""
            outcome = None if message else written
        else:
            result = written.value
            return _finish(
                request,
                account=account,
                channel_id=cid,
                anchor="element-messaging-log",
                context={
                    "inbound": {"messaging_log": result},
                    "messaging_log_form": MessagingLogForm(
                        prefix="messaging-log", initial={"enabled": _on_off(result.enabled)}
                    ),
                },
                fragment="messaging-log",
                message=written.message
                or f"Messaging log turned {'on' if result.enabled else 'off'}.",
                events=(ELEMENTS["messaging-log"].changed_event,),
            )
    return _again(
        request,
        account,
        cid,
        "messaging-log",
        messaging_log_form=form,
        messaging_log_error=message,
        messaging_log_outcome=outcome,
    )


# --- customer contact ------------------------------------------------------------------------


@require_GET
def customer_contact(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """The customer contact endpoint as it is (the "Cancel" of its form)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    _known_or_404(account, str(channel_id))
    context = detail_context(request, account, str(channel_id), full=not is_htmx(request))
    return render_page(request, TEMPLATE, context, fragment="customer-contact")


@require_GET
def customer_contact_edit(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """The form to set the customer contact endpoint, filled with the current one."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    _known_or_404(account, str(channel_id))
    context = detail_context(request, account, str(channel_id), full=not is_htmx(request))
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
    if form.is_valid():
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
        else:
            result = written.value
            return _finish(
                request,
                account=account,
                channel_id=cid,
                anchor="element-customer-contact",
                context={
                    "inbound": {"customer_contact": result},
                    "customer_contact_form": CustomerContactForm(
                        prefix="customer-contact",
                        initial=_customer_contact_initial({"customer_contact": result}),
                    ),
                },
                fragment="customer-contact",
                message=written.message or "Customer contact endpoint saved.",
                events=(ELEMENTS["customer-contact"].changed_event,),
            )
    return _again(request, account, cid, "customer-contact", editing=editing)


# --- e-mail addresses, webhooks and the event webhook: items ---------------------------------


@dataclass(frozen=True)
class ItemKind:
    """How one kind of configuration item is listed, described, and written."""

    slug: str
    attribute: str
    noun: str
    form_class: type[forms.Form]
    row_fragment: str
    list_fragment: str
    single: bool
    items: Callable[[Any], list[Any]]
    describe: Callable[[Any], str]
    initial: Callable[[Any], dict[str, Any]]
    url_kwarg: str
    """The item id's name in the URL pattern (the access matrix and templates reverse by it)."""

    @property
    def info(self) -> ElementInfo:
        """The element this kind of item belongs to."""
        return ELEMENTS[self.slug]

    def find(self, element: Any, item_id: str) -> Any:
        """The item ``item_id`` of an element, or None."""
        if element is None:
            return None
        return next((item for item in self.items(element) if item.id == item_id), None)

    def edit_prefix(self, item_id: str) -> str:
        """Form prefix of an item's edit form: unique on the page."""
        return f"{self.slug}-{item_id}"

    def add_prefix(self) -> str:
        """Form prefix of the add form."""
        return f"{self.slug}-add"


def _addresses(element: Any) -> list[Any]:
    return list(getattr(element, "addresses", None) or [])


def _endpoints(element: Any) -> list[Any]:
    return list(getattr(element, "endpoints", None) or [])


def _event_endpoint(element: Any) -> list[Any]:
    endpoint = getattr(element, "endpoint", None)
    return [endpoint] if endpoint is not None else []


def _endpoint_initial(item: Any) -> dict[str, Any]:
    return {"url": item.url or "", "method": item.method or "POST", "type": item.type or "Json"}


EMAIL = ItemKind(
    slug="email",
    attribute="email",
    noun="e-mail address",
    form_class=EmailAddressForm,
    row_fragment="email-row",
    list_fragment="email-items",
    single=False,
    items=_addresses,
    describe=lambda item: item.address or "",
    initial=lambda item: {"address": item.address or ""},
    url_kwarg="address_id",
)
WEBHOOK = ItemKind(
    slug="webhook",
    attribute="webhook",
    noun="webhook",
    form_class=WebhookForm,
    row_fragment="webhook-row",
    list_fragment="webhook-items",
    single=False,
    items=_endpoints,
    describe=lambda item: item.url or "",
    initial=_endpoint_initial,
    url_kwarg="webhook_id",
)
EVENT_WEBHOOK = ItemKind(
    slug="event-webhook",
    attribute="event_webhook",
    noun="event webhook",
    form_class=EventWebhookForm,
    # One endpoint at most: the block is both the row and the list.
    row_fragment="event-webhook",
    list_fragment="event-webhook",
    single=True,
    items=_event_endpoint,
    describe=lambda item: item.url or "",
    initial=_endpoint_initial,
    url_kwarg="event_webhook_id",
)


def _current_item(context: dict[str, Any], kind: ItemKind, item_id: str) -> Any:
    """The item from the configuration read; 404 when CM.com says it is not there."""
    inbound = context["inbound"]
    if inbound is None:
        # The configuration could not be read: a stub keeps the form and its message showing.
        return {"id": item_id}
    item = kind.find(getattr(inbound, kind.attribute, None), item_id)
    if item is None:
        back = _channel_back(context["account"], context["channel_id"])
        raise notfound.NotAtCM(kind.noun, back=back)
    return item


def _item_or_stub(context: dict[str, Any], kind: ItemKind, item_id: str) -> Any:
    """After a POST the form must come back even when the item is gone (the message says so)."""
    inbound = context["inbound"]
    found = kind.find(getattr(inbound, kind.attribute, None), item_id) if inbound else None
    return found or {"id": item_id}


def _item_show(
    request: HttpRequest, account: CMAccount, channel_id: str, kind: ItemKind, item_id: str
) -> HttpResponse:
    context = detail_context(request, account, channel_id, full=not is_htmx(request))
    context["item"] = _current_item(context, kind, item_id)
    return render_page(request, TEMPLATE, context, fragment=kind.row_fragment)


def _item_edit(
    request: HttpRequest, account: CMAccount, channel_id: str, kind: ItemKind, item_id: str
) -> HttpResponse:
    context = detail_context(request, account, channel_id, full=not is_htmx(request))
    item = _current_item(context, kind, item_id)
    initial = kind.initial(item) if not isinstance(item, dict) else {}
    form = kind.form_class(prefix=kind.edit_prefix(item_id), initial=initial)
    context["item"] = item
    context["editing"] = {"kind": kind.slug, "id": item_id, "mode": "edit", "form": form}
    return render_page(request, TEMPLATE, context, fragment=kind.row_fragment)


def _item_update(
    request: HttpRequest, account: CMAccount, channel_id: str, kind: ItemKind, item_id: str
) -> HttpResponse:
    form = kind.form_class(request.POST, prefix=kind.edit_prefix(item_id))
    editing: dict[str, Any] = {"kind": kind.slug, "id": item_id, "mode": "edit", "form": form}
    if form.is_valid():
        try:
            result = services.item_update(
                actor=request.user,
                account=account,
                channel_id=channel_id,
                element=kind.slug,
                item_id=item_id,
                values=form.cleaned_data,
            )
        except UPSTREAM_ERRORS as error:
            editing["error"] = write_failure(error, "was not saved", kind.noun)
        else:
            item = kind.find(result, item_id) or {"id": item_id}
            typed = form.cleaned_data.get("url") or form.cleaned_data.get("address")
            return _finish(
                request,
                account=account,
                channel_id=channel_id,
                anchor=f"element-{kind.slug}",
                context={
                    "item": item,
                    "inbound": {kind.attribute: result},
                    "add_forms": {kind.attribute: kind.form_class(prefix=kind.add_prefix())},
                },
                fragment=kind.row_fragment,
                message=f"{kind.noun.capitalize()} saved: {typed}",
                events=(kind.info.changed_event,),
            )
    context = detail_context(request, account, channel_id, full=not is_htmx(request))
    context["posted"] = True
    context["item"] = _item_or_stub(context, kind, item_id)
    context["editing"] = editing
    return render_page(request, TEMPLATE, context, fragment=kind.row_fragment)


def _item_confirm_delete(
    request: HttpRequest, account: CMAccount, channel_id: str, kind: ItemKind, item_id: str
) -> HttpResponse:
    context = detail_context(request, account, channel_id, full=not is_htmx(request))
    context["item"] = _current_item(context, kind, item_id)
    context["editing"] = {"kind": kind.slug, "id": item_id, "mode": "delete"}
    return render_page(request, TEMPLATE, context, fragment=kind.row_fragment)


def _item_delete(
    request: HttpRequest, account: CMAccount, channel_id: str, kind: ItemKind, item_id: str
) -> HttpResponse:
    form = ConfirmForm(request.POST)
    editing: dict[str, Any] = {"kind": kind.slug, "id": item_id, "mode": "delete"}
    if form.is_valid():
        described = ""
        known = selectors.configuration(account, channel_id)
        if not upstream.is_failure(known) and known.inbound is not None:
            item = kind.find(getattr(known.inbound, kind.attribute, None), item_id)
            described = kind.describe(item) if item is not None else ""
        try:
            services.item_delete(
                actor=request.user,
                account=account,
                channel_id=channel_id,
                element=kind.slug,
                item_id=item_id,
            )
        except UPSTREAM_ERRORS as error:
            editing["error"] = write_failure(error, "was not deleted", kind.noun)
        else:
            message = f"{kind.noun.capitalize()} deleted" + (f": {described}" if described else ".")
            context: dict[str, Any] = {}
            if kind.single:
                # The block stays, now offering to add an endpoint again.
                context = {
                    "inbound": {kind.attribute: {"endpoint": None}},
                    "add_forms": {kind.attribute: kind.form_class(prefix=kind.add_prefix())},
                }
            return _finish(
                request,
                account=account,
                channel_id=channel_id,
                anchor=f"element-{kind.slug}",
                context=context,
                fragment=kind.row_fragment if kind.single else "removed",
                message=message,
                events=(kind.info.changed_event,),
            )
    else:
        editing["error"] = form.errors["confirm"][0]
    context = detail_context(request, account, channel_id, full=not is_htmx(request))
    context["posted"] = True
    context["item"] = _item_or_stub(context, kind, item_id)
    context["editing"] = editing
    return render_page(request, TEMPLATE, context, fragment=kind.row_fragment)


def _item_add(
    request: HttpRequest, account: CMAccount, channel_id: str, kind: ItemKind
) -> HttpResponse:
    form = kind.form_class(request.POST, prefix=kind.add_prefix())
    message, outcome = "", None
    if form.is_valid():
        written = services.item_add(
            actor=request.user,
            account=account,
            channel_id=channel_id,
            element=kind.slug,
            values=form.cleaned_data,
        )
        if not written.ok:
            # Refused: say why at the form. Lost: the check's words, and "send again" only
            # when it surely did not happen.
            message = refusal(written, "was not added", kind.noun) or ""
            outcome = None if message else written
        else:
            # Answered, or found by the check: the element as it is now, and an empty form,
            # so the person is not led to add it twice.
            result = written.value
            described = form.cleaned_data.get("url") or form.cleaned_data.get("address") or ""
            return _finish(
                request,
                account=account,
                channel_id=channel_id,
                anchor=f"element-{kind.slug}",
                context={
                    "inbound": {kind.attribute: result},
                    "add_forms": {kind.attribute: kind.form_class(prefix=kind.add_prefix())},
                },
                fragment=kind.list_fragment,
                message=written.message or f"{kind.noun.capitalize()} added: {described}",
                events=(kind.info.changed_event,),
            )
    return _again(
        request,
        account,
        channel_id,
        kind.list_fragment,
        add_forms={kind.attribute: form},
        add_errors={kind.attribute: message},
        add_outcomes={kind.attribute: outcome},
    )


# --- the six views of each item kind --------------------------------------------------------


@dataclass(frozen=True)
class ItemViews:
    """The six views of one item kind, each one method and one capability."""

    add: Callable[..., HttpResponse]
    show: Callable[..., HttpResponse]
    edit: Callable[..., HttpResponse]
    update: Callable[..., HttpResponse]
    confirm_delete: Callable[..., HttpResponse]
    delete: Callable[..., HttpResponse]


ItemHandler = Callable[[HttpRequest, CMAccount, str, ItemKind, str | None], HttpResponse]

# Role → (method, capability, handler, docstring). Only the item itself is a read for BROWSE;
# its edit form and delete question show a change, so they need EDIT_CONFIGURATION too.
_ROLES: dict[str, tuple[Callable[..., Any], Capability, ItemHandler, str]] = {
    "add": (
        require_POST,
        Capability.EDIT_CONFIGURATION,
        lambda request, account, cid, kind, _id: _item_add(request, account, cid, kind),
        "Add a new {noun}.",
    ),
    "show": (
        require_GET,
        Capability.BROWSE,
        _item_show,
        "One {noun} as it is (the Cancel of its edit form and delete question).",
    ),
    "edit": (
        require_GET,
        Capability.EDIT_CONFIGURATION,
        _item_edit,
        "The form to change the {noun}, in its row.",
    ),
    "update": (require_POST, Capability.EDIT_CONFIGURATION, _item_update, "Change the {noun}."),
    "confirm_delete": (
        require_GET,
        Capability.EDIT_CONFIGURATION,
        _item_confirm_delete,
        "Ask before deleting the {noun}.",
    ),
    "delete": (
        require_POST,
        Capability.EDIT_CONFIGURATION,
        _item_delete,
        "Delete the {noun} (once confirmed).",
    ),
}


def _gone_or_404(account: CMAccount, channel_id: str, kind: ItemKind, item_id: str) -> None:
    """An update or delete of an item the channel's configuration does not list (deleted
    since the page was loaded, or another account's id) is a 404 that says so (a toast for
    htmx, which leaves the row as it is), and nothing is sent, since CM.com could only refuse
    it. A configuration that could not be read lets the write go on (it then says what
    failed)."""
    found = selectors.configuration(account, channel_id)
    if upstream.is_failure(found) or found.inbound is None:
        return
    if kind.find(getattr(found.inbound, kind.attribute, None), item_id) is None:
        raise notfound.NotAtCM(kind.noun, back=_channel_back(account, channel_id))


def _item_view(kind: ItemKind, role: str) -> Callable[..., HttpResponse]:
    """One view of ``kind``. The three kinds differ only in the kind and the name of the item
    id in the URL (``address_id`` …; none for ``add``), so one body serves all eighteen."""
    method, need, handler, doc = _ROLES[role]

    @method
    def view(
        request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, **ids: uuid.UUID
    ) -> HttpResponse:
        account = get_account_or_404(request, account_id, need=need)
        item_id = str(ids[kind.url_kwarg]) if kind.url_kwarg in ids else None
        _known_or_404(account, str(channel_id))
        if role in ("update", "delete") and item_id is not None:
            _gone_or_404(account, str(channel_id), kind, item_id)
        return handler(request, account, str(channel_id), kind, item_id)

    view.__doc__ = doc.format(noun=kind.noun)
    # Named as the URL is (``email_confirm_delete``), for tracebacks and the debug toolbar.
    view.__name__ = view.__qualname__ = kind.attribute + ("" if role == "show" else f"_{role}")
    return view


def _item_views(kind: ItemKind) -> ItemViews:
    """The six views of ``kind``."""
    return ItemViews(**{role: _item_view(kind, role) for role in _ROLES})


ITEM_VIEWS: dict[str, ItemViews] = {
    kind.slug: _item_views(kind) for kind in (EMAIL, WEBHOOK, EVENT_WEBHOOK)
}
"""Element slug → its six views; ``urls.py`` routes them."""
