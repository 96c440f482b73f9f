"""What the sandbox refuses, and how: 400 for bad input, 404 for unknown ids, 409 for
conflicts, always with a JSON ``{"message": ...}``."""

from __future__ import annotations

import pytest

UNKNOWN = "0b3a8c4e-1111-4222-8333-944455556666"


def assert_refused(answer, status):
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert isinstance(body["message"], str)
    assert body["message"]
    return body["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/channels/requests/not-a-uuid",
        "/channels/types/123",
        "/channels/nope",
        "/channels/nope/configuration",
        "/keywords/KEYWORD",
        "/whatsapp/abc/templates",
    ],
)
def test_a_malformed_uuid_in_the_path_is_400(api, path):
    assert "uuid" in assert_refused(api.get(path), 400)


def test_a_malformed_account_id_is_400(api):
    answer = api.session.get(api.sandbox.base_url + "/accounts/not-a-uuid/channels", timeout=5)
    assert_refused(answer, 400)


@pytest.mark.parametrize(
    "path",
    [
        f"/channels/requests/{UNKNOWN}",
        f"/channels/types/{UNKNOWN}",
        f"/channels/{UNKNOWN}",
        f"/channels/{UNKNOWN}/configuration",
        f"/keywords/{UNKNOWN}",
        f"/whatsapp/{UNKNOWN}/businessaccount",
        "/phonenumbers/0000000000",
    ],
)
def test_an_unknown_id_is_404(api, path):
    assert_refused(api.get(path), 404)


def test_a_phone_number_id_is_never_checked_as_a_uuid(api):
    # NOTES rule 16: digits, so an unknown one is 404, not 400
    assert_refused(api.get("/phonenumbers/123"), 404)


def test_unknown_template_profile_and_field_ids_are_404(api):
    wa = api.wa
    assert_refused(api.get(f"{wa}/templates/{UNKNOWN}"), 404)
    assert_refused(api.get(f"{wa}/profiles/{UNKNOWN}"), 404)
    template = api.template_named("order_confirmation")["id"]
    answer = api.delete(f"{wa}/templates/{template}/fields/{UNKNOWN}")
    assert_refused(answer, 404)


def test_an_sms_channel_request_is_not_a_whatsapp_one(api):
    sms = api.channel_types()["SMS"]
    request = api.ok("GET", "/channels/requests", params={"channelTypeId": sms})[0]["id"]
    assert_refused(api.get(f"/whatsapp/{request}/templates"), 404)


def test_an_unknown_path_is_404_and_a_wrong_method_405(api):
    assert_refused(api.get("/nothing/here"), 404)
    answer = api.delete("/channels/types")
    assert_refused(answer, 405)
    assert "GET" in answer.headers["Allow"]


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("PUT", "/channels/{channel}/configuration/{config}", {}),
        ("POST", "{wa}/languages", {}),
        ("PUT", "{wa}/profiles/{profile}/phonenumber", {}),
        ("GET", "{wa}/profiles/{profile}/phonenumber/otp", {}),
        ("POST", "{wa}/profiles/{profile}/phonenumber/otp", {"otp": "123456"}),
        ("POST", "{wa}/profiles/{profile}/phonenumber/otp", {"phoneNumber": "+31612345678"}),
        ("POST", "{wa}/templates", {}),
        ("POST", "{wa}/templates/{template}/fields", {"type": "text"}),
        ("POST", "{wa}/templates/{template}/fields", {"name": "x"}),
        ("PUT", "{wa}/templates/{template}/fields/{field}", {"name": "x"}),
        ("POST", "/phonenumbers/requests", {}),
    ],
)
def test_a_missing_required_query_parameter_is_400(api, method, path, params):
    channel = api.any_channel()
    config = api.ok("GET", f"/channels/{channel['id']}/configuration")["inbound"]["email"]["id"]
    template = api.template_named("order_confirmation")
    values = {
        "wa": api.wa,
        "channel": channel["id"],
        "config": config,
        "profile": api.profile_named("Sales")["id"],
        "template": template["id"],
        "field": UNKNOWN,
    }
    answer = getattr(api, method.lower())(path.format(**values), params=params, json={"name": "x"})
    assert "required" in assert_refused(answer, 400)


