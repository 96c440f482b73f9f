"""The client refuses bad arguments before sending, and builds every body from its model.

Each refusal is proved against the sandbox over real HTTP: every other argument is a real,
seeded id, the call raises a ValueError that names the bad argument, and the sandbox's request
log stays empty, so nothing left the client. The bodies are checked twice: the JSON the
sandbox received is the request model's serialisation (and the JSON sent before the bodies
came from the models), and a model's ``to_body`` marked while a write runs shows up on the wire.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from channels_api import ChannelsClient
from channels_api.models import (
    ApiChannelCustomerContactConfigurationRequest,
    ApiChannelCustomerContactEndpointRequest,
    ApiChannelEmailAddressRequest,
    ApiChannelEmailConfigurationRequest,
    ApiChannelEventWebHookConfigurationRequest,
    ApiChannelEventWebHookEndpointRequest,
    ApiChannelMessagingLogConfigurationRequest,
    ApiChannelWebHookConfigurationRequest,
    ApiChannelWebHookEndpointRequest,
    ApiKeywordClaimRequest,
    ApiRequestModel,
    ApiWhatsAppTemplateBaseRequest,
    ApiWhatsAppTemplateLanguage,
    ApiWhatsAppTemplateUpdateRequest,
)
from channels_api.phone import InvalidPhoneNumber
from channels_api.sandbox.testing import RunningSandbox

# What a caller might hand in for a required value it does not have.
MISSING = [None, "", "   "]
# What a caller might hand in for a switch instead of True or False.
NOT_BOOLS = [None, "false", "true", 0, 1]


@dataclass
class Known:
    """Real ids from the seeded sandbox, so only the argument under test can be wrong."""

    channel_id: str
    webhook_configuration_id: str
    webhook_enabled: bool
    address_id: str
    webhook_id: str
    event_webhook_id: str
    request_id: str
    profile_id: str
    category_id: str
    template_id: str
    field_id: str
    language_id: str
    language_name: str
    number_type_id: str
    shared_number_id: str


@pytest.fixture
def client(sandbox: RunningSandbox) -> Iterator[ChannelsClient]:
    with ChannelsClient(
        account_id=sandbox.account_id, product_token=sandbox.token, base_url=sandbox.base_url
    ) as client:
        yield client


@pytest.fixture
def known(client: ChannelsClient, sandbox: RunningSandbox) -> Known:
    """Look the ids up (and add what the seed may lack), then clear the log for the test."""
    channel = next(c for _t, _c, items in client.channels.list().available.groups() for c in items)
    webhook = client.configuration.get_all(channel.id).inbound.webhook
    added_email = client.configuration.add_email(channel.id, "setup@example.org")
    added_hook = client.configuration.add_webhook(channel.id, url="https://example.org/setup")
    added_event = client.configuration.add_event_webhook(
        channel.id, url="https://example.org/setup-events"
    )
    types = {t.id: t.description for t in client.channels.list_types()}
    request_id = next(
        r.id
        for r in client.channels.list_requests()
        if types.get(r.channel_type_id) == "WhatsApp" and r.is_active
    )
    category = client.templates.list_categories(request_id)[0]
    template = client.templates.create(request_id, name="argument_checks", category_id=category.id)
    with_field = client.templates.add_field(request_id, template.id, name="order", type="text")
    active = client.whatsapp.list_active_languages(request_id)
    inactive = next(
        lang
        for lang in client.whatsapp.list_supported_languages()
        if lang.id not in {a.id for a in active}
    )
    known = Known(
        channel_id=channel.id,
        webhook_configuration_id=webhook.id,
        webhook_enabled=bool(webhook.enabled),
        address_id=next(a.id for a in added_email.addresses if a.address == "setup@example.org"),
        webhook_id=next(e.id for e in added_hook.endpoints if e.url == "https://example.org/setup"),
        event_webhook_id=added_event.endpoint.id,
        request_id=request_id,
        profile_id=next(p.id for p in client.profiles.list(request_id) if not p.is_active),
        category_id=category.id,
        template_id=template.id,
        field_id=with_field.replacement_fields[0].id,
        language_id=inactive.id,
        language_name=active[0].name,
        number_type_id=client.numbers.list_types()[0].id,
        shared_number_id=client.numbers.list(is_shared=True, take=1)[0].id,
    )
    sandbox.clear_log()
    return known


def refused(sandbox: RunningSandbox, call: Callable[[], Any], match: str) -> ValueError:
    """Run ``call``; it must raise ValueError matching ``match`` with nothing sent."""
    with pytest.raises(ValueError, match=match) as caught:
        call()
    assert sandbox.log() == [], "a refused call must not reach the API"
    return caught.value


# --- required query parameters --------------------------------------------------------------


@pytest.mark.parametrize("missing", MISSING)
def test_creating_a_template_without_a_category_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.templates.create(known.request_id, name="no_category", category_id=missing),
        r"^category_id is required",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_creating_a_template_without_a_name_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.templates.create(
            known.request_id, name=missing, category_id=known.category_id
        ),
        r"^name is required",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_activating_a_language_without_a_language_id_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.whatsapp.activate_language(known.request_id, missing),
        r"^language_id is required",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_requesting_a_number_without_a_number_type_is_refused_before_anything_is_sent(
    client, sandbox, missing
):
    refused(sandbox, lambda: client.numbers.request(missing), r"^number_type_id is required")
    refused(
        sandbox,
        lambda: client.numbers.request(missing, simulate=True),
        r"^number_type_id is required",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_requesting_a_channel_without_a_channel_type_is_refused_before_anything_is_sent(
    client, sandbox, missing
):
    refused(sandbox, lambda: client.channels.request(missing), r"^channel_type_id is required")


@pytest.mark.parametrize("missing", MISSING)
def test_a_replacement_field_without_a_name_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.templates.add_field(known.request_id, known.template_id, name=missing),
        r"^name is required",
    )
    refused(
        sandbox,
        lambda: client.templates.update_field(
            known.request_id, known.template_id, known.field_id, name=missing, type="text"
        ),
        r"^name is required",
    )


def test_a_replacement_field_without_a_type_is_refused_before_anything_is_sent(
    client, sandbox, known
):
    refused(
        sandbox,
        lambda: client.templates.add_field(
            known.request_id, known.template_id, name="order", type=None
        ),
        r"^type must be one of text, currency, datetime; got None",
    )
    refused(
        sandbox,
        lambda: client.templates.update_field(
            known.request_id, known.template_id, known.field_id, name="order", type=None
        ),
        r"^type must be one of text, currency, datetime; got None",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_changing_a_profiles_number_without_a_number_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    error = refused(
        sandbox,
        lambda: client.profiles.update_phone_number(known.request_id, known.profile_id, missing),
        r"^phone_number: Enter a phone number",
    )
    assert isinstance(error, InvalidPhoneNumber)


@pytest.mark.parametrize("missing", MISSING)
def test_finishing_otp_without_a_code_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.profiles.finish_otp(
            known.request_id, known.profile_id, phone_number="+31 6 1234 5678", otp=missing
        ),
        r"^otp is required",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_finishing_otp_without_a_number_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.profiles.finish_otp(
            known.request_id, known.profile_id, phone_number=missing, otp="123456"
        ),
        r"^phone_number: Enter a phone number",
    )


def test_starting_otp_without_a_method_is_refused_before_anything_is_sent(client, sandbox, known):
    refused(
        sandbox,
        lambda: client.profiles.start_otp(known.request_id, known.profile_id, method=None),
        r"^method must be one of sms, voice; got None",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_claiming_a_keyword_without_a_number_or_a_keyword_is_refused_before_anything_is_sent(
    client, sandbox, known, missing
):
    refused(
        sandbox,
        lambda: client.keywords.claim(phone_number_id=missing, keyword="PIZZA", simulate=True),
        r"^phone_number_id is required",
    )
    refused(
        sandbox,
        lambda: client.keywords.claim(
            phone_number_id=known.shared_number_id, keyword=missing, simulate=True
        ),
        r"^keyword is required",
    )


@pytest.mark.parametrize("missing", MISSING)
def test_an_endpoint_without_a_url_or_an_email_without_an_address_is_refused_before_sending(
    client, sandbox, known, missing
):
    channel_id = known.channel_id
    refused(sandbox, lambda: client.configuration.add_webhook(channel_id, url=missing), "^url ")
    refused(
        sandbox, lambda: client.configuration.add_event_webhook(channel_id, url=missing), "^url "
    )
    refused(
        sandbox, lambda: client.configuration.set_customer_contact(channel_id, url=missing), "^url "
    )
    refused(sandbox, lambda: client.configuration.add_email(channel_id, missing), "^address ")


def test_a_template_language_without_text_is_refused_before_anything_is_sent(
    client, sandbox, known
):
    refused(
        sandbox,
        lambda: client.templates.update(
            known.request_id, known.template_id, contents={known.language_name: None}
        ),
        r"^contents\[.*\] must be text; got None",
    )


# --- switches must be real bools ------------------------------------------------------------


def test_switching_an_element_with_none_is_refused_and_leaves_it_as_it_was(client, sandbox, known):
    # The bug this guards: bool(None) sent enabled=false and switched the element off.
    refused(
        sandbox,
        lambda: client.configuration.set_enabled(
            known.channel_id, known.webhook_configuration_id, None
        ),
        r"^enabled must be True or False; got None",
    )
    after = client.configuration.get(known.channel_id, known.webhook_configuration_id)
    assert after.enabled is known.webhook_enabled


SWITCHES: dict[str, Callable[[ChannelsClient, Known, Any], Any]] = {
    "configuration.set_enabled(enabled)": lambda c, k, v: c.configuration.set_enabled(
        k.channel_id, k.webhook_configuration_id, v
    ),
    "configuration.set_messaging_log(enabled)": lambda c, k, v: c.configuration.set_messaging_log(
        k.channel_id, v
    ),
    "keywords.claim(simulate)": lambda c, k, v: c.keywords.claim(
        phone_number_id=k.shared_number_id, keyword="PIZZA", simulate=v
    ),
    "numbers.request(simulate)": lambda c, k, v: c.numbers.request(k.number_type_id, simulate=v),
}


@pytest.mark.parametrize("value", NOT_BOOLS, ids=repr)
@pytest.mark.parametrize("switch", list(SWITCHES))
def test_a_switch_that_is_not_a_real_bool_is_refused_before_anything_is_sent(
    client, sandbox, known, switch, value
):
    argument = switch[switch.index("(") + 1 : -1]
    refused(
        sandbox,
        lambda: SWITCHES[switch](client, known, value),
        rf"^{argument} must be True or False; got {value!r}",
    )


# argument → (the query parameter it becomes, a call that passes it)
FILTER_SWITCHES: dict[str, tuple[str, Callable[[ChannelsClient, Any], Any]]] = {
    "is_pending": ("isPending", lambda c, v: c.numbers.list_requests(is_pending=v)),
    "is_owned": ("isOwned", lambda c, v: c.numbers.list(is_owned=v)),
    "is_shortcode": ("isShortcode", lambda c, v: c.numbers.list(is_shortcode=v)),
    "is_shared": ("isShared", lambda c, v: c.numbers.list(is_shared=v)),
}


@pytest.mark.parametrize("value", ["false", "yes", 0, 1], ids=repr)
@pytest.mark.parametrize("argument", list(FILTER_SWITCHES))
def test_a_filter_switch_that_is_not_a_real_bool_or_none_is_refused_before_anything_is_sent(
    client, sandbox, argument, value
):
    refused(
        sandbox,
        lambda: FILTER_SWITCHES[argument][1](client, value),
        rf"^{argument} must be True or False; got {value!r}",
    )


@pytest.mark.parametrize("argument", list(FILTER_SWITCHES))
def test_a_filter_switch_left_as_none_filters_nothing_and_a_bool_is_sent(client, sandbox, argument):
    name, call = FILTER_SWITCHES[argument]
    call(client, None)
    call(client, False)
    first, second = sandbox.log()
    assert name not in first["params"]
    assert second["params"][name] == ["false"]


# --- the keyword list's phone number filter -------------------------------------------------


def sent_filter(sandbox: RunningSandbox) -> list[str]:
    (entry,) = sandbox.log()
    return entry["params"].get("phoneNumber", [])


def test_the_keyword_filter_sends_a_typed_number_in_the_00_form_and_finds_its_claims(
    client, sandbox
):
    claim = next(c for c in client.keywords.list() if c.phone_number.startswith("00"))
    digits = claim.phone_number[2:]
    typed = f"+{digits[:2]} {digits[2:5]} {digits[5:]}"
    sandbox.clear_log()
    found = client.keywords.list(phone_numbers=typed)
    assert sent_filter(sandbox) == [claim.phone_number]
    assert claim.id in {c.id for c in found}
    assert {c.phone_number for c in found} == {claim.phone_number}


@pytest.mark.parametrize(
    "unreadable",
    ["06 1234 5678", "+31 6 12ab 5678", "+31 6", "+0 6 1234 5678", "pizza"],
)
def test_the_keyword_filter_refuses_an_unreadable_number_before_anything_is_sent(
    client, sandbox, unreadable
):
    error = refused(
        sandbox,
        lambda: client.keywords.list(phone_numbers=["+31 6 1234 5678", unreadable]),
        "^" + re.escape(f"phone_numbers {unreadable!r}: "),
    )
    assert isinstance(error, InvalidPhoneNumber)


@pytest.mark.parametrize(
    "typed",
    ["+31 6 1234 5678", "0031612345678", "(+31) 6-12 34 56 78", "+44 20 7946 0958"],
)
def test_the_keyword_filter_reads_a_number_exactly_as_the_profile_methods_do(
    client, sandbox, known, typed
):
    client.profiles.update_phone_number(known.request_id, known.profile_id, typed)
    (profile_call,) = sandbox.log()
    sandbox.clear_log()
    client.keywords.list(phone_numbers=typed)
    assert sent_filter(sandbox) == profile_call["params"]["phoneNumber"]


@pytest.mark.parametrize("unreadable", ["06 1234 5678", "+31 6 12ab 5678", "+31 6"])
def test_the_keyword_filter_refuses_a_number_in_the_profile_methods_words(
    client, sandbox, known, unreadable
):
    profile_error = refused(
        sandbox,
        lambda: client.profiles.update_phone_number(known.request_id, known.profile_id, unreadable),
        "^phone_number: ",
    )
    keyword_error = refused(
        sandbox, lambda: client.keywords.list(phone_numbers=unreadable), "^phone_numbers "
    )
    assert str(keyword_error).split(": ", 1)[1] == str(profile_error).split(": ", 1)[1]


def test_the_keyword_filter_sends_short_codes_and_number_ids_as_given(client, sandbox, known):
    # Claims live on short codes, and the dashboard lists a number's claims by its id.
    found = client.keywords.list(phone_numbers="3010")
    assert sent_filter(sandbox) == ["3010"]
    assert {"WIN", "INFO"} <= {c.keyword for c in found}
    sandbox.clear_log()
    client.keywords.list(phone_numbers=[known.shared_number_id])
    assert sent_filter(sandbox) == [known.shared_number_id]


# --- bodies come from the request models ----------------------------------------------------


@dataclass(frozen=True)
class Write:
    """A write with a body: how to call it, the JSON it sent before bodies came from the
    models, and the model that describes that JSON."""

    call: Callable[[ChannelsClient, Known], Any]
    body: Callable[[Known], dict[str, Any]]
    model: Callable[[Known], ApiRequestModel]


WRITES: dict[str, Write] = {
    "set_customer_contact": Write(
        lambda c, k: c.configuration.set_customer_contact(
            k.channel_id, url=" https://example.org/contact ", type="Xml"
        ),
        lambda k: {
            "endpoint": {"method": "POST", "url": "https://example.org/contact", "type": "Xml"}
        },
        lambda k: ApiChannelCustomerContactConfigurationRequest(
            endpoint=ApiChannelCustomerContactEndpointRequest(
                method="POST", url="https://example.org/contact", type="Xml"
            )
        ),
    ),
    "add_email": Write(
        lambda c, k: c.configuration.add_email(k.channel_id, " support@example.org "),
        lambda k: {"email": {"address": "support@example.org"}},
        lambda k: ApiChannelEmailConfigurationRequest(
            email=ApiChannelEmailAddressRequest(address="support@example.org")
        ),
    ),
    "update_email": Write(
        lambda c, k: c.configuration.update_email(k.channel_id, k.address_id, "help@example.org"),
        lambda k: {"email": {"address": "help@example.org"}},
        lambda k: ApiChannelEmailConfigurationRequest(
            email=ApiChannelEmailAddressRequest(address="help@example.org")
        ),
    ),
    "add_event_webhook": Write(
        lambda c, k: c.configuration.add_event_webhook(k.channel_id, url="https://example.org/e"),
        lambda k: {"endpoint": {"method": "POST", "url": "https://example.org/e", "type": "Json"}},
        lambda k: ApiChannelEventWebHookConfigurationRequest(
            endpoint=ApiChannelEventWebHookEndpointRequest(url="https://example.org/e")
        ),
    ),
    "update_event_webhook": Write(
        lambda c, k: c.configuration.update_event_webhook(
            k.channel_id, k.event_webhook_id, url="https://example.org/e2"
        ),
        lambda k: {"endpoint": {"method": "POST", "url": "https://example.org/e2", "type": "Json"}},
        lambda k: ApiChannelEventWebHookConfigurationRequest(
            endpoint=ApiChannelEventWebHookEndpointRequest(url="https://example.org/e2")
        ),
    ),
    "set_messaging_log": Write(
        lambda c, k: c.configuration.set_messaging_log(k.channel_id, False),
        lambda k: {"enabled": False},
        lambda k: ApiChannelMessagingLogConfigurationRequest(enabled=False),
    ),
    "add_webhook": Write(
        lambda c, k: c.configuration.add_webhook(
            k.channel_id, url="https://example.org/w", method="PUT", type="Custom"
        ),
        lambda k: {"endpoint": {"method": "PUT", "url": "https://example.org/w", "type": "Custom"}},
        lambda k: ApiChannelWebHookConfigurationRequest(
            endpoint=ApiChannelWebHookEndpointRequest(
                method="PUT", url="https://example.org/w", type="Custom"
            )
        ),
    ),
    "update_webhook": Write(
        lambda c, k: c.configuration.update_webhook(
            k.channel_id, k.webhook_id, url="https://example.org/w2"
        ),
        lambda k: {"endpoint": {"method": "POST", "url": "https://example.org/w2", "type": "Json"}},
        lambda k: ApiChannelWebHookConfigurationRequest(
            endpoint=ApiChannelWebHookEndpointRequest(
                method="POST", url="https://example.org/w2", type="Json"
            )
        ),
    ),
    "templates.create": Write(
        lambda c, k: c.templates.create(
            k.request_id, name=" order_ready ", category_id=k.category_id
        ),
        lambda k: {"name": "order_ready"},
        lambda k: ApiWhatsAppTemplateBaseRequest(name="order_ready"),
    ),
    "templates.update name and category": Write(
        lambda c, k: c.templates.update(
            k.request_id, k.template_id, name=" order_later ", category_id=k.category_id
        ),
        lambda k: {"templateCategoryId": k.category_id, "name": "order_later"},
        lambda k: ApiWhatsAppTemplateUpdateRequest(
            template_category_id=k.category_id, name="order_later"
        ),
    ),
    "templates.update contents": Write(
        lambda c, k: c.templates.update(
            k.request_id, k.template_id, contents={k.language_name: "Order {{1}} is ready."}
        ),
        lambda k: {"languages": {k.language_name: {"content": "Order {{1}} is ready."}}},
        lambda k: ApiWhatsAppTemplateUpdateRequest(
            languages={
                k.language_name: ApiWhatsAppTemplateLanguage(content="Order {{1}} is ready.")
            }
        ),
    ),
    "keywords.claim": Write(
        lambda c, k: c.keywords.claim(
            phone_number_id=f" {k.shared_number_id} ", keyword=" PIZZA ", simulate=True
        ),
        lambda k: {"phoneNumberId": k.shared_number_id, "keyword": "PIZZA"},
        lambda k: ApiKeywordClaimRequest(phone_number_id=k.shared_number_id, keyword="PIZZA"),
    ),
}


def sent_body(sandbox: RunningSandbox) -> Any:
    (entry,) = sandbox.log()
    assert entry["status"] < 300, entry
    return entry["body"]


@pytest.mark.parametrize("write", list(WRITES))
def test_the_json_the_sandbox_receives_is_the_request_models_serialisation(
    client, sandbox, known, write
):
    spec = WRITES[write]
    spec.call(client, known)
    body = sent_body(sandbox)
    assert body == spec.model(known).to_body()
    # And the same JSON the hand-written dictionaries sent: neither the sandbox nor the
    # dashboard sees a change.
    assert body == spec.body(known)


@pytest.mark.parametrize("write", list(WRITES))
def test_every_body_the_client_sends_comes_from_a_request_models_to_body(
    client, sandbox, known, write, monkeypatch
):
    # Mark every body a request model makes with the model's name: a body written by hand
    # would reach the sandbox without the mark.
    original = ApiRequestModel.to_body

    def marked(self: ApiRequestModel) -> dict[str, Any]:
        return {**original(self), "madeBy": type(self).__name__}

    monkeypatch.setattr(ApiRequestModel, "to_body", marked)
    spec = WRITES[write]
    spec.call(client, known)
    body = sent_body(sandbox)
    assert body.pop("madeBy") == type(spec.model(known)).__name__
    assert body == spec.body(known)


def test_a_template_update_sends_only_what_was_given():
    only_name = ApiWhatsAppTemplateUpdateRequest(name="n")
    assert only_name.to_body() == {"name": "n"}
    assert only_name.languages == {}
    assert ApiWhatsAppTemplateUpdateRequest(languages={}).to_body() == {"languages": {}}
