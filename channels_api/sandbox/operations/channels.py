"""The Channels group: channel requests, channels and channel types (8 operations), and the
channel views the configuration operations share.

Channels are not stored on their own: every keyword claim, number request, WhatsApp
template, profile and business account has a channel, and ``channel_view`` builds the
channel from it. The requestState of a channel is its request's: the WhatsApp channel
request for WhatsApp channels, the number request for numbers, the SMS request for keywords.
"""

from __future__ import annotations

from channels_api.sandbox import catalog, serialize
from channels_api.sandbox.operations.base import Ctx, Reply, ok, route
from channels_api.sandbox.seed import new_id
from channels_api.sandbox.state import (
    STAGE_INFO,
    AccountState,
    BusinessAccount,
    ChannelRef,
    ChannelRequest,
    ChannelType,
    ChannelView,
)
from channels_api.sandbox.validation import bad_request, not_found, paginate, parse_uuid

APP_URL = "https://www.cm.com/app/channels"
LIVE = STAGE_INFO["LIVE"][0]


def channel_view(account: AccountState, channel_id: str) -> ChannelView | None:
    """The channel ``channel_id`` as the API shows it, or None when there is none."""
    ref = account.channels.get(channel_id)
    if ref is None:
        return None
    base = f"{APP_URL}/{account.account_id}"
    if ref.kind in ("keywords", "numbers"):
        sms = account.channel_type_by_key("sms")
        sms_request = account.sms_request_id
        folder = f"{base}/sms/{sms_request or channel_id}"
        if ref.kind == "keywords":
            claim = account.keyword_claims[ref.key]
            number = account.phone_numbers[claim.phone_number_id]
            reference = f"{number.number}|{claim.keyword}"
            pending, created = False, claim.claimed
            stage, completeness = "LIVE", LIVE
        else:
            request = account.number_requests[ref.key]
            reference = request.phone_number_id or request.id
            pending, created = request.is_pending, request.created
            stage = "CONFIGURATION" if pending else "LIVE"
            completeness = STAGE_INFO[stage][0]
        return ChannelView(
            id=channel_id,
            kind=ref.kind,
            type_key="sms",
            channel_type_id=sms.id,
            category_id=sms.category(ref.kind).id,
            channel_request_id=sms_request,
            channel_ref=reference,
            url=f"{folder}/{ref.kind}/{reference}",
            is_pending=pending,
            created=created,
            stage=stage,
            completeness=completeness,
            has_pending_order=pending,
            custom_request_form_id=None,
            custom_request_form_is_pending=False,
        )
    whatsapp = account.channel_type_by_key("whatsApp")
    request = account.channel_requests[ref.owner or ""]
    business = account.business_accounts[request.id]
    folder = f"{base}/whatsapp/{request.id}"
    if ref.kind == "templates":
        template = business.templates[ref.key]
        reference, created = template.id, template.created
        pending = not serialize.template_flags(template)["isActive"]
        url = f"{folder}/templates/{template.id}"
    elif ref.kind == "profiles":
        profile = business.profiles[ref.key]
        reference, created, pending = profile.id, profile.created, profile.is_pending
        url = f"{folder}/profiles/{profile.id}"
    else:
        reference, created, pending = business.id, business.created, business.is_pending
        url = f"{folder}/businessaccount"
    return ChannelView(
        id=channel_id,
        kind=ref.kind,
        type_key="whatsApp",
        channel_type_id=whatsapp.id,
        category_id=whatsapp.category(ref.kind).id,
        channel_request_id=request.id,
        channel_ref=reference,
        url=url,
        is_pending=pending,
        created=created,
        stage=request.stage,
        completeness=request.completeness,
        has_pending_order=request.is_pending,
        custom_request_form_id=request.custom_request_form_id,
        custom_request_form_is_pending=request.is_pending
        and request.stage in ("REQUESTED", "DOCUMENTS"),
    )


def require_channel(ctx: Ctx, channel_id: str) -> ChannelView:
    key = parse_uuid(channel_id, "channelId")
    view = channel_view(ctx.account, key)
    if view is None:
        raise not_found(f"There is no channel {key}.")
    return view


