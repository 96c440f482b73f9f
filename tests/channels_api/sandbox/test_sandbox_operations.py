"""Every one of the 51 documented operations answers, with the status endpoints.tsv gives."""

from __future__ import annotations

import pytest

# (method, path relative to /accounts/{accountId}, documented status), as endpoints.tsv lists.
OPERATIONS = [
    ("POST", "/channels/requests", 201),
    ("GET", "/channels/requests", 200),
    ("GET", "/channels/requests/{channelRequestId}", 200),
    ("GET", "/channels", 200),
    ("GET", "/channels/{channelId}", 200),
    ("GET", "/channels/types", 200),
    ("GET", "/channels/types/{channelTypeId}", 200),
    ("GET", "/channels/types/{channelTypeId}/categories", 200),
    ("GET", "/channels/{channelId}/configuration", 200),
    ("GET", "/channels/{channelId}/configuration/{configurationId}", 200),
    ("PUT", "/channels/{channelId}/configuration/{configurationId}", 200),
    ("POST", "/channel/{channelId}/configuration/customercontact", 200),
    ("POST", "/channel/{channelId}/configuration/email", 200),
    ("DELETE", "/channel/{channelId}/configuration/email/{addressId}", 200),
    ("PUT", "/channels/{channelId}/configuration/email/{addressId}", 200),
    ("POST", "/channel/{channelId}/configuration/eventwebhook", 200),
    ("DELETE", "/channel/{channelId}/configuration/eventwebhook/{eventwebhookId}", 200),
    ("PUT", "/channels/{channelId}/configuration/eventwebhook/{eventwebhookId}", 200),
    ("POST", "/channel/{channelId}/configuration/messaginglog", 200),
    ("POST", "/channel/{channelId}/configuration/webhook", 200),
    ("DELETE", "/channel/{channelId}/configuration/webhook/{webhookId}", 200),
    ("PUT", "/channels/{channelId}/configuration/webhook/{webhookId}", 200),
    ("GET", "/whatsapp/{channelRequestId}/businessaccount", 200),
    ("GET", "/whatsapp/supportedlanguages", 200),
    ("GET", "/whatsapp/{channelRequestId}/languages", 200),
    ("POST", "/whatsapp/{channelRequestId}/languages", 201),
    ("GET", "/whatsapp/{channelRequestId}/profiles", 200),
    ("GET", "/whatsapp/{channelRequestId}/profiles/{profileId}", 200),
    ("PUT", "/whatsapp/{channelRequestId}/profiles/{profileId}/phonenumber", 202),
    ("GET", "/whatsapp/{channelRequestId}/profiles/{profileId}/phonenumber/otp", 202),
    ("POST", "/whatsapp/{channelRequestId}/profiles/{profileId}/phonenumber/otp", 200),
    ("GET", "/whatsapp/{channelRequestId}/templates/categories", 200),
    ("POST", "/whatsapp/{channelRequestId}/templates", 201),
    ("GET", "/whatsapp/{channelRequestId}/templates", 200),
    ("GET", "/whatsapp/{channelRequestId}/templates/{templateId}", 200),
    ("PUT", "/whatsapp/{channelRequestId}/templates/{templateId}", 200),
    ("POST", "/whatsapp/{channelRequestId}/templates/{templateId}/validate", 202),
    ("POST", "/whatsapp/{channelRequestId}/templates/{templateId}/fields", 201),
    ("PUT", "/whatsapp/{channelRequestId}/templates/{templateId}/fields/{fieldId}", 200),
    ("DELETE", "/whatsapp/{channelRequestId}/templates/{templateId}/fields/{fieldId}", 200),
    ("POST", "/keywords", 201),
    ("GET", "/keywords", 200),
    ("GET", "/keywords/{keywordClaimId}", 200),
    ("DELETE", "/keywords/{keywordClaimId}", 204),
    ("GET", "/keywords/{keywordClaimId}/verify", 200),
    ("POST", "/phonenumbers/requests", 201),
    ("GET", "/phonenumbers/requests", 200),
    ("DELETE", "/phonenumbers/{phoneNumberId}", 204),
    ("GET", "/phonenumbers", 200),
    ("GET", "/phonenumbers/{phoneNumberId}", 200),
    ("GET", "/phonenumbers/numbertypes", 200),
]


def test_there_are_51_operations():
    assert len(OPERATIONS) == 51
    assert len(set((m, p) for m, p, _ in OPERATIONS)) == 51


