"""The JSON shapes of channels-api.txt: one function per model, camelCase keys.

Timestamps are ISO 8601 UTC with milliseconds and ``Z``; costs of channel types are
integers, costs of number types decimals (``Decimal``, written as a JSON number by
``dumps``); template ``languages`` is a dictionary keyed by the language *name*.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from channels_api.sandbox.state import (
    ACTIVE,
    DRAFT,
    INCOMPLETE,
    PENDING,
    REJECTED,
    REQUESTED,
    STAGE_INFO,
    STAGES,
    AccountState,
    BusinessAccount,
    Category,
    ChannelConfig,
    ChannelRequest,
    ChannelType,
    ChannelView,
    ConfigElement,
    EmailAddress,
    Endpoint,
    Field,
    KeywordClaim,
    Language,
    NumberRequest,
    NumberType,
    PhoneNumber,
    Profile,
    Template,
    TemplateCategory,
    TemplateLanguage,
)

Json = dict[str, Any]


def ts(moment: datetime | None) -> str | None:
    """``2019-07-29T09:30:01.709Z``, or None."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # number type costs are doubles in the documentation: 25.0, 1.5
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(data: object) -> bytes:
    return json.dumps(data, default=_default, ensure_ascii=False).encode("utf-8")


# --- channels --------------------------------------------------------------------------------


def category(item: Category | TemplateCategory) -> Json:
    return {"id": item.id, "name": item.name}


def channel_type_base(item: ChannelType) -> Json:
    return {
        "id": item.id,
        "currency": item.currency,
        "description": item.description,
        "startupCost": item.startup_cost,
        "monthlyCost": item.monthly_cost,
        "channelRequestProcessingDays": item.processing_days,
    }


def channel_type(item: ChannelType) -> Json:
    return {
        **channel_type_base(item),
        "noticePeriodDays": item.notice_period_days,
        "categories": [category(c) for c in item.categories],
    }


def channel_request_base(item: ChannelRequest) -> Json:
    return {
        "id": item.id,
        "channelTypeId": item.channel_type_id,
        "isPending": item.is_pending,
        "isActive": item.is_active,
        "createdOnUtc": ts(item.created),
    }


def channel_request(item: ChannelRequest) -> Json:
    return {
        "id": item.id,
        "channelTypeId": item.channel_type_id,
        "isPending": item.is_pending,
        "isActive": item.is_active,
        "cancelledOnUtc": ts(item.cancelled),
        "fulfilledOnUtc": ts(item.fulfilled),
        "createdOnUtc": ts(item.created),
    }


def api_channel(view: ChannelView) -> Json:
    return {
        "id": view.id,
        "channelID": view.channel_ref,
        "channelUrl": view.url,
        "isPending": view.is_pending,
        "createdOnUtc": ts(view.created),
    }


def request_state(stage: str, completeness: int, has_pending_order: bool) -> Json:
    _, next_type, key = STAGE_INFO[stage]
    return {
        "completeness": completeness,
        "nextStage": {"type": next_type, "descriptionKey": key},
        "progression": {"stages": list(STAGES), "current": stage},
        "hasPendingOrder": has_pending_order,
    }


def api_channel_base(view: ChannelView) -> Json:
    return {
        "id": view.id,
        "channelRequestId": view.channel_request_id,
        "channelTypeId": view.channel_type_id,
        "channelCategoryId": view.category_id,
        "channelID": view.channel_ref,
        "channelUrl": view.url,
        "customRequestFormId": view.custom_request_form_id,
        "customRequestFormIsPending": view.custom_request_form_is_pending,
        "isPending": view.is_pending,
        "createdOnUtc": ts(view.created),
        "requestState": request_state(view.stage, view.completeness, view.has_pending_order),
    }


# --- configuration ---------------------------------------------------------------------------


def endpoint(item: Endpoint) -> Json:
    data: Json = {"id": item.id}
    if item.channels_one_id is not None:
        data["channelsOneId"] = item.channels_one_id
    data.update(
        {
            "method": item.method,
            "url": item.url,
            "type": item.type,
            "updatedOnUtc": ts(item.updated),
            "createdOnUtc": ts(item.created),
        }
    )
    return data


def email_address(item: EmailAddress) -> Json:
    return {
        "id": item.id,
        "address": item.address,
        "updatedOnUtc": ts(item.updated),
        "createdOnUtc": ts(item.created),
    }


