"""WhatsApp: business account, languages, profiles with their OTP, templates and fields."""

from __future__ import annotations

import pytest


def test_the_live_business_account_is_fulfilled_and_the_pending_one_is_not(api):
    requests_ = api.whatsapp_requests()
    live = next(r for r in requests_ if r["isActive"])
    pending = next(r for r in requests_ if r["isPending"])
    business = api.ok("GET", f"/whatsapp/{live['id']}/businessaccount")
    assert business["isPending"] is False
    assert business["fulfilledOnUtc"]
    assert business["accountId"] == api.sandbox.account_id
    assert api.ok("GET", f"/whatsapp/{pending['id']}/businessaccount")["isPending"] is True


def test_supported_languages_use_whatsapps_codes_and_names(api):
    languages = api.ok("GET", "/whatsapp/supportedlanguages")
    assert len(languages) >= 60
    by_code = {lang["code"]: lang["name"] for lang in languages}
    assert by_code["en_US"] == "English (US)"
    assert by_code["en_GB"] == "English (UK)"
    assert by_code["pt_BR"] == "Portuguese (BR)"
    assert by_code["zh_CN"] == "Chinese (CHN)"
    assert by_code["nl"] == "Dutch"
    assert by_code["af"] == "Afrikaans"


def test_activating_a_language_shows_in_the_active_languages(api):
    zulu = next(
        lang for lang in api.ok("GET", "/whatsapp/supportedlanguages") if lang["code"] == "zu"
    )
    assert zulu not in api.ok("GET", f"{api.wa}/languages")
    answer = api.ok("POST", f"{api.wa}/languages", 201, params={"languageId": zulu["id"]})
    assert answer[-1] == zulu
    assert zulu in api.ok("GET", f"{api.wa}/languages")
    again = api.post(f"{api.wa}/languages", params={"languageId": zulu["id"]})
    assert again.status_code == 409


def test_profiles_are_seeded_in_every_otp_state(api):
    profiles = api.ok("GET", f"{api.wa}/profiles")
    states = {
        (p["isActive"], p["isPending"], p["isOtpSent"], p["isOtpProcessed"]) for p in profiles
    }
    assert (True, False, True, True) in states  # active
    assert (False, True, False, False) in states  # pending, OTP not sent
    assert (False, True, True, False) in states  # pending, OTP sent
    rejected = api.ok("GET", f"{api.wa}/profiles/{api.profile_named('Promotions')['id']}")
    assert rejected["rejectionReason"]
    assert rejected["rejectedOnUtc"]
    assert all(p["phoneNumber"].startswith("00") for p in profiles)


def test_profiles_filter_on_name_and_phone_number_and_page(api):
    profiles = api.ok("GET", f"{api.wa}/profiles")
    sales = api.ok("GET", f"{api.wa}/profiles", params={"q": "sALES"})
    assert [p["name"] for p in sales] == [p["name"] for p in profiles if "Sales" in p["name"]]
    number = profiles[2]["phoneNumber"]
    by_plus = api.ok("GET", f"{api.wa}/profiles", params={"q": "+" + number[2:]})
    assert [p["id"] for p in by_plus] == [profiles[2]["id"]]
    assert api.ok("GET", f"{api.wa}/profiles", params={"skip": 1, "take": 2}) == profiles[1:3]


def test_a_profile_by_id_has_channel_id_and_rejection_reason(api):
    profile = api.ok("GET", f"{api.wa}/profiles/{api.profile_named('Support')['id']}")
    assert {"channelId", "rejectionReason", "fulfilledOnUtc"} <= set(profile)


def test_updating_a_profiles_number_normalises_it_and_restarts_verification(api):
    profile = api.profile_named("Support")
    answer = api.ok(
        "PUT",
        f"{api.wa}/profiles/{profile['id']}/phonenumber",
        202,
        params={"phoneNumber": "+31 6 1234 5678"},
    )
    assert answer["phoneNumber"] == "0031612345678"
    assert (answer["isActive"], answer["isPending"], answer["isOtpSent"]) == (False, True, False)
    again = api.ok("GET", f"{api.wa}/profiles/{profile['id']}")
    assert again["phoneNumber"] == "0031612345678"


def test_starting_otp_sets_is_otp_sent_with_an_empty_202(api):
    profile = api.profile_named("Sales")
    answer = api.get(
        f"{api.wa}/profiles/{profile['id']}/phonenumber/otp", params={"otpMethod": "voice"}
    )
    assert (answer.status_code, answer.content) == (202, b"")
    assert api.ok("GET", f"{api.wa}/profiles/{profile['id']}")["isOtpSent"] is True


def test_finishing_otp_with_a_wrong_code_is_400(api):
    profile = api.profile_named("Billing")  # OTP already sent
    answer = api.post(
        f"{api.wa}/profiles/{profile['id']}/phonenumber/otp",
        params={"phoneNumber": profile["phoneNumber"], "otp": "000000"},
    )
    assert answer.status_code == 400
    assert "not correct" in answer.json()["message"]
    assert api.ok("GET", f"{api.wa}/profiles/{profile['id']}")["isOtpProcessed"] is False


def test_finishing_otp_before_starting_it_is_400(api):
    profile = api.profile_named("Sales")
    answer = api.post(
        f"{api.wa}/profiles/{profile['id']}/phonenumber/otp",
        params={"phoneNumber": profile["phoneNumber"], "otp": "123456"},
    )
    assert answer.status_code == 400
    assert "start" in answer.json()["message"]


def test_finishing_otp_with_another_number_is_400(api):
    profile = api.profile_named("Billing")
    answer = api.post(
        f"{api.wa}/profiles/{profile['id']}/phonenumber/otp",
        params={"phoneNumber": "+447700900123", "otp": "123456"},
    )
    assert answer.status_code == 400


