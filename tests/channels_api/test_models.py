"""The typed models read what NOTES.md says a server may send, and write what it says to send."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from channels_api.models import (
    MODELS,
    ApiChannel,
    ApiChannelBase,
    ApiChannelConfigurations,
    ApiChannelCustomerContactConfigurationRequest,
    ApiChannelEmailConfigurationRequest,
    ApiChannelEventWebHookConfigurationRequest,
    ApiChannelEventWebhookConfigurationRequest,
    ApiChannelEventWebHookConfigurationResponse,
    ApiChannelMessagingLogConfigurationRequest,
    ApiChannels,
    ApiChannelsAvailable,
    ApiChannelTypeResponse,
    ApiChannelWebHookConfigurationRequest,
    ApiChannelWebhookConfigurationRequest,
    ApiChannelWebHookEndpointRequest,
    ApiChannelWebhookEndpointRequest,
    ApiKeywordClaimRequest,
    ApiKeywordClaimResponse,
    ApiNumberRequestResponse,
    ApiNumberTypeResponse,
    ApiPhoneNumberResponse,
    ApiRequestModel,
    ApiRequestState,
    ApiWhatsAppTemplate,
    ApiWhatsAppTemplateBaseRequest,
    ApiWhatsAppTemplateLanguage,
    ApiWhatsAppTemplateUpdateRequest,
    ReviewStatus,
    parse_schema,
)

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

# ---------------------------------------------------------------------------- field names


@pytest.mark.parametrize(
    "spelling", ["channelID", "channelId", "CHANNELID", "channel_id", "ChannelId"]
)
def test_channel_id_is_read_whatever_its_case(spelling):
    channel = ApiChannel.model_validate({spelling: "0031612345678|KEYWORD"})
    assert channel.channel_id == "0031612345678|KEYWORD"


def test_every_field_name_is_read_whatever_its_case():
    channel = ApiChannelBase.model_validate(
        {
            "ID": UUID,
            "ISPENDING": True,
            "CreatedOnUTC": "2019-07-29T09:30:01.709Z",
            "requeststate": {"NEXTSTAGE": {"TYPE": "PROCESSING"}},
        }
    )
    assert channel.id == UUID
    assert channel.is_pending is True
    assert channel.created_on_utc == datetime(2019, 7, 29, 9, 30, 1, 709000, tzinfo=UTC)
    assert channel.request_state.next_stage.type == "PROCESSING"


def test_when_a_field_comes_in_two_spellings_the_exact_alias_wins():
    channel = ApiChannel.model_validate({"channelID": "loose", "channelId": "exact"})
    assert channel.channel_id == "exact"
    channel = ApiChannel.model_validate({"channelId": "exact", "CHANNELID": "loose"})
    assert channel.channel_id == "exact"


def test_models_are_built_from_snake_case_names_too():
    claim = ApiKeywordClaimRequest(phone_number_id="0031612345678", keyword="PIZZA")
    assert claim.model_dump(by_alias=True) == {"phoneNumberId": "0031612345678", "keyword": "PIZZA"}


def test_unknown_fields_are_ignored():
    channel = ApiChannel.model_validate({"id": UUID, "brandNewField": {"x": 1}, "42": None})
    assert channel.id == UUID
    assert not hasattr(channel, "brandNewField")
    assert "brandNewField" not in channel.model_dump(by_alias=True)


# ---------------------------------------------------------------------------- missing fields

_DOCUMENTED_DEFAULTS = {
    ("ApiChannelCustomerContactEndpointRequest", "method"): "POST",
    ("ApiChannelEventWebHookEndpointRequest", "method"): "POST",
    ("ApiChannelEventWebHookEndpointRequest", "type"): "Json",
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_missing_optional_field_is_none(name):
    """Every model reads ``{}``: scalars None, collections empty, bar the only allowed values."""
    model = MODELS[name]
    parsed = model.model_validate({})
    if name == "ApiChannelsAvailable":
        assert list(parsed.groups()) == []
        return
    for field_name in model.model_fields:
        value = getattr(parsed, field_name)
        if isinstance(value, list | dict | ApiChannelsAvailable):
            assert len(value) == 0, field_name
        else:
            assert value == _DOCUMENTED_DEFAULTS.get((model.__name__, field_name)), field_name


def test_null_collections_are_read_as_empty():
    configurations = ApiChannelTypeResponse.model_validate({"categories": None})
    assert configurations.categories == []
    template = ApiWhatsAppTemplate.model_validate({"languages": None, "settings": None})
    assert template.languages == {}
    assert template.replacement_fields == []
    assert ApiChannels.model_validate({"available": None, "comingSoon": None}).coming_soon == []


# ---------------------------------------------------------------------------- timestamps


def test_a_zoneless_seven_digit_timestamp_is_read_as_utc():
    channel = ApiChannel.model_validate({"createdOnUtc": "2019-07-24T13:43:58.3329114"})
    assert channel.created_on_utc == datetime(2019, 7, 24, 13, 43, 58, 332911, tzinfo=UTC)
    assert channel.created_on_utc.utcoffset().total_seconds() == 0


def test_a_timestamp_ending_in_z_is_read_as_utc():
    channel = ApiChannel.model_validate({"createdOnUtc": "2019-07-29T09:30:01.709Z"})
    assert channel.created_on_utc == datetime(2019, 7, 29, 9, 30, 1, 709000, tzinfo=UTC)
    assert channel.created_on_utc.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-07-29T11:30:01+02:00", datetime(2019, 7, 29, 9, 30, 1, tzinfo=UTC)),
        ("2019-07-29T04:30:01.5-0500", datetime(2019, 7, 29, 9, 30, 1, 500000, tzinfo=UTC)),
        ("2019-07-29 09:30:01", datetime(2019, 7, 29, 9, 30, 1, tzinfo=UTC)),
        ("2019-07-29T09:30", datetime(2019, 7, 29, 9, 30, tzinfo=UTC)),
        ("2019-07-29", datetime(2019, 7, 29, tzinfo=UTC)),
    ],
)
def test_a_timestamp_with_another_offset_or_precision_is_converted_to_utc(text, expected):
    parsed = ApiChannel.model_validate({"createdOnUtc": text}).created_on_utc
    assert parsed == expected
    assert parsed.tzinfo is UTC


def test_a_timestamp_is_cut_to_microseconds_never_rounded_into_the_next_second():
    parsed = ApiChannel.model_validate({"createdOnUtc": "2019-12-31T23:59:59.9999999"})
    assert parsed.created_on_utc == datetime(2019, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)


def test_an_aware_or_naive_datetime_object_is_kept_as_utc():
    naive = ApiChannel(created_on_utc=datetime(2020, 1, 1, 12)).created_on_utc
    assert naive == datetime(2020, 1, 1, 12, tzinfo=UTC)
    assert naive.tzinfo is UTC


@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_timestamp_is_none(empty):
    assert ApiChannel.model_validate({"createdOnUtc": empty}).created_on_utc is None


def test_a_timestamp_that_is_no_timestamp_is_refused():
    with pytest.raises(ValidationError, match="createdOnUtc"):
        ApiChannel.model_validate({"createdOnUtc": "yesterday"})


# ---------------------------------------------------------------------------- money

_MONEY = [
    (ApiChannelTypeResponse, "startupCost", "startup_cost"),
    (ApiChannelTypeResponse, "monthlyCost", "monthly_cost"),
    (ApiKeywordClaimResponse, "startupCost", "startup_cost"),
    (ApiKeywordClaimResponse, "monthlyCost", "monthly_cost"),
    (ApiNumberTypeResponse, "startupCost", "startup_cost"),
    (ApiNumberTypeResponse, "monthlyCost", "monthly_cost"),
    (ApiNumberTypeResponse, "keywordStartupCost", "keyword_startup_cost"),
    (ApiNumberTypeResponse, "keywordMonthlyCost", "keyword_monthly_cost"),
]


@pytest.mark.parametrize(("model", "key", "attribute"), _MONEY)
@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (0, Decimal(0)),
        (12, Decimal(12)),
        (1.1, Decimal("1.1")),
        (0.1, Decimal("0.1")),
        ("2.50", Decimal("2.50")),
        (Decimal("3.33"), Decimal("3.33")),
    ],
)
def test_money_is_a_decimal_never_a_float(model, key, attribute, sent, expected):
    amount = getattr(model.model_validate({key: sent}), attribute)
    assert type(amount) is Decimal
    assert amount == expected
    assert str(amount) == str(expected)


@pytest.mark.parametrize("nonsense", [True, float("inf"), float("nan"), "lots", [1]])
def test_money_that_is_no_amount_is_refused(nonsense):
    with pytest.raises(ValidationError, match="startupCost"):
        ApiNumberTypeResponse.model_validate({"startupCost": nonsense})


# ---------------------------------------------------------------------------- contradictions


def test_event_webhook_endpoint_is_read_from_an_object_or_an_array():
    endpoint = {"id": UUID, "method": "POST", "url": "https://example.com/events", "type": "Json"}
    from_object = ApiChannelEventWebHookConfigurationResponse.model_validate({"endpoint": endpoint})
    from_array = ApiChannelEventWebHookConfigurationResponse.model_validate(
        {"endpoints": [endpoint]}
    )
    for parsed in (from_object, from_array):
        assert parsed.endpoint.url == "https://example.com/events"
        assert [e.id for e in parsed.endpoints] == [UUID]
    neither = ApiChannelEventWebHookConfigurationResponse.model_validate({"enabled": False})
    assert neither.endpoint is None
    assert neither.endpoints == []


def test_an_event_webhook_array_of_several_endpoints_keeps_them_all_and_presents_the_first():
    parsed = ApiChannelEventWebHookConfigurationResponse.model_validate(
        {"endpoints": [{"url": "https://a.example"}, {"url": "https://b.example"}]}
    )
    assert parsed.endpoint.url == "https://a.example"
    assert [e.url for e in parsed.endpoints] == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize("key", ["phoneNumberId", "phoneNumber", "PHONENUMBERID", "phone_number"])
def test_keyword_claim_phone_number_is_read_in_either_spelling(key):
    response = ApiKeywordClaimResponse.model_validate({key: "0031612345678"})
    assert response.phone_number_id == "0031612345678"
    assert response.phone_number == "0031612345678"
    request = ApiKeywordClaimRequest.model_validate({key: "0031612345678", "keyword": "PIZZA"})
    assert request.phone_number_id == "0031612345678"


def test_a_keyword_claim_request_sends_phone_number_id_whichever_spelling_it_was_given():
    request = ApiKeywordClaimRequest.model_validate(
        {"phoneNumber": "0031612345678", "keyword": "K"}
    )
    assert request.model_dump(by_alias=True) == {"phoneNumberId": "0031612345678", "keyword": "K"}
    assert request.to_body() == {"phoneNumberId": "0031612345678", "keyword": "K"}


def test_a_keyword_claim_with_both_spellings_keeps_each():
    both = ApiKeywordClaimResponse.model_validate({"phoneNumberId": "1", "phoneNumber": "2"})
    assert (both.phone_number_id, both.phone_number) == ("1", "2")


@pytest.mark.parametrize(
    ("sent", "expected"),
    [("SMS", ["SMS"]), (["SMS"], ["SMS"]), (["SMS", "VOICE"], ["SMS", "VOICE"]), (None, [])],
)
def test_number_type_purpose_is_read_as_string_or_list(sent, expected):
    assert ApiNumberTypeResponse.model_validate({"purpose": sent}).purpose == expected


def test_email_configuration_request_is_read_from_a_string_or_an_object_and_sent_as_an_object():
    from_string = ApiChannelEmailConfigurationRequest.model_validate({"email": "ops@example.com"})
    from_object = ApiChannelEmailConfigurationRequest.model_validate(
        {"email": {"address": "ops@example.com"}}
    )
    for parsed in (from_string, from_object):
        assert parsed.address == "ops@example.com"
        assert parsed.to_body() == {"email": {"address": "ops@example.com"}}
    assert ApiChannelEmailConfigurationRequest(email="a@example.com").address == "a@example.com"


def test_request_state_is_an_object():
    state = ApiChannelBase.model_validate(
        {
            "requestState": {
                "completeness": 60,
                "nextStage": {"type": "ACTION_REQUIRED", "descriptionKey": "upload"},
                "progression": {"stages": ["a", "b"], "current": "b"},
                "hasPendingOrder": False,
            }
        }
    ).request_state
    assert isinstance(state, ApiRequestState)
    assert state.completeness == 60
    assert state.next_stage.type == "ACTION_REQUIRED"
    assert state.progression.stages == ["a", "b"]
    assert state.has_pending_order is False


def test_a_next_stage_type_the_docs_do_not_list_is_kept_as_text():
    state = ApiRequestState.model_validate({"nextStage": {"type": "SOMETHING_NEW"}})
    assert state.next_stage.type == "SOMETHING_NEW"


def test_inbound_configurations_are_an_object_keyed_by_kind():
    configurations = ApiChannelConfigurations.model_validate(
        {
            "inbound": {
                "messagingLog": {"enabled": True},
                "eventWebhook": {"endpoint": {"url": "u"}},
                "webhook": {"endpoints": [{"url": "w", "type": "Custom"}]},
            }
        }
    )
    inbound = configurations.inbound
    assert inbound.messaging_log.enabled is True
    assert inbound.event_webhook.endpoint.url == "u"
    assert inbound.webhook.endpoints[0].type == "Custom"
    assert inbound.customer_contact is None
    assert inbound.email is None


def test_phone_number_ids_are_text_never_uuids_and_numbers_become_text():
    number = ApiPhoneNumberResponse.model_validate({"id": "0000000000", "number": 31612345678})
    assert number.id == "0000000000"
    assert number.number == "31612345678"
    request = ApiNumberRequestResponse.model_validate({"phoneNumberId": "0031612345678"})
    assert request.phone_number_id == "0031612345678"


def test_a_replacement_field_type_the_docs_do_not_list_is_kept():
    template = ApiWhatsAppTemplate.model_validate(
        {
            "settings": {
                "replacementFields": [
                    {"index": 1, "name": "when", "type": "location"},
                    {"index": 0, "name": "who", "type": "text"},
                ]
            }
        }
    )
    assert [f.type for f in template.settings.replacement_fields] == ["location", "text"]
    assert [f.name for f in template.replacement_fields] == ["who", "when"]  # by index


# ---------------------------------------------------------------------------- channels available


def test_channels_available_keeps_types_the_docs_do_not_name():
    channel = {
        "id": UUID,
        "channelID": "x",
        "isPending": False,
        "createdOnUtc": "2023-01-01T00:00:00Z",
    }
    available = ApiChannels.model_validate(
        {
            "available": {
                "sms": {"keywords": [channel], "shortcodes": [channel]},
                "rcs": {"agents": [channel, channel]},
                "Viber": {},
            },
            "comingSoon": ["Apple"],
        }
    ).available
    assert isinstance(available, ApiChannelsAvailable)
    groups = [(kind, category, len(channels)) for kind, category, channels in available.groups()]
    assert groups == [("sms", "keywords", 1), ("sms", "shortcodes", 1), ("rcs", "agents", 2)]
    assert all(isinstance(c, ApiChannel) for c in available.channels())
    assert len(available.channels()) == 4
    assert available["rcs"]["agents"][0].channel_id == "x"
    assert len(available) == 3


def test_channels_available_reads_null_types_and_categories_as_empty():
    available = ApiChannelsAvailable.model_validate({"sms": None, "whatsApp": {"profiles": None}})
    assert list(available.groups()) == [("whatsApp", "profiles", [])]


# ---------------------------------------------------------------------------- templates


def test_template_languages_are_keyed_by_name_as_given():
    template = ApiWhatsAppTemplate.model_validate(
        {
            "languages": {
                "English (US)": {"name": "English (US)", "content": "Hi {{1}}"},
                "NAME": {"content": "kept"},
            }
        }
    )
    assert list(template.languages) == ["English (US)", "NAME"]
    assert template.languages["English (US)"].content == "Hi {{1}}"
    assert template.languages["NAME"].content == "kept"


def test_template_languages_sent_as_a_list_are_keyed_by_their_names():
    template = ApiWhatsAppTemplate.model_validate(
        {"languages": [{"Name": "Dutch", "content": "Hoi"}, {"content": "nameless"}]}
    )
    assert template.languages["Dutch"].content == "Hoi"
    assert template.languages["1"].content == "nameless"


_STATUS_CASES = [
    # the flags an API answer sets → the one status shown
    ({"isActive": True, "isPending": True, "isIncomplete": True, "rejectionReason": "x"}, "active"),
    (
        {"isValidationRequested": True, "isPending": True, "rejectedOnUtc": "2020-01-01Z"},
        "validation_requested",
    ),
    ({"isPending": True, "isIncomplete": True, "rejectionReason": "x"}, "pending"),
    ({"isIncomplete": True, "rejectionReason": "Wrong category"}, "rejected"),
    ({"rejectedOnUtc": "2020-01-01T00:00:00Z"}, "rejected"),
    ({"isIncomplete": True, "isPending": False}, "incomplete"),
    ({"isActive": False, "isPending": False, "isIncomplete": False}, "draft"),
    ({}, "draft"),
]


@pytest.mark.parametrize(("flags", "expected"), _STATUS_CASES)
def test_template_status_follows_the_documented_precedence(flags, expected):
    """active > validation_requested > pending > rejected > incomplete > draft."""
    assert ApiWhatsAppTemplate.model_validate(flags).status == expected
    assert ApiWhatsAppTemplateLanguage.model_validate(flags).status == expected


def test_a_template_status_is_text_a_template_can_show():
    status = ApiWhatsAppTemplate.model_validate({"isActive": True}).status
    assert status is ReviewStatus.ACTIVE
    assert str(status) == "active"
    assert f"{status}" == "active"


def test_a_listed_template_has_a_status_too():
    listed = parse_schema("array[ApiWhatsAppTemplateBaseResponse]", [{"isPending": True}])
    assert listed[0].status == "pending"


# ---------------------------------------------------------------------------- request bodies

_REQUEST_BODIES = [
    (
        ApiChannelCustomerContactConfigurationRequest(
            endpoint={"url": "https://example.com/in", "type": "Xml"}
        ),
        {"endpoint": {"method": "POST", "url": "https://example.com/in", "type": "Xml"}},
    ),
    (
        ApiChannelEventWebHookConfigurationRequest(endpoint={"url": "https://example.com/e"}),
        {"endpoint": {"method": "POST", "url": "https://example.com/e", "type": "Json"}},
    ),
    (
        ApiChannelWebHookConfigurationRequest(
            endpoint={"method": "PUT", "url": "https://example.com/w", "type": "Custom"}
        ),
        {"endpoint": {"method": "PUT", "url": "https://example.com/w", "type": "Custom"}},
    ),
    (
        ApiChannelEmailConfigurationRequest(email="ops@example.com"),
        {"email": {"address": "ops@example.com"}},
    ),
    (ApiChannelMessagingLogConfigurationRequest(enabled=False), {"enabled": False}),
    (
        ApiKeywordClaimRequest(phone_number_id="0031612345678", keyword="PIZZA"),
        {"phoneNumberId": "0031612345678", "keyword": "PIZZA"},
    ),
    (ApiWhatsAppTemplateBaseRequest(name="order_shipped"), {"name": "order_shipped"}),
    (
        ApiWhatsAppTemplateUpdateRequest(
            template_category_id=UUID,
            name="order_shipped",
            languages={"English": ApiWhatsAppTemplateLanguage(content="Shipped {{1}}")},
        ),
        {
            "templateCategoryId": UUID,
            "name": "order_shipped",
            "languages": {"English": {"content": "Shipped {{1}}"}},
        },
    ),
]


@pytest.mark.parametrize(
    ("request_model", "body"), _REQUEST_BODIES, ids=[type(r).__name__ for r, _ in _REQUEST_BODIES]
)
def test_request_models_dump_camel_case(request_model, body):
    assert request_model.to_body() == body
    dumped = request_model.model_dump(by_alias=True, exclude_none=True)
    assert dumped == body
    assert type(request_model).model_validate(body).to_body() == body


def test_every_request_model_dumps_only_camel_case_names():
    for name, model in MODELS.items():
        if not issubclass(model, ApiRequestModel):
            continue
        for field_name, field in model.model_fields.items():
            if field.exclude:
                continue
            assert "_" not in field.alias, (name, field_name)


def test_to_body_leaves_out_what_was_not_set():
    assert ApiChannelWebHookConfigurationRequest(endpoint={"url": "u"}).to_body() == {
        "endpoint": {"url": "u"}
    }
    assert ApiChannelMessagingLogConfigurationRequest().to_body() == {}


def test_the_undefined_messaging_log_request_is_enabled_only():
    assert set(ApiChannelMessagingLogConfigurationRequest.model_fields) == {"enabled"}


def test_the_undefined_template_base_request_is_name_only():
    assert set(ApiWhatsAppTemplateBaseRequest.model_fields) == {"name"}


# ---------------------------------------------------------------------------- the name table


def test_webhook_spellings_are_one_class():
    assert ApiChannelWebhookConfigurationRequest is ApiChannelWebHookConfigurationRequest
    assert ApiChannelWebhookEndpointRequest is ApiChannelWebHookEndpointRequest
    assert ApiChannelEventWebhookConfigurationRequest is ApiChannelEventWebHookConfigurationRequest
    assert MODELS["ApiChannelEventWebhookEndpointRequest"].__name__ == (
        "ApiChannelEventWebHookEndpointRequest"
    )


def test_models_names_every_documented_model_by_its_own_name():
    assert len(MODELS) == 55
    for name, model in MODELS.items():
        assert issubclass(model, BaseModel)
        assert model.__name__ in (name, name.replace("Webhook", "WebHook"))


def test_parse_schema_reads_models_arrays_strings_and_no_body():
    assert parse_schema("-", None) is None
    assert parse_schema("array[string]", ["a", "b"]) == ["a", "b"]
    assert parse_schema("array[ApiChannel]", None) == []
    assert parse_schema("array[ApiChannel]", [{"channelID": "c"}])[0].channel_id == "c"
    assert parse_schema("ApiChannel", {"id": UUID}).id == UUID
    with pytest.raises(KeyError, match="ApiNothing"):
        parse_schema("ApiNothing", {})