def config_element(item: ConfigElement) -> Json:
    """The element in its full shape (ApiChannel...ConfigurationResponse for its kind)."""
    data: Json = {"id": item.id, "enabled": item.enabled}
    if item.kind in ("customerContact", "webhook"):
        data["endpoints"] = [endpoint(e) for e in item.endpoints]
    elif item.kind == "email":
        data["addresses"] = [email_address(a) for a in item.addresses]
    elif item.kind == "eventWebhook":
        data["endpoint"] = endpoint(item.endpoint) if item.endpoint else None
    data["updatedOnUtc"] = ts(item.updated)
    data["createdOnUtc"] = ts(item.created)
    return data


def config_summary(item: ConfigElement) -> Json:
    """ApiChannelConfigurationResponse: id, enabled and timestamps only."""
    return {
        "id": item.id,
        "enabled": item.enabled,
        "updatedOnUtc": ts(item.updated),
        "createdOnUtc": ts(item.created),
    }


def configurations(config: ChannelConfig, views: list[ChannelView]) -> Json:
    return {
        "channelGroup": {"id": config.group_id, "channels": [api_channel_base(v) for v in views]},
        "inbound": {
            "messagingLog": config_element(config.messaging_log),
            "customerContact": config_element(config.customer_contact),
            "email": config_element(config.email),
            "webhook": config_element(config.webhook),
            "eventWebhook": config_element(config.event_webhook),
        },
    }


# --- WhatsApp --------------------------------------------------------------------------------


def business_account(item: BusinessAccount, account_id: str) -> Json:
    return {
        "id": item.id,
        "accountId": account_id,
        "channelRequestId": item.channel_request_id,
        "isPending": item.is_pending,
        "cancelledOnUtc": ts(item.cancelled),
        "fulfilledOnUtc": ts(item.fulfilled),
        "createdOnUtc": ts(item.created),
    }


def language(item: Language) -> Json:
    return {"id": item.id, "code": item.code, "name": item.name}


def profile_base(item: Profile, account_id: str) -> Json:
    return {
        "id": item.id,
        "accountId": account_id,
        "phoneNumber": item.phone_number,
        "name": item.name,
        "image": item.image,
        "isActive": item.is_active,
        "isOtpProcessed": item.is_otp_processed,
        "isOtpSent": item.is_otp_sent,
        "isPending": item.is_pending,
        "createdOnUtc": ts(item.created),
        "rejectedOnUtc": ts(item.rejected),
        "cancelledOnUtc": ts(item.cancelled),
    }


def profile(item: Profile, account_id: str) -> Json:
    return {
        "id": item.id,
        "channelId": item.channel_id,
        "accountId": account_id,
        "phoneNumber": item.phone_number,
        "rejectionReason": item.rejection_reason,
        "name": item.name,
        "image": item.image,
        "isActive": item.is_active,
        "isOtpProcessed": item.is_otp_processed,
        "isOtpSent": item.is_otp_sent,
        "isPending": item.is_pending,
        "fulfilledOnUtc": ts(item.fulfilled),
        "createdOnUtc": ts(item.created),
        "rejectedOnUtc": ts(item.rejected),
        "cancelledOnUtc": ts(item.cancelled),
    }


def template_language(item: TemplateLanguage) -> Json:
    return {
        "id": item.id,
        "name": item.name,
        "content": item.content,
        "rejectionReason": item.rejection_reason,
        "isActive": item.state == ACTIVE,
        # The docs: incomplete is "not approved or submitted"; pending is "awaiting approval".
        "isIncomplete": item.state in (INCOMPLETE, DRAFT),
        "isValidationRequested": item.state == REQUESTED,
        "isPending": item.state == PENDING,
        "updatedOnUtc": ts(item.updated),
        "fulfilledOnUtc": ts(item.fulfilled),
        "createdOnUtc": ts(item.created),
        "rejectedOnUtc": ts(item.rejected),
    }


def field(item: Field, index: int) -> Json:
    return {"id": item.id, "index": index, "name": item.name, "type": item.type}


def template_flags(item: Template) -> Json:
    """The template-level flags, derived from its languages' states.

    isActive: some language is approved. isIncomplete: no languages, or one not submitted
    (no content, or a draft). isValidationRequested: some language is being checked by CM.
    isPending: some language is in WhatsApp's review, awaiting approval.
    """
    states = [lang.state for lang in item.languages.values()]
    return {
        "isActive": ACTIVE in states,
        "isIncomplete": not states or INCOMPLETE in states or DRAFT in states,
        "isValidationRequested": REQUESTED in states,
        "isPending": PENDING in states,
    }


