"""The Dedicated phone numbers group (6 operations).

Phone number ids are digit strings (NOTES rule 16), never checked as uuids. Only shared and
owned numbers are shown. A number request starts pending and gets a number ``approve_after``
seconds later (lifecycle.py); short codes cannot be requested (the documentation sends you
to support). ``simulate=true`` checks and answers 201 without storing. Cancelling ownership
answers 204; the number is then no longer shown, its request shows ``cancelledOnUtc``, and
keyword claims on it are reported by verify.
"""

from __future__ import annotations

from channels_api.sandbox import catalog, serialize
from channels_api.sandbox.operations.base import Ctx, Reply, empty, ok, route
from channels_api.sandbox.operations.channels import add_channel, remove_channel
from channels_api.sandbox.operations.keywords import check_country
from channels_api.sandbox.seed import new_id
from channels_api.sandbox.state import ChannelRef, NumberRequest
from channels_api.sandbox.validation import bad_request, not_found, paginate, parse_uuid


@route("POST", "/accounts/<account_id>/phonenumbers/requests")
def request_number(ctx: Ctx) -> Reply:
    simulate = bool(ctx.query.bool("simulate"))
    key = parse_uuid(ctx.query.require("numberTypeId"), "numberTypeId")
    kind = ctx.account.number_types.get(key)
    if kind is None:
        raise not_found(f"There is no number type {key}.")
    if kind.category == "SHORTCODE":
        raise bad_request(
            "A dedicated short code cannot be requested here: contact CM.com support."
        )
    request = NumberRequest(
        id=new_id(),
        channel_id=new_id(),
        number_type_id=kind.id,
        created=ctx.now,
        pending_since=ctx.now,
    )
    if not simulate:
        ctx.account.number_requests[request.id] = request
        add_channel(ctx.account, request.channel_id, ChannelRef("numbers", request.id))
        ctx.account.touch()
    return ok(serialize.number_request(request, ctx.account), 201)


@route("GET", "/accounts/<account_id>/phonenumbers/requests")
def list_number_requests(ctx: Ctx) -> Reply:
    account = ctx.account
    country = check_country(ctx.query.get("country"))
    pending = ctx.query.bool("isPending")
    items = [
        r
        for r in account.number_requests.values()
        if (country is None or account.number_types[r.number_type_id].country == country)
        and (pending is None or r.is_pending == pending)
    ]
    return ok([serialize.number_request(r, account) for r in paginate(items, ctx.query)])


@route("DELETE", "/accounts/<account_id>/phonenumbers/<phone_number_id>")
def cancel_number(ctx: Ctx, phone_number_id: str) -> Reply:
    account = ctx.account
    number = account.phone_numbers.get(phone_number_id.strip())
    if number is None or (not number.is_shared and number.owned_since is None):
        raise not_found(f"There is no phone number {phone_number_id!r} in this account.")
    if number.owned_since is None:
        raise bad_request(
            f"{number.number} is a shared number: only owned numbers can be cancelled."
        )
    number.owned_since = None
    request = account.number_requests.get(number.number_request_id or "")
    if request is not None:
        request.cancelled = ctx.now
        remove_channel(account, request.channel_id)
    return empty(204)


@route("GET", "/accounts/<account_id>/phonenumbers")
def list_numbers(ctx: Ctx) -> Reply:
    account = ctx.account
    query = (ctx.query.get("query") or "").strip()
    if query.startswith("+"):
        query = "00" + query[1:]
    query = "".join(ch for ch in query if ch not in " -().")
    country = check_country(ctx.query.get("country"))
    owned = ctx.query.bool("isOwned")
    shortcode = ctx.query.bool("isShortcode")
    shared = ctx.query.bool("isShared")
    items = []
    for number in account.available_numbers():
        kind = account.number_types[number.number_type_id]
        if query and query not in number.number and query not in number.id:
            continue
        if country is not None and kind.country != country:
            continue
        if owned is not None and (number.owned_since is not None) != owned:
            continue
        if shortcode is not None and (kind.category == "SHORTCODE") != shortcode:
            continue
        if shared is not None and number.is_shared != shared:
            continue
        items.append(number)
    return ok([serialize.phone_number(n, account) for n in paginate(items, ctx.query)])


@route("GET", "/accounts/<account_id>/phonenumbers/<phone_number_id>")
def get_number(ctx: Ctx, phone_number_id: str) -> Reply:
    account = ctx.account
    number = account.phone_numbers.get(phone_number_id.strip())
    if number is None or (not number.is_shared and number.owned_since is None):
        raise not_found(f"There is no shared or owned phone number {phone_number_id!r}.")
    return ok(serialize.phone_number(number, account))


@route("GET", "/accounts/<account_id>/phonenumbers/numbertypes")
def list_number_types(ctx: Ctx) -> Reply:
    account = ctx.account
    country = check_country(ctx.query.get("country"))
    category = (ctx.query.get("type") or "").strip().upper() or None
    purpose = (ctx.query.get("purpose") or "").strip().upper() or None
    if purpose is not None and purpose not in catalog.PURPOSES:
        raise bad_request(f"purpose must be one of {', '.join(catalog.PURPOSES)}; got {purpose!r}.")
    items = [
        t
        for t in account.number_types.values()
        if (country is None or t.country == country)
        and (category is None or t.category == category)
        and (purpose is None or purpose in t.purposes)
    ]
    return ok([serialize.number_type(t) for t in paginate(items, ctx.query)])