@pytest.mark.parametrize(
    "body",
    ["{not json", "[1, 2", "", '"just a string"', "[]"],
    ids=["bad", "cut", "none", "str", "list"],
)
def test_a_malformed_or_missing_json_body_is_400(api, body):
    answer = api.post("/keywords", data=body, headers={"Content-Type": "application/json"})
    assert_refused(answer, 400)


@pytest.mark.parametrize(
    "query",
    [
        {"skip": "-1"},
        {"take": "ten"},
        {"skip": "1.5"},
    ],
)
def test_bad_skip_or_take_is_400(api, query):
    assert_refused(api.get("/keywords", params=query), 400)


@pytest.mark.parametrize("value", ["yes", "1", "maybe"])
def test_a_boolean_that_is_not_true_or_false_is_400(api, value):
    assert_refused(api.get("/phonenumbers", params={"isOwned": value}), 400)


def test_booleans_are_case_insensitive(api):
    assert api.get("/phonenumbers", params={"isOwned": "True"}).status_code == 200


def test_an_invalid_otp_method_is_400(api):
    profile = api.profile_named("Sales")["id"]
    answer = api.get(f"{api.wa}/profiles/{profile}/phonenumber/otp", params={"otpMethod": "fax"})
    assert "sms, voice" in assert_refused(answer, 400)


def test_an_invalid_field_type_is_400(api):
    template = api.template_named("order_confirmation")["id"]
    answer = api.post(
        f"{api.wa}/templates/{template}/fields", params={"name": "when", "type": "date"}
    )
    assert "text, currency, datetime" in assert_refused(answer, 400)


@pytest.mark.parametrize("number", ["0612345678", "+31 6 12", "phone", "+0031612345678"])
def test_an_invalid_phone_number_is_400(api, number):
    profile = api.profile_named("Sales")["id"]
    answer = api.put(f"{api.wa}/profiles/{profile}/phonenumber", params={"phoneNumber": number})
    assert "phoneNumber" in assert_refused(answer, 400)


@pytest.mark.parametrize(
    "body",
    [
        {"endpoint": {"method": "POST", "url": "not a url", "type": "Json"}},
        {"endpoint": {"method": "POST", "url": "ftp://example.com/x", "type": "Json"}},
        {"endpoint": {"method": "POST", "url": "/relative/path", "type": "Json"}},
        {"endpoint": {"method": "DELETE", "url": "https://example.com/x", "type": "Json"}},
        {"endpoint": {"method": "POST", "url": "https://example.com/x", "type": "Yaml"}},
        {"endpoint": "https://example.com/x"},
        {},
    ],
)
def test_webhook_endpoints_outside_the_documented_values_are_400(api, body):
    channel = api.any_channel()["id"]
    assert_refused(api.post(f"/channel/{channel}/configuration/webhook", json=body), 400)


@pytest.mark.parametrize(
    ("element", "endpoint"),
    [
        ("customercontact", {"method": "GET", "url": "https://example.com/x", "type": "Xml"}),
        ("customercontact", {"method": "POST", "url": "https://example.com/x", "type": "Custom"}),
        ("eventwebhook", {"method": "PUT", "url": "https://example.com/x", "type": "Json"}),
        ("eventwebhook", {"method": "POST", "url": "https://example.com/x", "type": "Xml"}),
    ],
)
def test_each_element_has_its_own_allowed_methods_and_types(api, element, endpoint):
    channel = api.any_channel()["id"]
    answer = api.post(f"/channel/{channel}/configuration/{element}", json={"endpoint": endpoint})
    assert_refused(answer, 400)


@pytest.mark.parametrize("address", ["not-an-email", "a@b", "two@@example.com", "", 42])
def test_an_invalid_email_address_is_400(api, address):
    channel = api.any_channel()["id"]
    answer = api.post(
        f"/channel/{channel}/configuration/email", json={"email": {"address": address}}
    )
    assert_refused(answer, 400)


@pytest.mark.parametrize("enabled", ["yes", 1, None])
def test_a_messaging_log_body_needs_a_boolean(api, enabled):
    channel = api.any_channel()["id"]
    answer = api.post(f"/channel/{channel}/configuration/messaginglog", json={"enabled": enabled})
    assert_refused(answer, 400)