def require_channel_type(ctx: Ctx, channel_type_id: str) -> ChannelType:
    key = parse_uuid(channel_type_id, "channelTypeId")
    kind = ctx.account.channel_types.get(key)
    if kind is None:
        raise not_found(f"There is no channel type {key}.")
    return kind


def add_channel(account: AccountState, channel_id: str, ref: ChannelRef) -> None:
    account.channels[channel_id] = ref


def remove_channel(account: AccountState, channel_id: str) -> None:
    account.channels.pop(channel_id, None)
    account.configs.pop(channel_id, None)


@route("POST", "/accounts/<account_id>/channels/requests")
def request_channel(ctx: Ctx) -> Reply:
    type_id = ctx.query.get("channelTypeId")
    if not type_id or not type_id.strip():
        raise bad_request("The query parameter channelTypeId is required: which channel type?")
    kind = require_channel_type(ctx, type_id)
    request = ChannelRequest(
        id=new_id(),
        channel_type_id=kind.id,
        created=ctx.now,
        stage="REQUESTED",
        completeness=STAGE_INFO["REQUESTED"][0],
        pending_since=ctx.now,
        custom_request_form_id=new_id(),
    )
    account = ctx.account
    account.channel_requests[request.id] = request
    if kind.key == "whatsApp":
        business = BusinessAccount(
            id=new_id(),
            channel_request_id=request.id,
            channel_id=new_id(),
            namespace=new_id().replace("-", "")[:16],
            created=ctx.now,
            pending_since=ctx.now,
        )
        english = next(lang for lang in account.languages.values() if lang.code == "en_US")
        business.active_language_ids.append(english.id)
        account.business_accounts[request.id] = business
        add_channel(
            account, business.channel_id, ChannelRef("businessAccount", business.id, request.id)
        )
    account.touch()
    return ok(serialize.channel_request_base(request), 201)


@route("GET", "/accounts/<account_id>/channels/requests")
def list_channel_requests(ctx: Ctx) -> Reply:
    type_id = ctx.query.uuid("channelTypeId")
    items = [
        r
        for r in ctx.account.channel_requests.values()
        if type_id is None or r.channel_type_id == type_id
    ]
    return ok([serialize.channel_request_base(r) for r in paginate(items, ctx.query)])


@route("GET", "/accounts/<account_id>/channels/requests/<channel_request_id>")
def get_channel_request(ctx: Ctx, channel_request_id: str) -> Reply:
    key = parse_uuid(channel_request_id, "channelRequestId")
    request = ctx.account.channel_requests.get(key)
    if request is None:
        raise not_found(f"There is no channel request {key}.")
    return ok(serialize.channel_request(request))


@route("GET", "/accounts/<account_id>/channels")
def list_channels(ctx: Ctx) -> Reply:
    type_id = ctx.query.uuid("channelTypeId")
    account = ctx.account
    available: dict[str, dict[str, list[dict[str, object]]]] = {}
    for kind in account.channel_types.values():
        available[kind.key] = {c.name: [] for c in kind.categories}
    for channel_id in list(account.channels):
        view = channel_view(account, channel_id)
        if view is None or (type_id is not None and view.channel_type_id != type_id):
            continue
        available[view.type_key][view.kind].append(serialize.api_channel(view))
    return ok({"available": available, "comingSoon": list(catalog.COMING_SOON)})


@route("GET", "/accounts/<account_id>/channels/<channel_id>")
def get_channel(ctx: Ctx, channel_id: str) -> Reply:
    return ok(serialize.api_channel(require_channel(ctx, channel_id)))


@route("GET", "/accounts/<account_id>/channels/types")
def list_channel_types(ctx: Ctx) -> Reply:
    items = list(ctx.account.channel_types.values())
    return ok([serialize.channel_type_base(t) for t in paginate(items, ctx.query)])


@route("GET", "/accounts/<account_id>/channels/types/<channel_type_id>")
def get_channel_type(ctx: Ctx, channel_type_id: str) -> Reply:
    return ok(serialize.channel_type(require_channel_type(ctx, channel_type_id)))


@route("GET", "/accounts/<account_id>/channels/types/<channel_type_id>/categories")
def list_channel_type_categories(ctx: Ctx, channel_type_id: str) -> Reply:
    kind = require_channel_type(ctx, channel_type_id)
    return ok([serialize.category(c) for c in kind.categories])
