"""Typed models of every ``Api*`` definition in CM.com's Channels API v1 documentation.

One pydantic class per documented model, named as the documentation names it. Python
attributes are snake_case (``created_on_utc``, ``is_pending``, ``channel_id``); they are read
from the API's camelCase and ``model_dump(by_alias=True)`` writes camelCase back, which is
what request bodies need (:meth:`ApiRequestModel.to_body` also drops unset fields).

Parsing is tolerant, as ``../shared/spec/NOTES.md`` requires, because the documentation
contradicts itself and a real server may answer in any of its spellings:

- field names are matched case-insensitively (and ignoring ``_``): ``channelID``, ``channelId``,
  ``channel_id`` and ``CHANNELID`` all land in ``channel_id`` (rule 13);
- fields the models do not know are ignored;
- a missing field is ``None`` (``[]`` or ``{}`` for lists and dictionaries, which also read
  ``null`` as empty); nothing a model declares is required;
- money (``startupCost``, ``monthlyCost``, ``keywordStartupCost``, ``keywordMonthlyCost``) is a
  :class:`~decimal.Decimal`, never a float; ``1.1`` becomes ``Decimal("1.1")`` (rule 20);
- timestamps are timezone-aware UTC datetimes, whether the API wrote ``...01.709Z`` or the
  zoneless seven-digit ``2019-07-24T13:43:58.3329114`` (rule 18);
- identifiers are plain strings, never validated as UUIDs: phone number ids are digits and
  channel ids of keywords look like ``0000000000|KEYWORD`` (rule 16);
- contradicted fields are read in both spellings: a keyword claim's ``phoneNumberId`` and
  ``phoneNumber`` (rule 5), an event webhook's ``endpoint`` object and ``endpoints`` array
  (rule 4), a number type's ``purpose`` string or array (rule 17), the e-mail configuration
  request's ``email`` string or ``{"address": ...}`` object (rule 12);
- ``ApiRequestState`` is an object (rule 14), ``ApiChannelConfigurations.inbound`` an
  ``ApiChannelConfigurationsInbound`` object (rule 15), template ``languages`` a dictionary
  keyed by language *name* as given (rule 19);
- ``ApiChannelsAvailable`` keeps every channel type and category the server sends, not only
  the documented ``sms`` and ``whatsApp``.

Where the documentation spells a model two ways (``...Webhook...`` and ``...WebHook...``), the
``WebHook`` class is the model and the other name is an alias of it. :data:`MODELS` maps every
documented name, both spellings, to its class; :func:`parse_schema` reads a body given a schema
as ``endpoints.tsv`` writes it (``ApiChannel``, ``array[ApiChannel]``, ``array[string]``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    TypeAdapter,
    model_validator,
)
from pydantic.alias_generators import to_camel

from channels_api._parsing import as_list, normalise_key, parse_money, parse_timestamp, to_utc

__all__ = [
    "MODELS",
    "ApiModel",
    "ApiRequestModel",
    "ReviewStatus",
    "model_for",
    "parse_schema",
]  # the Api* classes are added at the end of the module

T = TypeVar("T")


def _utc_or_none(value: datetime | None) -> datetime | None:
    # Nearly every value is one _timestamp made, in UTC already: kept without a call.
    if value is None or value.tzinfo is UTC:
        return value
    return to_utc(value)


def _timestamp(value: Any) -> Any:
    # Lists carry thousands of timestamps, nearly all as ``2019-07-24T13:43:58.709Z`` or the
    # zoneless seven-digit form, which datetime.fromisoformat reads as parse_timestamp would
    # (fraction cut to microseconds, no zone is UTC) at a fraction of its cost. Anything it
    # refuses, and hour 24 (which newer Pythons accept), takes the full reading.
    if type(value) is str and len(value) >= 16 and value[10] in "Tt " and value[11:13] < "24":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            # ``Z`` and ``+00:00`` read as UTC itself, the zoneless form as naive: what to_utc
            # would give, without its calls (issue 19: a channel list has one per channel).
            if moment.tzinfo is UTC:
                return moment
            if moment.tzinfo is None:
                return moment.replace(tzinfo=UTC)
            return to_utc(moment)
    return parse_timestamp(value)


Timestamp = Annotated[datetime | None, BeforeValidator(_timestamp), AfterValidator(_utc_or_none)]
"""A moment in time, read from any of the API's spellings, always aware and in UTC."""

