"""The WhatsApp group (23 operations): business account, languages, profiles and templates.

Everything but the supported languages lives under one WhatsApp channel request
(``/whatsapp/{channelRequestId}/``); an id that is not a WhatsApp channel request is 404.

Template states (per language; the template's flags are derived, see serialize.py):
incomplete (no content) -> draft (content, "pending") -> validation requested -> approved
or rejected after ``approve_after`` seconds by ``channels_api.template_rules``. Editing a
language's content puts it back to draft (or incomplete when emptied); an approved
language cannot be edited. Only languages the business account has activated can be used.

Profile OTP: start (GET .../phonenumber/otp?otpMethod=sms|voice) sets isOtpSent; finish
(POST ...?phoneNumber=...&otp=...) with the profile's number and the sandbox's code
(``--otp-code``, default 123456) sets isOtpProcessed; the profile stays pending and becomes
active ``approve_after`` seconds later. A wrong code is 400.
"""

from __future__ import annotations

from typing import Any

from channels_api.sandbox import serialize
from channels_api.sandbox.operations.base import Ctx, Reply, empty, ok, route
from channels_api.sandbox.operations.channels import add_channel
from channels_api.sandbox.seed import new_id
from channels_api.sandbox.state import (
    ACTIVE,
    DRAFT,
    INCOMPLETE,
    REJECTED,
    REQUESTED,
    BusinessAccount,
    ChannelRef,
    Field,
    Language,
    Profile,
    Template,
    TemplateLanguage,
)
from channels_api.sandbox.validation import (
    as_object,
    bad_request,
    conflict,
    field,
    has_field,
    not_found,
    paginate,
    parse_choice,
    parse_phone,
    parse_string,
    parse_uuid,
)
from channels_api.template_rules import check_template_name

FIELD_TYPES = ["text", "currency", "datetime"]
OTP_METHODS = ["sms", "voice"]
MAX_CONTENT = 4096  # a hard limit on what is stored; the 1024 rule is checked at validation

WA = "/accounts/<account_id>/whatsapp/<channel_request_id>"


def business(ctx: Ctx, channel_request_id: str) -> BusinessAccount:
    key = parse_uuid(channel_request_id, "channelRequestId")
    found = ctx.account.business_accounts.get(key)
    if found is None:
        raise not_found(f"There is no WhatsApp channel request {key}.")
    return found