def template_rejection(item: Template) -> tuple[str | None, datetime | None]:
    rejected = [lang for lang in item.languages.values() if lang.state == REJECTED]
    if not rejected:
        return None, None
    reasons = list(dict.fromkeys(lang.rejection_reason or "" for lang in rejected))
    moment = max((lang.rejected for lang in rejected if lang.rejected), default=None)
    return " ".join(r for r in reasons if r) or None, moment


def _fulfilled(item: Template) -> datetime | None:
    moments = [lang.fulfilled for lang in item.languages.values() if lang.state == ACTIVE]
    return max((m for m in moments if m), default=None)


def template_base(item: Template, account_id: str, category_name: str, namespace: str) -> Json:
    _, rejected_on = template_rejection(item)
    return {
        "id": item.id,
        "accountId": account_id,
        "templateCategoryId": item.category_id,
        "facebookName": item.facebook_name,
        "facebookNamespaceId": namespace,
        "name": item.name,
        "category": category_name,
        "languages": {name: template_language(lang) for name, lang in item.languages.items()},
        **template_flags(item),
        "createdOnUtc": ts(item.created),
        "rejectedOnUtc": ts(rejected_on),
        "cancelledOnUtc": ts(item.cancelled),
    }


def template(item: Template, account_id: str, category_name: str, namespace: str) -> Json:
    reason, rejected_on = template_rejection(item)
    return {
        "id": item.id,
        "accountId": account_id,
        "templateCategoryId": item.category_id,
        "facebookName": item.facebook_name,
        "facebookNamespaceId": namespace,
        "name": item.name,
        "category": category_name,
        "settings": {"replacementFields": [field(f, i) for i, f in enumerate(item.fields)]},
        "languages": {name: template_language(lang) for name, lang in item.languages.items()},
        "rejectionReason": reason,
        **template_flags(item),
        "updatedOnUtc": ts(item.updated),
        "fulfilledOnUtc": ts(_fulfilled(item)),
        "createdOnUtc": ts(item.created),
        "rejectedOnUtc": ts(rejected_on),
        "cancelledOnUtc": ts(item.cancelled),
    }


# --- keywords and numbers --------------------------------------------------------------------


def number_type(item: NumberType) -> Json:
    return {
        "id": item.id,
        "purpose": list(item.purposes),
        "country": item.country,
        "category": item.category,
        "description": item.description,
        "currency": item.currency,
        "startupCost": item.startup_cost,
        "monthlyCost": item.monthly_cost,
        "noticePeriodDays": item.notice_period_days,
        "keywordStartupCost": item.keyword_startup_cost,
        "keywordMonthlyCost": item.keyword_monthly_cost,
        "keywordNoticePeriodDays": item.keyword_notice_period_days,
        "numberRequestProcessingDays": item.processing_days,
    }


def phone_number(item: PhoneNumber, account: AccountState) -> Json:
    data: Json = {"id": item.id}
    if item.owned_since is not None:
        data["accountId"] = account.account_id
    data["numberType"] = number_type(account.number_types[item.number_type_id])
    data["number"] = item.number
    data["isShared"] = item.is_shared
    if item.owned_since is not None:
        data["ownedSinceUtc"] = ts(item.owned_since)
    return data


def number_request(item: NumberRequest, account: AccountState) -> Json:
    data: Json = {"id": item.id, "channelId": item.channel_id, "accountId": account.account_id}
    if item.phone_number_id is not None:
        data["phoneNumberId"] = item.phone_number_id
    data.update(
        {
            "numberType": number_type(account.number_types[item.number_type_id]),
            "isPending": item.is_pending,
            "isActive": item.is_active,
            "cancelledOnUtc": ts(item.cancelled),
            "fulfilledOnUtc": ts(item.fulfilled),
            "createdOnUtc": ts(item.created),
        }
    )
    return data


def keyword_claim(item: KeywordClaim, account: AccountState) -> Json:
    number = account.phone_numbers[item.phone_number_id]
    kind = account.number_types[number.number_type_id]
    # Keywords on a number you own cost nothing extra; on a shared number the type's keyword
    # costs apply. ApiKeywordClaimResponse documents integers.
    free = not number.is_shared
    return {
        "id": item.id,
        "channelId": item.channel_id,
        "phoneNumberId": item.phone_number_id,
        "phoneNumber": number.number,
        "country": kind.country,
        "keyword": item.keyword,
        "currency": kind.currency,
        "startupCost": 0 if free else int(kind.keyword_startup_cost),
        "monthlyCost": 0 if free else int(kind.keyword_monthly_cost),
        "noticePeriodDays": 0 if free else kind.keyword_notice_period_days,
        "claimedOnUtc": ts(item.claimed),
    }
