"""What finishes later: moved by the sandbox clock (``advance``), approve_after = 60 s."""

from __future__ import annotations


def test_nothing_moves_before_approve_after(api, sandbox):
    template = api.template_named("weekend_offer")
    assert template["isValidationRequested"] is True
    sandbox.advance(30)
    assert api.template_named("weekend_offer")["isValidationRequested"] is True


def test_a_validation_requested_template_with_good_content_becomes_active(api, sandbox):
    template = api.create_template("good_content", "Hi {{1}}, your parcel is on its way.", 1)
    api.ok("POST", f"{api.wa}/templates/{template}/validate", 202)
    sandbox.advance(60)
    data = api.ok("GET", f"{api.wa}/templates/{template}")
    language = data["languages"]["English (US)"]
    assert (data["isActive"], data["isValidationRequested"], data["rejectionReason"]) == (
        True,
        False,
        None,
    )
    assert language["isActive"] is True
    assert language["fulfilledOnUtc"]


def test_a_template_breaking_the_rule_is_rejected_with_the_reason(api, sandbox):
    template = api.create_template("bad_content", "Your code is {{1}}", 1)
    api.ok("POST", f"{api.wa}/templates/{template}/validate", 202)
    sandbox.advance(61)
    data = api.ok("GET", f"{api.wa}/templates/{template}")
    reason = "The content may not end with a placeholder ({{1}})."
    assert data["isActive"] is False
    assert data["rejectedOnUtc"]
    assert data["rejectionReason"] == reason
    assert data["languages"]["English (US)"]["rejectionReason"] == reason


def test_a_rejected_template_can_be_fixed_and_validated_again(api, sandbox):
    template = api.create_template("fix_me", "{{1}} is your code", 1)
    api.ok("POST", f"{api.wa}/templates/{template}/validate", 202)
    sandbox.advance(60)
    fixed = {"languages": {"English (US)": {"content": "Your code: {{1}}. Keep it safe."}}}
    draft = api.ok("PUT", f"{api.wa}/templates/{template}", json=fixed)
    assert draft["rejectionReason"] is None
    assert draft["isIncomplete"] is True  # a draft is not yet submitted
    assert draft["isPending"] is False
    api.ok("POST", f"{api.wa}/templates/{template}/validate", 202)
    sandbox.advance(60)
    assert api.ok("GET", f"{api.wa}/templates/{template}")["isActive"] is True


def test_seeded_templates_awaiting_validation_are_decided_by_the_rule(api, sandbox):
    sandbox.advance(60)
    assert api.template_named("weekend_offer")["isActive"] is True
    loyalty = api.template_named("loyalty_points")["languages"]["English (US)"]
    assert "start with a placeholder" in loyalty["rejectionReason"]


def test_a_pending_number_request_gets_a_number(api, sandbox):
    kind = api.ok("GET", "/phonenumbers/numbertypes", params={"country": "GB", "type": "MOBILE"})
    request = api.ok("POST", "/phonenumbers/requests", 201, params={"numberTypeId": kind[0]["id"]})
    sandbox.advance(60)
    done = next(r for r in api.ok("GET", "/phonenumbers/requests") if r["id"] == request["id"])
    assert (done["isPending"], done["isActive"]) == (False, True)
    assert done["phoneNumberId"].isdigit()
    assert done["fulfilledOnUtc"]
    number = api.ok("GET", f"/phonenumbers/{done['phoneNumberId']}")
    assert number["number"].startswith("00447")
    assert number["ownedSinceUtc"]
    channel = next(
        c
        for c in api.ok("GET", "/channels")["available"]["sms"]["numbers"]
        if c["id"] == request["channelId"]
    )
    assert channel["isPending"] is False
    assert channel["channelID"] == done["phoneNumberId"]


def test_pending_channel_requests_and_business_accounts_are_fulfilled(api, sandbox):
    pending = [r for r in api.ok("GET", "/channels/requests") if r["isPending"]]
    assert pending
    sandbox.advance(60)
    for request in pending:
        detail = api.ok("GET", f"/channels/requests/{request['id']}")
        assert (detail["isPending"], detail["isActive"]) == (False, True)
        assert detail["fulfilledOnUtc"]
    whatsapp = next(r for r in pending if r["channelTypeId"] == api.channel_types()["WhatsApp"])
    assert api.ok("GET", f"/whatsapp/{whatsapp['id']}/businessaccount")["isPending"] is False


def test_a_new_channel_request_is_fulfilled_approve_after_seconds_later(api, sandbox):
    sms = api.channel_types()["SMS"]
    created = api.ok("POST", "/channels/requests", 201, params={"channelTypeId": sms})
    sandbox.advance(59)
    assert api.ok("GET", f"/channels/requests/{created['id']}")["isPending"] is True
    sandbox.advance(2)
    assert api.ok("GET", f"/channels/requests/{created['id']}")["isActive"] is True


def test_a_seeded_profile_with_processed_otp_becomes_active(api, sandbox):
    profile = api.profile_named("Deliveries")
    assert (profile["isPending"], profile["isOtpProcessed"]) == (True, True)
    sandbox.advance(60)
    assert api.profile_named("Deliveries")["isActive"] is True


def without_times(value):
    """Seeded timestamps are relative to the moment of seeding; everything else is fixed."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if not k.endswith("OnUtc")}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def test_reset_brings_everything_back_to_the_seed(api, sandbox):
    before = without_times(api.ok("GET", f"{api.wa}/templates"))
    api.create_template("after_reset_gone")
    sandbox.advance(120)
    sandbox.reset()
    assert without_times(api.ok("GET", f"{api.wa}/templates")) == before