Money = Annotated[Decimal | None, BeforeValidator(parse_money)]
"""An amount of money: a Decimal, never a float."""

ListOf = Annotated[list[T], BeforeValidator(as_list)]
"""A list that reads ``null`` as ``[]`` and a lone item as a list of one."""


@functools.cache
def _field_lookup(model: type[BaseModel]) -> dict[str, str]:
    """Normalised spelling → the alias the model validates by, for every field of ``model``."""
    lookup: dict[str, str] = {}
    for name, field in model.model_fields.items():
        alias = field.alias or name
        lookup[normalise_key(name)] = alias
        lookup[normalise_key(alias)] = alias
    return lookup


# A list of 1,000 items repeats the same dozen keys 1,000 times: each raw key's field is
# worked out once per model and remembered. Bounded, so a server inventing keys cannot grow it.
_KEY_TARGETS_LIMIT = 512


@functools.cache
def _key_targets(model: type[BaseModel]) -> dict[str, str | None]:
    """Raw key as received → the alias it lands in (None: no field), for ``model``."""
    return {}


_Plan = tuple[tuple[Any, int], ...]
"""Each key of a renamed item with the position of its value among the received ones."""


@functools.cache
def _shape_plans(model: type[BaseModel]) -> dict[tuple[Any, ...], _Plan | None]:
    """Key sequence as received → how ``model`` renames it: None when it needs no renaming
    (every key its alias, or no field), else each key of the result with the position of its
    value among the received ones. Renaming depends on the keys alone, never on the values,
    so every item of a list in one spelling is renamed the way its first item was worked out
    (a list of channels spells ``channelID``: no item of it is exact)."""
    return {}


def _remember_plan(model: type[BaseModel], shape: tuple[Any, ...], plan: _Plan | None) -> None:
    plans = _shape_plans(model)
    if len(plans) < _KEY_TARGETS_LIMIT:
        plans[shape] = plan


def _target_of(model: type[BaseModel], key: str, targets: dict[str, str | None]) -> str | None:
    target = _field_lookup(model).get(normalise_key(key))
    if len(targets) < _KEY_TARGETS_LIMIT:
        targets[key] = target
    return target


class ApiModel(BaseModel):
    """Base of every model: camelCase on the wire, snake_case in Python, tolerant parsing."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="ignore",
        frozen=False,
        coerce_numbers_to_str=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _match_field_names(cls, data: Any) -> Any:
        """Rename keys onto the fields' aliases, ignoring case and ``_``.

        When one field arrives in two spellings, the exact alias wins, then the first seen.
        Keys that match no field are kept, and so ignored (or kept, by ``extra="allow"``).
        """
        if type(data) is dict:
            # Answers come in one spelling: once a list's first item showed how its keys are
            # renamed (or that they are the aliases already), the other items with those keys
            # are renamed the same way without working it out again.
            shape = tuple(data)
            try:
                plan = _shape_plans(cls)[shape]
            except KeyError:
                pass
            else:
                if plan is None:
                    return data
                values = tuple(data.values())
                return {key: values[position] for key, position in plan}
        elif not isinstance(data, Mapping):
            return data
        else:
            shape = None
        targets = _key_targets(cls)
        renamed: dict[Any, Any] = {}
        positions: dict[Any, int] = {}
        for position, (key, value) in enumerate(data.items()):
            if isinstance(key, str):
                try:
                    target = targets[key]
                except KeyError:
                    target = _target_of(cls, key, targets)
            else:
                target = None
            if target is None:
                if key not in renamed:
                    renamed[key] = value
                    positions[key] = position
            elif key == target or target not in renamed:
                renamed[target] = value
                positions[target] = position
        if shape is not None:
            exact = tuple(renamed) == shape
            _remember_plan(cls, shape, None if exact else tuple(positions.items()))
        return renamed


class ApiRequestModel(ApiModel):
    """Base of the models the client sends as request bodies."""

    def to_body(self) -> dict[str, Any]:
        """The JSON body to send: camelCase names, fields left unset (``None``) omitted."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class ReviewStatus(StrEnum):
    """Where a WhatsApp template, or one of its languages, stands in Facebook's review."""

    ACTIVE = "active"
    VALIDATION_REQUESTED = "validation_requested"
    PENDING = "pending"
    REJECTED = "rejected"
    INCOMPLETE = "incomplete"
    DRAFT = "draft"