@pytest.fixture(scope="module")
def seeded(seeded_api):
    """Ids of seeded things (deterministic, so valid after every reset)."""
    api = seeded_api
    channel = api.any_channel("templates")["id"]
    inbound = api.ok("GET", f"/channels/{channel}/configuration")["inbound"]
    template = api.template_named("survey_request")
    detail = api.ok("GET", f"{api.wa}/templates/{template['id']}")
    billing = api.profile_named("Billing")
    return {
        "channelRequestId": api.live_whatsapp,
        "channelId": channel,
        "channelTypeId": api.channel_types()["WhatsApp"],
        "configurationId": inbound["webhook"]["id"],
        "profileId": billing["id"],
        "profileNumber": billing["phoneNumber"],
        "templateId": template["id"],
        "fieldId": detail["settings"]["replacementFields"][0]["id"],
        "keywordClaimId": api.ok("GET", "/keywords")[0]["id"],
        "phoneNumberId": api.ok("GET", "/phonenumbers", params={"isOwned": "true"})[0]["id"],
        "languageId": next(
            lang["id"]
            for lang in api.ok("GET", "/whatsapp/supportedlanguages")
            if lang["code"] == "it"
        ),
        "numberTypeId": api.ok("GET", "/phonenumbers/numbertypes", params={"type": "MOBILE"})[0][
            "id"
        ],
        "templateCategoryId": api.template_categories()["UTILITY"],
        "sharedNumberId": api.ok("GET", "/phonenumbers", params={"isShared": "true"})[0]["id"],
    }


@pytest.fixture
def ids(api, seeded):
    """A copy of the seeded ids; add_elements puts in the configuration element ids a path needs."""
    return dict(seeded)


def add_elements(api, ids: dict, path: str) -> None:
    base = f"/channel/{ids['channelId']}/configuration"
    if "{addressId}" in path:
        email = api.ok("POST", f"{base}/email", json={"address": "ops@x.example"})
        ids["addressId"] = email["addresses"][-1]["id"]
    if "{webhookId}" in path:
        hook = api.ok("POST", f"{base}/webhook", json={"url": "https://x.example"})
        ids["webhookId"] = hook["endpoints"][-1]["id"]
    if "{eventwebhookId}" in path:
        events = api.ok("POST", f"{base}/eventwebhook", json={"url": "https://y.example"})
        ids["eventwebhookId"] = events["endpoint"]["id"]


def arguments(method: str, path: str, ids: dict) -> dict:
    """Valid query parameters and body for an operation."""
    endpoint = {"endpoint": {"method": "POST", "url": "https://z.example/in", "type": "Json"}}
    if path.endswith("/channels/requests") and method == "POST":
        return {"params": {"channelTypeId": ids["channelTypeId"]}}
    if "/configuration/{configurationId}" in path and method == "PUT":
        return {"params": {"enabled": "true"}}
    if path.endswith(("customercontact", "eventwebhook", "webhook")) or path.endswith(
        ("{webhookId}", "{eventwebhookId}")
    ):
        return {"json": endpoint}
    if "/configuration/email" in path and method != "DELETE":
        return {"json": {"email": {"address": "new@z.example"}}}
    if path.endswith("messaginglog"):
        return {"json": {"enabled": True}}
    if path.endswith("/languages") and method == "POST":
        return {"params": {"languageId": ids["languageId"]}}
    if path.endswith("/phonenumber") and method == "PUT":
        return {"params": {"phoneNumber": "+32470123456"}}
    if path.endswith("/otp") and method == "GET":
        return {"params": {"otpMethod": "sms"}}
    if path.endswith("/otp") and method == "POST":
        return {"params": {"phoneNumber": ids["profileNumber"], "otp": "123456"}}
    if path.endswith("/templates") and method == "POST":
        return {"params": {"templateCategoryId": ids["templateCategoryId"]}, "json": {"name": "x1"}}
    if path.endswith("{templateId}") and method == "PUT":
        return {"json": {"name": "survey_request_v2"}}
    if ("/fields" in path) and method in ("POST", "PUT"):
        return {"params": {"name": "nickname", "type": "text"}}
    if path == "/keywords" and method == "POST":
        return {"json": {"phoneNumberId": ids["sharedNumberId"], "keyword": "NEWWORD"}}
    if path == "/phonenumbers/requests" and method == "POST":
        return {"params": {"numberTypeId": ids["numberTypeId"]}}
    return {}


@pytest.mark.parametrize(("method", "path", "status"), OPERATIONS, ids=lambda v: str(v))
def test_each_operation_answers_its_documented_status(api, ids, method, path, status):
    add_elements(api, ids, path)
    concrete = path.format(**ids)
    answer = getattr(api, method.lower())(concrete, **arguments(method, path, ids))
    assert answer.status_code == status, answer.text
    cancel = status == 204
    configuration_delete = method == "DELETE" and "configuration" in path
    otp_start = method == "GET" and path.endswith("/otp")
    if cancel or configuration_delete or otp_start:
        assert answer.content == b""
    else:
        assert answer.headers["Content-Type"].startswith("application/json")
        assert answer.json() is not None