@route("GET", WA + "/businessaccount")
def get_business_account(ctx: Ctx, channel_request_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    return ok(serialize.business_account(found, ctx.account.account_id))


@route("GET", "/accounts/<account_id>/whatsapp/supportedlanguages")
def list_supported_languages(ctx: Ctx) -> Reply:
    return ok([serialize.language(lang) for lang in ctx.account.languages.values()])


def _active_languages(ctx: Ctx, found: BusinessAccount) -> list[dict[str, Any]]:
    return [serialize.language(ctx.account.languages[i]) for i in found.active_language_ids]


@route("GET", WA + "/languages")
def list_active_languages(ctx: Ctx, channel_request_id: str) -> Reply:
    return ok(_active_languages(ctx, business(ctx, channel_request_id)))


@route("POST", WA + "/languages")
def activate_language(ctx: Ctx, channel_request_id: str) -> Reply:
    key = ctx.query.uuid("languageId", required=True) or ""
    found = business(ctx, channel_request_id)
    language = ctx.account.languages.get(key)
    if language is None:
        raise not_found(f"There is no supported language {key}.")
    if key in found.active_language_ids:
        raise conflict(f"{language.name} is already active.")
    found.active_language_ids.append(key)
    return ok(_active_languages(ctx, found), 201)


# --- profiles --------------------------------------------------------------------------------


def _profile(ctx: Ctx, found: BusinessAccount, profile_id: str) -> Profile:
    key = parse_uuid(profile_id, "profileId")
    profile = found.profiles.get(key)
    if profile is None:
        raise not_found(f"There is no profile {key}.")
    return profile


def _phone_query(text: str) -> str:
    compact = "".join(ch for ch in text if ch not in " -().")
    return "00" + compact[1:] if compact.startswith("+") else compact


@route("GET", WA + "/profiles")
def list_profiles(ctx: Ctx, channel_request_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    items = list(found.profiles.values())
    q = (ctx.query.get("q") or "").strip()
    if q:
        lowered, digits = q.casefold(), _phone_query(q)
        items = [
            p
            for p in items
            if lowered in p.name.casefold() or (digits and digits in p.phone_number)
        ]
    account_id = ctx.account.account_id
    return ok([serialize.profile_base(p, account_id) for p in paginate(items, ctx.query)])


@route("GET", WA + "/profiles/<profile_id>")
def get_profile(ctx: Ctx, channel_request_id: str, profile_id: str) -> Reply:
    profile = _profile(ctx, business(ctx, channel_request_id), profile_id)
    return ok(serialize.profile(profile, ctx.account.account_id))


@route("PUT", WA + "/profiles/<profile_id>/phonenumber")
def update_profile_phone_number(ctx: Ctx, channel_request_id: str, profile_id: str) -> Reply:
    number = parse_phone(ctx.query.require("phoneNumber"), "phoneNumber")
    profile = _profile(ctx, business(ctx, channel_request_id), profile_id)
    if number != profile.phone_number:
        profile.phone_number = number
        profile.is_active = False
        profile.is_pending = True
        profile.is_otp_sent = profile.is_otp_processed = False
        profile.otp_method = profile.otp_processed_at = None
        profile.rejection_reason = None
        profile.fulfilled = profile.rejected = None
    return ok(serialize.profile(profile, ctx.account.account_id), 202)


def _check_otp_allowed(profile: Profile) -> None:
    if profile.is_active:
        raise conflict("The profile's phone number is already verified.")
    if not profile.is_pending:
        raise conflict(
            "The profile was rejected or cancelled: update its phone number to start again."
        )
    if profile.is_otp_processed:
        raise conflict("The one-time password was already processed; the profile awaits approval.")


@route("GET", WA + "/profiles/<profile_id>/phonenumber/otp")
def start_profile_otp(ctx: Ctx, channel_request_id: str, profile_id: str) -> Reply:
    method = parse_choice(ctx.query.require("otpMethod"), "otpMethod", OTP_METHODS)
    profile = _profile(ctx, business(ctx, channel_request_id), profile_id)
    _check_otp_allowed(profile)
    profile.is_otp_sent = True
    profile.otp_method = method
    return empty(202)


@route("POST", WA + "/profiles/<profile_id>/phonenumber/otp")
def finish_profile_otp(ctx: Ctx, channel_request_id: str, profile_id: str) -> Reply:
    number = parse_phone(ctx.query.require("phoneNumber"), "phoneNumber")
    code = ctx.query.require("otp")
    profile = _profile(ctx, business(ctx, channel_request_id), profile_id)
    if number != profile.phone_number:
        raise bad_request("phoneNumber is not the profile's phone number.")
    _check_otp_allowed(profile)
    if not profile.is_otp_sent:
        raise bad_request("No one-time password was sent: start the OTP validation first.")
    if code != ctx.settings.otp_code:
        raise bad_request("The one-time password is not correct.")
    profile.is_otp_processed = True
    profile.otp_processed_at = ctx.now
    ctx.account.touch()
    return ok(serialize.profile(profile, ctx.account.account_id))


# --- templates -------------------------------------------------------------------------------


def _template(found: BusinessAccount, template_id: str) -> Template:
    key = parse_uuid(template_id, "templateId")
    template = found.templates.get(key)
    if template is None:
        raise not_found(f"There is no template {key}.")
    return template


def _reply_template(ctx: Ctx, found: BusinessAccount, template: Template, status: int) -> Reply:
    category = ctx.account.template_categories[template.category_id].name
    data = serialize.template(template, ctx.account.account_id, category, found.namespace)
    return ok(data, status)


def _category_id(ctx: Ctx, value: object, name: str) -> str:
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a uuid.")
    key = parse_uuid(value, name)
    if key not in ctx.account.template_categories:
        raise not_found(f"There is no template category {key}.")
    return key


def _check_name(found: BusinessAccount, name: object, except_id: str = "") -> str:
    reasons = check_template_name(name)
    if reasons:
        raise bad_request(" ".join(reasons))
    assert isinstance(name, str)
    for other in found.templates.values():
        if other.name == name and other.id != except_id:
            raise conflict(f"There is already a template named {name}.")
    return name


def _resolve_language(ctx: Ctx, found: BusinessAccount, key: str) -> Language:
    wanted = key.strip().casefold()
    for language in ctx.account.languages.values():
        if wanted in (language.name.casefold(), language.code.casefold()):
            if language.id not in found.active_language_ids:
                raise bad_request(
                    f"{language.name} is not active for this business account: activate it "
                    f"first (POST .../languages?languageId={language.id})."
                )
            return language
    raise bad_request(f"{key!r} is not a supported WhatsApp language (use its name or code).")


def _parse_languages(ctx: Ctx, found: BusinessAccount, value: object) -> list[tuple[Language, str]]:
    result = []
    for key, item in as_object(value, "languages").items():
        language = _resolve_language(ctx, found, str(key))
        content = item if isinstance(item, str) else field(as_object(item, key), "content")
        if not isinstance(content, str):
            raise bad_request(f"languages[{key!r}].content must be a string.")
        if len(content) > MAX_CONTENT:
            raise bad_request(
                f"languages[{key!r}].content is longer than {MAX_CONTENT} characters."
            )
        result.append((language, content))
    return result


def _apply_languages(ctx: Ctx, template: Template, changes: list[tuple[Language, str]]) -> None:
    for language, content in changes:
        current = template.languages.get(language.name)
        if current is not None and current.content == content:
            continue
        if current is not None and current.state == ACTIVE:
            raise bad_request(
                f"{language.name} is approved: an approved language cannot be edited."
            )
    for language, content in changes:
        state = DRAFT if content.strip() else INCOMPLETE
        current = template.languages.get(language.name)
        if current is None:
            template.languages[language.name] = TemplateLanguage(
                new_id(), language.name, content, state, ctx.now, ctx.now
            )
        elif current.content != content:
            current.content, current.state, current.updated = content, state, ctx.now
            current.rejection_reason = current.rejected = current.requested_at = None
        template.updated = ctx.now


@route("GET", WA + "/templates/categories")
def list_template_categories(ctx: Ctx, channel_request_id: str) -> Reply:
    business(ctx, channel_request_id)
    return ok([serialize.category(c) for c in ctx.account.template_categories.values()])


@route("POST", WA + "/templates")
def create_template(ctx: Ctx, channel_request_id: str) -> Reply:
    category_key = ctx.query.require("templateCategoryId")
    found = business(ctx, channel_request_id)
    category_id = _category_id(ctx, category_key, "templateCategoryId")
    data = ctx.body_object()
    if not has_field(data, "name"):
        raise bad_request("The template needs a name.")
    name = _check_name(found, field(data, "name"))
    changes = _parse_languages(ctx, found, field(data, "languages") or {})
    template = Template(
        id=new_id(),
        channel_id=new_id(),
        category_id=category_id,
        name=name,
        facebook_name=name,
        created=ctx.now,
        updated=ctx.now,
    )
    _apply_languages(ctx, template, changes)
    found.templates[template.id] = template
    add_channel(
        ctx.account,
        template.channel_id,
        ChannelRef("templates", template.id, found.channel_request_id),
    )
    return _reply_template(ctx, found, template, 201)


@route("GET", WA + "/templates")
def list_templates(ctx: Ctx, channel_request_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    items = list(found.templates.values())
    q = (ctx.query.get("q") or "").strip().casefold()
    if q:
        items = [t for t in items if q in t.name.casefold()]
    categories = ctx.account.template_categories
    account_id = ctx.account.account_id
    return ok(
        [
            serialize.template_base(t, account_id, categories[t.category_id].name, found.namespace)
            for t in paginate(items, ctx.query)
        ]
    )


@route("GET", WA + "/templates/<template_id>")
def get_template(ctx: Ctx, channel_request_id: str, template_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    return _reply_template(ctx, found, _template(found, template_id), 200)


@route("PUT", WA + "/templates/<template_id>")
def update_template(ctx: Ctx, channel_request_id: str, template_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    template = _template(found, template_id)
    data = ctx.body_object()
    category_id = name = None
    if field(data, "templateCategoryId") is not None:
        category_id = _category_id(ctx, field(data, "templateCategoryId"), "templateCategoryId")
    if has_field(data, "name"):
        name = _check_name(found, field(data, "name"), except_id=template.id)
    changes = _parse_languages(ctx, found, field(data, "languages") or {})
    _apply_languages(ctx, template, changes)
    if category_id is not None and category_id != template.category_id:
        template.category_id, template.updated = category_id, ctx.now
    if name is not None and name != template.name:
        template.name = template.facebook_name = name
        template.updated = ctx.now
    return _reply_template(ctx, found, template, 200)


@route("POST", WA + "/templates/<template_id>/validate")
def validate_template(ctx: Ctx, channel_request_id: str, template_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    template = _template(found, template_id)
    languages = list(template.languages.values())
    if not languages:
        raise bad_request("The template has no languages yet: add content before validating.")
    missing = [lang.name for lang in languages if lang.state == INCOMPLETE]
    if missing:
        raise bad_request(f"Add content for {', '.join(missing)} before requesting validation.")
    waiting = [lang for lang in languages if lang.state in (DRAFT, REJECTED)]
    if not waiting:
        raise conflict(
            "Nothing to validate: every language is approved or already awaiting its verdict."
        )
    for language in waiting:
        language.state = REQUESTED
        language.requested_at = language.updated = ctx.now
        language.rejection_reason = language.rejected = None
    template.updated = ctx.now
    ctx.account.touch()
    return _reply_template(ctx, found, template, 202)


def _field_args(ctx: Ctx) -> tuple[str, str]:
    name = parse_string(ctx.query.require("name"), "name", max_length=100)
    kind = parse_choice(ctx.query.require("type"), "type", FIELD_TYPES)
    return name, kind


def _check_field_name(template: Template, name: str, except_id: str = "") -> None:
    for item in template.fields:
        if item.name.casefold() == name.casefold() and item.id != except_id:
            raise conflict(f"The template already has a field named {item.name}.")


def _field(template: Template, field_id: str) -> Field:
    key = parse_uuid(field_id, "fieldId")
    for item in template.fields:
        if item.id == key:
            return item
    raise not_found(f"The template has no field {key}.")


@route("POST", WA + "/templates/<template_id>/fields")
def create_field(ctx: Ctx, channel_request_id: str, template_id: str) -> Reply:
    name, kind = _field_args(ctx)
    found = business(ctx, channel_request_id)
    template = _template(found, template_id)
    _check_field_name(template, name)
    template.fields.append(Field(new_id(), name, kind))
    template.updated = ctx.now
    return _reply_template(ctx, found, template, 201)


@route("PUT", WA + "/templates/<template_id>/fields/<field_id>")
def update_field(ctx: Ctx, channel_request_id: str, template_id: str, field_id: str) -> Reply:
    name, kind = _field_args(ctx)
    found = business(ctx, channel_request_id)
    template = _template(found, template_id)
    item = _field(template, field_id)
    _check_field_name(template, name, except_id=item.id)
    item.name, item.type = name, kind
    template.updated = ctx.now
    return _reply_template(ctx, found, template, 200)


@route("DELETE", WA + "/templates/<template_id>/fields/<field_id>")
def delete_field(ctx: Ctx, channel_request_id: str, template_id: str, field_id: str) -> Reply:
    found = business(ctx, channel_request_id)
    template = _template(found, template_id)
    template.fields.remove(_field(template, field_id))
    template.updated = ctx.now
    return _reply_template(ctx, found, template, 200)