def test_the_right_code_processes_the_otp_and_activates_the_profile_after_approve_after(
    api, sandbox
):
    profile = api.profile_named("Sales")
    path = f"{api.wa}/profiles/{profile['id']}/phonenumber/otp"
    assert api.get(path, params={"otpMethod": "sms"}).status_code == 202
    number = "+" + profile["phoneNumber"][2:]  # + or 00, both accepted
    done = api.ok("POST", path, params={"phoneNumber": number, "otp": "123456"})
    assert (done["isOtpSent"], done["isOtpProcessed"], done["isPending"]) == (True, True, True)
    assert done["isActive"] is False
    sandbox.advance(60)
    active = api.ok("GET", f"{api.wa}/profiles/{profile['id']}")
    assert (active["isActive"], active["isPending"]) == (True, False)
    assert active["fulfilledOnUtc"]


def test_otp_on_an_active_profile_is_409(api):
    profile = api.profile_named("Support")
    answer = api.get(
        f"{api.wa}/profiles/{profile['id']}/phonenumber/otp", params={"otpMethod": "sms"}
    )
    assert answer.status_code == 409


def test_templates_are_seeded_in_every_state(api):
    templates = api.ok("GET", f"{api.wa}/templates")
    assert len(templates) >= 25
    assert {t["category"] for t in templates} >= {
        "MARKETING",
        "UTILITY",
        "AUTHENTICATION",
        "ACCOUNT_UPDATE",
        "SHIPPING_UPDATE",
    }
    languages = [lang for t in templates for lang in t["languages"].values()]
    assert any(lang["isActive"] for lang in languages)
    assert any(lang["isValidationRequested"] for lang in languages)
    assert any(lang["isIncomplete"] for lang in languages)
    assert any(lang["rejectionReason"] for lang in languages)
    assert any(lang["isPending"] and not lang["isIncomplete"] for lang in languages)
    assert any(len(t["languages"]) >= 3 for t in templates)
    assert all(key == lang["name"] for t in templates for key, lang in t["languages"].items())


def test_the_template_list_has_the_base_shape_and_the_detail_the_full_one(api):
    listed = api.ok("GET", f"{api.wa}/templates", params={"take": 1})[0]
    assert "settings" not in listed
    assert "rejectionReason" not in listed
    detail = api.ok("GET", f"{api.wa}/templates/{listed['id']}")
    assert {"settings", "rejectionReason", "updatedOnUtc", "fulfilledOnUtc"} <= set(detail)
    fields = detail["settings"]["replacementFields"]
    assert [f["index"] for f in fields] == list(range(len(fields)))
    assert {f["type"] for f in fields} <= {"text", "currency", "datetime"}


def test_templates_filter_on_name_case_insensitively_and_page(api):
    found = api.ok("GET", f"{api.wa}/templates", params={"q": "PAYMENT"})
    assert {t["name"] for t in found} == {"payment_received", "payment_overdue"}
    everything = api.ok("GET", f"{api.wa}/templates")
    assert api.ok("GET", f"{api.wa}/templates", params={"skip": 5, "take": 3}) == everything[5:8]


def test_creating_and_updating_a_template_shows_in_later_reads(api):
    categories = api.template_categories()
    template = api.create_template("stateful_template")
    fetched = api.ok("GET", f"{api.wa}/templates/{template}")
    assert fetched["isIncomplete"] is True
    assert fetched["languages"] == {}
    updated = api.ok(
        "PUT",
        f"{api.wa}/templates/{template}",
        json={
            "templateCategoryId": categories["MARKETING"],
            "name": "renamed_template",
            "languages": {"nl": {"content": "Hallo daar, welkom."}},
        },
    )
    assert updated["name"] == "renamed_template"
    assert updated["category"] == "MARKETING"
    assert updated["languages"]["Dutch"]["content"] == "Hallo daar, welkom."
    again = api.ok("GET", f"{api.wa}/templates/{template}")
    assert again == updated


def test_replacement_fields_are_created_updated_and_deleted_with_reindexing(api):
    template = api.create_template("fields_template")
    path = f"{api.wa}/templates/{template}/fields"
    api.ok("POST", path, 201, params={"name": "first", "type": "text"})
    data = api.ok("POST", path, 201, params={"name": "amount", "type": "CURRENCY"})
    first, second = data["settings"]["replacementFields"]
    assert (second["index"], second["type"]) == (1, "currency")
    data = api.ok("PUT", f"{path}/{second['id']}", params={"name": "when", "type": "datetime"})
    assert data["settings"]["replacementFields"][1]["name"] == "when"
    data = api.ok("DELETE", f"{path}/{first['id']}")
    assert [(f["index"], f["name"]) for f in data["settings"]["replacementFields"]] == [(0, "when")]
    assert api.post(path, params={"name": "WHEN", "type": "text"}).status_code == 409


def test_validating_moves_drafts_to_validation_requested(api):
    template = api.create_template("to_validate", "Hello {{1}}, welcome.", fields=1)
    answer = api.post(f"{api.wa}/templates/{template}/validate")
    assert answer.status_code == 202
    data = answer.json()
    assert data["isValidationRequested"] is True
    assert data["languages"]["English (US)"]["isValidationRequested"] is True
    assert api.post(f"{api.wa}/templates/{template}/validate").status_code == 409


@pytest.mark.parametrize("content", [None, ""])
def test_validating_an_incomplete_template_is_400(api, content):
    template = api.create_template(f"incomplete_{'none' if content is None else 'empty'}", content)
    assert api.post(f"{api.wa}/templates/{template}/validate").status_code == 400