class _Reviewed:
    """The ``status`` of something Facebook reviews: a template or a template language.

    The API gives four flags and a rejection, and several are often set at once (the
    documentation's new template is ``isPending`` and ``isIncomplete`` and carries a
    ``rejectionReason``). ``status`` picks one; the first that matches wins:

    1. ``active``: ``isActive``; approved by Facebook and usable.
    2. ``validation_requested``: ``isValidationRequested``; the user asked for review, so a
       rejection still on record is from before and stale.
    3. ``pending``: ``isPending``; awaiting approval, which also makes a recorded rejection
       stale.
    4. ``rejected``: a ``rejectionReason`` or ``rejectedOnUtc``. Placed before ``incomplete``
       because a rejected language is "not approved", which the API also counts as incomplete.
    5. ``incomplete``: ``isIncomplete``; content or fields are missing, the user must act.
    6. ``draft``: none of these; complete, not yet submitted.
    """

    if TYPE_CHECKING:  # declared by the models that mix this in, not here (pydantic would)
        is_active: bool | None
        is_validation_requested: bool | None
        is_incomplete: bool | None
        is_pending: bool | None
        rejected_on_utc: datetime | None

    @property
    def status(self) -> ReviewStatus:
        """One word for where this stands in review; see the class docstring for precedence."""
        if self.is_active:
            return ReviewStatus.ACTIVE
        if self.is_validation_requested:
            return ReviewStatus.VALIDATION_REQUESTED
        if self.is_pending:
            return ReviewStatus.PENDING
        if getattr(self, "rejection_reason", None) or self.rejected_on_utc is not None:
            return ReviewStatus.REJECTED
        if self.is_incomplete:
            return ReviewStatus.INCOMPLETE
        return ReviewStatus.DRAFT


# --------------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------------


class ApiRequestNextState(ApiModel):
    """The next stage of a channel's onboarding."""

    type: str | None = None
    """``UNKNOWN``, ``PROCESSING`` or ``ACTION_REQUIRED`` as documented; other values are kept."""
    description_key: str | None = None


class ApiRequestProgression(ApiModel):
    """The stages of a channel's onboarding and the current one."""

    stages: ListOf[str] = Field(default_factory=list)
    current: str | None = None


class ApiRequestState(ApiModel):
    """How far a channel's onboarding has come (an object, whatever the table says: rule 14)."""

    completeness: int | None = None
    next_stage: ApiRequestNextState | None = None
    progression: ApiRequestProgression | None = None
    has_pending_order: bool | None = None


class ApiChannel(ApiModel):
    """A configured channel, as the channel lists and ``GET /channels/{channelId}`` give it."""

    id: str | None = None
    channel_id: str | None = None
    """The underlying entity: a number, a ``number|KEYWORD``, a template or profile id."""
    channel_url: str | None = None
    is_pending: bool | None = None
    created_on_utc: Timestamp = None


class ApiChannelBase(ApiChannel):
    """A channel of a channel group, with its request and onboarding state."""

    channel_request_id: str | None = None
    channel_type_id: str | None = None
    channel_category_id: str | None = None
    custom_request_form_id: str | None = None
    custom_request_form_is_pending: bool | None = None
    request_state: ApiRequestState | None = None


class ApiChannelGroupBase(ApiModel):
    """A channel group and its channels."""

    id: str | None = None
    channels: ListOf[ApiChannelBase] = Field(default_factory=list)