@pytest.mark.parametrize("name", ["Order Update", "order-update", "", None, 7])
def test_a_template_with_an_invalid_or_missing_name_is_400(api, name):
    category = api.template_categories()["UTILITY"]
    answer = api.post(
        f"{api.wa}/templates", params={"templateCategoryId": category}, json={"name": name}
    )
    assert_refused(answer, 400)


def test_a_template_without_a_name_is_400(api):
    category = api.template_categories()["UTILITY"]
    answer = api.post(f"{api.wa}/templates", params={"templateCategoryId": category}, json={})
    assert "name" in assert_refused(answer, 400)


def test_a_template_name_already_used_is_409(api):
    category = api.template_categories()["UTILITY"]
    answer = api.post(
        f"{api.wa}/templates",
        params={"templateCategoryId": category},
        json={"name": "order_confirmation"},
    )
    assert_refused(answer, 409)


def test_a_template_in_a_language_not_activated_is_400(api):
    template = api.template_named("survey_request")["id"]
    answer = api.put(
        f"{api.wa}/templates/{template}", json={"languages": {"Zulu": {"content": "Hi"}}}
    )
    assert "activate" in assert_refused(answer, 400)


def test_an_approved_language_cannot_be_edited(api):
    template = api.template_named("order_confirmation")["id"]
    body = {"languages": {"English (US)": {"content": "Something else, {{1}} {{2}} {{3}}."}}}
    assert "approved" in assert_refused(api.put(f"{api.wa}/templates/{template}", json=body), 400)


@pytest.mark.parametrize("keyword", ["", "   ", None])
def test_a_blank_keyword_is_400(api, keyword):
    number = api.ok("GET", "/phonenumbers", params={"isShared": "true"})[0]["id"]
    answer = api.post("/keywords", json={"phoneNumberId": number, "keyword": keyword})
    assert_refused(answer, 400)


@pytest.mark.parametrize("keyword", ["TWO WORDS", "ÜBER", "A" * 21, "HI!"])
def test_a_keyword_outside_a_to_z_and_digits_is_400(api, keyword):
    number = api.ok("GET", "/phonenumbers", params={"isShared": "true"})[0]["id"]
    answer = api.post("/keywords", json={"phoneNumberId": number, "keyword": keyword})
    assert "A-Z" in assert_refused(answer, 400)


def test_claiming_a_claimed_keyword_on_the_same_number_is_409(api):
    claim = api.ok("GET", "/keywords")[0]
    answer = api.post(
        "/keywords",
        json={"phoneNumberId": claim["phoneNumberId"], "keyword": claim["keyword"].lower()},
    )
    assert "already claimed" in assert_refused(answer, 409)


def test_a_keyword_on_an_unknown_number_is_404(api):
    answer = api.post("/keywords", json={"phoneNumberId": "1234", "keyword": "HELLO"})
    assert_refused(answer, 404)


def test_a_keyword_on_a_voice_only_number_is_400(api):
    voice = api.ok("GET", "/phonenumbers", params={"isOwned": "true"})
    landline = next(n for n in voice if n["numberType"]["purpose"] == ["VOICE"])
    answer = api.post("/keywords", json={"phoneNumberId": landline["id"], "keyword": "HELLO"})
    assert "SMS" in assert_refused(answer, 400)


def test_a_short_code_cannot_be_requested(api):
    types = api.ok("GET", "/phonenumbers/numbertypes", params={"type": "SHORTCODE"})
    answer = api.post("/phonenumbers/requests", params={"numberTypeId": types[0]["id"]})
    assert "support" in assert_refused(answer, 400)


def test_an_unknown_number_type_is_404(api):
    assert_refused(api.post("/phonenumbers/requests", params={"numberTypeId": UNKNOWN}), 404)


def test_a_bad_country_filter_is_400(api):
    assert_refused(api.get("/keywords", params={"country": "Netherlands"}), 400)


def test_cancelling_a_shared_number_is_400(api):
    shared = api.ok("GET", "/phonenumbers", params={"isShared": "true"})[0]["id"]
    assert_refused(api.delete(f"/phonenumbers/{shared}"), 400)