class ApiChannelRequestBase(ApiModel):
    """A request for a channel; pending until its onboarding is finalised."""

    id: str | None = None
    channel_type_id: str | None = None
    is_pending: bool | None = None
    is_active: bool | None = None
    created_on_utc: Timestamp = None


class ApiChannelRequest(ApiChannelRequestBase):
    """A request for a channel, with when it was cancelled or fulfilled."""

    cancelled_on_utc: Timestamp = None
    fulfilled_on_utc: Timestamp = None


def _categories(categories: Any) -> Any:
    if categories is None:
        return {}
    if isinstance(categories, Mapping):
        return {category: as_list(channels) for category, channels in categories.items()}
    return categories


class ApiChannelsAvailable(RootModel[dict[str, dict[str, list[ApiChannel]]]]):
    """Channel type → category → channels, for whatever types and categories the API sends.

    The documentation shows ``sms`` (``keywords``, ``numbers``) and ``whatsApp`` (``templates``,
    ``profiles``) and then ``...``: nothing here assumes that set. Keys are kept as given.
    """

    root: dict[str, dict[str, list[ApiChannel]]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _empty_for_null(cls, data: Any) -> Any:
        """``null`` anywhere (the whole, a type, a category) reads as empty."""
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            return data
        return {kind: _categories(categories) for kind, categories in data.items()}

    def groups(self) -> Iterator[tuple[str, str, list[ApiChannel]]]:
        """Yield ``(channel_type, category, channels)`` for every category of every type."""
        for channel_type, categories in self.root.items():
            for category, channels in categories.items():
                yield channel_type, category, channels

    def channels(self) -> list[ApiChannel]:
        """Every channel of every type and category, in the order the API gave them."""
        return [channel for _type, _category, channels in self.groups() for channel in channels]

    def __getitem__(self, channel_type: str) -> dict[str, list[ApiChannel]]:
        return self.root[channel_type]

    def __len__(self) -> int:
        return len(self.root)


class ApiChannels(ApiModel):
    """Your channels, grouped by type and category, and the types coming soon."""

    available: ApiChannelsAvailable = Field(default_factory=ApiChannelsAvailable)
    coming_soon: ListOf[str] = Field(default_factory=list)


class ApiChannelCategory(ApiModel):
    """A category of a channel type (``templates``, ``profiles``, ``keywords``...)."""

    id: str | None = None
    name: str | None = None


class ApiChannelTypeBaseResponse(ApiModel):
    """A channel type that can be requested, and what it costs."""

    id: str | None = None
    currency: str | None = None
    description: str | None = None
    startup_cost: Money = None
    monthly_cost: Money = None
    channel_request_processing_days: int | None = None


class ApiChannelTypeResponse(ApiChannelTypeBaseResponse):
    """A channel type with its notice period and categories."""

    notice_period_days: int | None = None
    categories: ListOf[ApiChannelCategory] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Channel configuration
# --------------------------------------------------------------------------------------------


class ApiChannelConfigurationResponse(ApiModel):
    """One inbound configuration of a channel, switched on or off."""

    id: str | None = None
    enabled: bool | None = None
    updated_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiChannelMessagingLogConfigurationResponse(ApiChannelConfigurationResponse):
    """The messaging log configuration."""


class ApiChannelMessagingLogConfigurationRequest(ApiRequestModel):
    """Switch the messaging log on or off: ``{"enabled": true}``.

    Named by the docs but never defined (rule 23).
    """

    enabled: bool | None = None


class ApiChannelCustomerContactEndpointRequest(ApiRequestModel):
    """Where customer contact messages go. Method ``POST`` only; type ``Xml`` or ``Json``."""

    method: str | None = "POST"
    url: str | None = None
    type: str | None = None


class ApiChannelCustomerContactConfigurationRequest(ApiRequestModel):
    """Body of "Update a customer contact configuration element"."""

    endpoint: ApiChannelCustomerContactEndpointRequest | None = None


class ApiChannelCustomerContactEndpointResponse(ApiModel):
    """A customer contact endpoint."""

    id: str | None = None
    method: str | None = None
    url: str | None = None
    type: str | None = None
    updated_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiChannelCustomerContactConfigurationResponse(ApiChannelConfigurationResponse):
    """The customer contact configuration and its endpoints."""

    endpoints: ListOf[ApiChannelCustomerContactEndpointResponse] = Field(default_factory=list)


def _email_address_object(value: Any) -> Any:
    """Rule 12: the table says ``email`` is a string, the JSON an ``{"address": ...}`` object."""
    if isinstance(value, str):
        return {"address": value}
    return value


class ApiChannelEmailAddressRequest(ApiRequestModel):
    """An e-mail address to add or change."""

    address: str | None = None


class ApiChannelEmailConfigurationRequest(ApiRequestModel):
    """Body of the e-mail configuration writes: ``{"email": {"address": ...}}`` (rule 12).

    ``{"email": "someone@example.com"}``, the table's reading, is read into the same shape.
    """

    email: Annotated[
        ApiChannelEmailAddressRequest | None, BeforeValidator(_email_address_object)
    ] = None

    @property
    def address(self) -> str | None:
        """The e-mail address, whichever shape it came in."""
        return self.email.address if self.email is not None else None


class ApiChannelEmailAddressResponse(ApiModel):
    """An e-mail address e-mails are sent to."""

    id: str | None = None
    address: str | None = None
    updated_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiChannelEmailConfigurationResponse(ApiChannelConfigurationResponse):
    """The e-mail configuration and its addresses."""

    addresses: ListOf[ApiChannelEmailAddressResponse] = Field(default_factory=list)


class ApiChannelEventWebHookEndpointRequest(ApiRequestModel):
    """Where event messages go. Method ``POST`` only; type ``Json`` only."""

    method: str | None = "POST"
    url: str | None = None
    type: str | None = "Json"


class ApiChannelEventWebHookConfigurationRequest(ApiRequestModel):
    """Body of the event webhook writes (rule 3).

    ``{"endpoint": {"method": "POST", "url": ..., "type": "Json"}}``.
    """

    endpoint: ApiChannelEventWebHookEndpointRequest | None = None


class ApiChannelEventWebHookEndpointResponse(ApiModel):
    """An event webhook endpoint."""

    id: str | None = None
    channels_one_id: str | None = None
    method: str | None = None
    url: str | None = None
    type: str | None = None
    updated_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiChannelEventWebHookConfigurationResponse(ApiChannelConfigurationResponse):
    """The event webhook configuration. Read from an ``endpoint`` object or ``endpoints`` array.

    The table says ``endpoints`` (an array), the JSON ``endpoint`` (an object); rule 4 says
    parse both and present one. ``endpoint`` is that one; ``endpoints`` holds all of them
    (``[endpoint]`` when the API sent the object).
    """

    endpoint: ApiChannelEventWebHookEndpointResponse | None = None
    endpoints: ListOf[ApiChannelEventWebHookEndpointResponse] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_endpoint(self) -> ApiChannelEventWebHookConfigurationResponse:
        if self.endpoint is None and self.endpoints:
            self.endpoint = self.endpoints[0]
        elif self.endpoint is not None and not self.endpoints:
            self.endpoints = [self.endpoint]
        return self


class ApiChannelWebHookEndpointRequest(ApiRequestModel):
    """Where messages go. Method ``POST``, ``GET``, ``PUT`` or ``UNKNOWN``; type ``Json``,
    ``Xml`` or ``Custom``."""

    method: str | None = None
    url: str | None = None
    type: str | None = None


class ApiChannelWebHookConfigurationRequest(ApiRequestModel):
    """Body of the webhook writes: ``{"endpoint": {...}}``."""

    endpoint: ApiChannelWebHookEndpointRequest | None = None


class ApiChannelWebHookEndpointResponse(ApiModel):
    """A webhook endpoint."""

    id: str | None = None
    method: str | None = None
    url: str | None = None
    type: str | None = None
    updated_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiChannelWebHookConfigurationResponse(ApiChannelConfigurationResponse):
    """The webhook configuration and its endpoints."""

    endpoints: ListOf[ApiChannelWebHookEndpointResponse] = Field(default_factory=list)


ApiChannelWebhookConfigurationRequest = ApiChannelWebHookConfigurationRequest
ApiChannelWebhookEndpointRequest = ApiChannelWebHookEndpointRequest
ApiChannelEventWebhookConfigurationRequest = ApiChannelEventWebHookConfigurationRequest
ApiChannelEventWebhookEndpointRequest = ApiChannelEventWebHookEndpointRequest


class ApiChannelConfigurationsInbound(ApiModel):
    """A channel's inbound configurations, one of each kind (an object, not an array: rule 15)."""

    messaging_log: ApiChannelMessagingLogConfigurationResponse | None = None
    customer_contact: ApiChannelCustomerContactConfigurationResponse | None = None
    email: ApiChannelEmailConfigurationResponse | None = None
    webhook: ApiChannelWebHookConfigurationResponse | None = None
    event_webhook: ApiChannelEventWebHookConfigurationResponse | None = None


class ApiChannelConfigurations(ApiModel):
    """A channel's group and its inbound configurations."""

    channel_group: ApiChannelGroupBase | None = None
    inbound: ApiChannelConfigurationsInbound | None = None


# --------------------------------------------------------------------------------------------
# WhatsApp
# --------------------------------------------------------------------------------------------


class ApiWhatsAppBusinessAccount(ApiModel):
    """The WhatsApp business account of a WhatsApp channel request."""

    id: str | None = None
    account_id: str | None = None
    channel_request_id: str | None = None
    is_pending: bool | None = None
    cancelled_on_utc: Timestamp = None
    fulfilled_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiWhatsAppSupportedLanguage(ApiModel):
    """A WhatsApp language: its id, code and name."""

    id: str | None = None
    code: str | None = None
    name: str | None = None


class ApiWhatsAppProfileBase(ApiModel):
    """A WhatsApp profile as the profile list gives it."""

    id: str | None = None
    account_id: str | None = None
    phone_number: str | None = None
    name: str | None = None
    image: str | None = None
    """The profile image, base64 (the examples show a ``data:image/...`` URL)."""
    is_active: bool | None = None
    is_otp_processed: bool | None = None
    is_otp_sent: bool | None = None
    is_pending: bool | None = None
    created_on_utc: Timestamp = None
    rejected_on_utc: Timestamp = None
    cancelled_on_utc: Timestamp = None


class ApiWhatsAppProfile(ApiWhatsAppProfileBase):
    """A WhatsApp profile with its channel, rejection reason and fulfilment."""

    channel_id: str | None = None
    rejection_reason: str | None = None
    fulfilled_on_utc: Timestamp = None


class ApiWhatsAppTemplateReplacementField(ApiModel):
    """A field of a template that a message fills in."""

    id: str | None = None
    index: int | None = None
    name: str | None = None
    type: str | None = None
    """``text``, ``currency`` or ``datetime`` as documented; other values are kept."""


class ApiWhatsAppTemplateSettings(ApiModel):
    """A template's settings: its replacement fields."""

    replacement_fields: ListOf[ApiWhatsAppTemplateReplacementField] = Field(default_factory=list)


class ApiWhatsAppTemplateLanguage(_Reviewed, ApiRequestModel):
    """One language of a template: its content and review state.

    Also the value type of ``ApiWhatsAppTemplateUpdateRequest.languages``, where only
    ``content`` is sent (``to_body`` drops the rest when unset).
    """

    id: str | None = None
    name: str | None = None
    content: str | None = None
    rejection_reason: str | None = None
    is_active: bool | None = None
    is_incomplete: bool | None = None
    is_validation_requested: bool | None = None
    is_pending: bool | None = None
    updated_on_utc: Timestamp = None
    fulfilled_on_utc: Timestamp = None
    created_on_utc: Timestamp = None
    rejected_on_utc: Timestamp = None


def _languages_by_name(value: Any) -> Any:
    """Rule 19: languages are keyed by name. ``null`` is none; a list is keyed by each name."""
    if value is None:
        return {}
    if isinstance(value, list):
        keyed: dict[str, Any] = {}
        for position, item in enumerate(value):
            name = None
            if isinstance(item, Mapping):
                name = next((v for k, v in item.items() if normalise_key(k) == "name"), None)
            keyed[str(name) if name is not None else str(position)] = item
        return keyed
    return value


Languages = Annotated[dict[str, ApiWhatsAppTemplateLanguage], BeforeValidator(_languages_by_name)]


class ApiWhatsAppTemplateBaseResponse(_Reviewed, ApiModel):
    """A WhatsApp template as the template list gives it."""

    id: str | None = None
    account_id: str | None = None
    template_category_id: str | None = None
    facebook_name: str | None = None
    facebook_namespace_id: str | None = None
    name: str | None = None
    category: str | None = None
    languages: Languages = Field(default_factory=dict)
    """Language *name* (as the API gives it, e.g. ``English (US)``) → language."""
    is_active: bool | None = None
    is_incomplete: bool | None = None
    is_validation_requested: bool | None = None
    is_pending: bool | None = None
    created_on_utc: Timestamp = None
    rejected_on_utc: Timestamp = None
    cancelled_on_utc: Timestamp = None


class ApiWhatsAppTemplate(ApiWhatsAppTemplateBaseResponse):
    """A WhatsApp template with its settings, rejection reason and update times."""

    settings: ApiWhatsAppTemplateSettings | None = None
    rejection_reason: str | None = None
    updated_on_utc: Timestamp = None
    fulfilled_on_utc: Timestamp = None

    @property
    def replacement_fields(self) -> list[ApiWhatsAppTemplateReplacementField]:
        """The template's replacement fields, by index (``[]`` when there are no settings)."""
        fields = self.settings.replacement_fields if self.settings is not None else []
        return sorted(fields, key=lambda field: (field.index is None, field.index or 0))


class ApiWhatsAppTemplateBaseRequest(ApiRequestModel):
    """Body of "Create a template": ``{"name": ...}`` (undefined in the docs; rule 10).

    The category goes in the query, as ``templateCategoryId``.
    """

    name: str | None = None


class ApiWhatsAppTemplateUpdateRequest(ApiRequestModel):
    """Body of "Update a template": category, name and each language's content."""

    template_category_id: str | None = None
    name: str | None = None
    languages: Languages = Field(default_factory=dict)

    def to_body(self) -> dict[str, Any]:
        """As :meth:`ApiRequestModel.to_body`; ``languages`` only when it was given.

        An update sends only what changes: ``languages`` defaults to ``{}`` (so reads never
        see ``None``), and that default must not be sent when only the name or category
        changes; an empty mapping given on purpose is sent.
        """
        body = super().to_body()
        if "languages" not in self.model_fields_set:
            body.pop("languages", None)
        return body


class ApiWhatsAppTemplateCategory(ApiModel):
    """A template category (``SHIPPING_UPDATE``, ...)."""

    id: str | None = None
    name: str | None = None


# --------------------------------------------------------------------------------------------
# Keyword claims
# --------------------------------------------------------------------------------------------


class ApiKeywordClaimRequest(ApiRequestModel):
    """Body of "Claim a keyword": ``{"phoneNumberId": ..., "keyword": ...}`` (rule 5).

    The table names the number ``phoneNumber``, the JSON ``phoneNumberId``; both are read,
    ``phoneNumberId`` is sent. ``phone_number`` mirrors it and is never dumped.
    """

    phone_number_id: str | None = None
    keyword: str | None = None
    phone_number: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _either_spelling(self) -> ApiKeywordClaimRequest:
        if self.phone_number_id is None:
            self.phone_number_id = self.phone_number
        if self.phone_number is None:
            self.phone_number = self.phone_number_id
        return self


class ApiKeywordClaimResponse(ApiModel):
    """A keyword claimed on a shared or owned number, and what it costs.

    The table names the number ``phoneNumberId``, the JSON ``phoneNumber`` (rule 5): both
    attributes are there, each filled from the other when the API sent only one.
    """

    id: str | None = None
    channel_id: str | None = None
    phone_number_id: str | None = None
    phone_number: str | None = None
    country: str | None = None
    keyword: str | None = None
    currency: str | None = None
    startup_cost: Money = None
    monthly_cost: Money = None
    notice_period_days: int | None = None
    claimed_on_utc: Timestamp = None

    @model_validator(mode="after")
    def _either_spelling(self) -> ApiKeywordClaimResponse:
        if self.phone_number_id is None:
            self.phone_number_id = self.phone_number
        if self.phone_number is None:
            self.phone_number = self.phone_number_id
        return self


# --------------------------------------------------------------------------------------------
# Dedicated phone numbers
# --------------------------------------------------------------------------------------------


class ApiNumberTypeResponse(ApiModel):
    """A kind of phone number that can be rented or claimed on, and what it costs."""

    id: str | None = None
    purpose: ListOf[str] = Field(default_factory=list)
    """What the number is for (``SMS``, ``VOICE``...): a list, whether the API sent a string
    or an array (rule 17)."""
    country: str | None = None
    category: str | None = None
    description: str | None = None
    currency: str | None = None
    startup_cost: Money = None
    monthly_cost: Money = None
    notice_period_days: int | None = None
    keyword_startup_cost: Money = None
    keyword_monthly_cost: Money = None
    keyword_notice_period_days: int | None = None
    number_request_processing_days: int | None = None


class ApiNumberRequestResponse(ApiModel):
    """A request to rent a phone number; pending until a number is assigned."""

    id: str | None = None
    channel_id: str | None = None
    account_id: str | None = None
    phone_number_id: str | None = None
    """Set once the request is fulfilled; digits, not a UUID (rule 16)."""
    number_type: ApiNumberTypeResponse | None = None
    is_pending: bool | None = None
    is_active: bool | None = None
    cancelled_on_utc: Timestamp = None
    fulfilled_on_utc: Timestamp = None
    created_on_utc: Timestamp = None


class ApiPhoneNumberResponse(ApiModel):
    """A shared or owned phone number."""

    id: str | None = None
    """The phone number identifier: digits, not a UUID (rule 16)."""
    account_id: str | None = None
    number_type: ApiNumberTypeResponse | None = None
    number: str | None = None
    """International format with a ``00`` prefix."""
    is_shared: bool | None = None
    owned_since_utc: Timestamp = None


# --------------------------------------------------------------------------------------------
# Lookup by documented name
# --------------------------------------------------------------------------------------------

MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in sorted(globals().items())
    if name.startswith("Api")
    and isinstance(value, type)
    and issubclass(value, BaseModel)
    and name not in {"ApiModel", "ApiRequestModel"}
}
"""Every documented model name, both spellings of the WebHook ones, → its class."""

__all__ += sorted(MODELS)

_ARRAY = re.compile(r"^array\[(?P<item>[^\]]+)\]$")
_SCALARS: dict[str, type] = {"string": str, "integer": int, "boolean": bool}


def model_for(name: str) -> type[BaseModel]:
    """The class of a documented model name; KeyError names the unknown model."""
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(f"no model is documented as {name!r}") from None


@functools.cache
def _adapter(schema: str) -> TypeAdapter[Any]:
    match = _ARRAY.match(schema)
    if match is not None:
        item = match["item"].strip()
        item_type = _SCALARS.get(item) or model_for(item)
        return TypeAdapter(ListOf[item_type])  # type: ignore[valid-type]
    return TypeAdapter(_SCALARS.get(schema) or model_for(schema))


def parse_schema(schema: str, data: Any) -> Any:
    """Read a decoded JSON body as ``schema``, as ``endpoints.tsv`` writes schemas.

    ``ApiChannel`` gives an ``ApiChannel``; ``array[ApiChannel]`` a list of them (``null`` is
    ``[]``); ``array[string]`` a list of str; ``-`` or an empty schema (no body) gives ``None``.
    """
    schema = (schema or "").strip()
    if schema in {"", "-"}:
        return None
    return _adapter(schema).validate_python(data)
