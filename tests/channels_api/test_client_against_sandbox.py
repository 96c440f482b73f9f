"""All 51 operations, called through the client against the sandbox over real HTTP.

Each test asserts what came back, and for writes, that a later read shows the change.
The sandbox log proves each call went to the documented method and path.
"""

import re
from decimal import Decimal

import pytest

from channels_api import ChannelsClient, errors, fetch_all
from channels_api.resources import OPERATIONS


@pytest.fixture
def client(sandbox):
    with ChannelsClient(
        account_id=sandbox.account_id, product_token=sandbox.token, base_url=sandbox.base_url
    ) as client:
        yield client


def whatsapp_request_id(client):
    """The active WhatsApp channel request: the key of every /whatsapp/{id}/ operation."""
    types = {t.id: t.description for t in client.channels.list_types()}
    requests = client.channels.list_requests()
    active = [r for r in requests if types.get(r.channel_type_id) == "WhatsApp" and r.is_active]
    assert active, "the sandbox seeds an active WhatsApp channel request"
    return active[0].id


def first_channel(client):
    for _type, _category, channels in client.channels.list().available.groups():
        if channels:
            return channels[0]
    raise AssertionError("the sandbox seeds channels")


# --- channels ---------------------------------------------------------------------------------


def test_channel_types_come_with_their_costs_and_categories(client):
    types = client.channels.list_types()
    assert {"SMS", "WhatsApp"} <= {t.description for t in types}
    whatsapp = next(t for t in types if t.description == "WhatsApp")
    assert isinstance(whatsapp.startup_cost, Decimal)
    detail = client.channels.get_type(whatsapp.id)
    assert detail.id == whatsapp.id
    assert detail.notice_period_days is not None
    names = {c.name for c in client.channels.list_type_categories(whatsapp.id)}
    assert {"templates", "profiles"} <= names
    assert names == {c.name for c in detail.categories}


def test_requesting_a_channel_creates_a_pending_request_that_later_reads_show(client):
    sms = next(t for t in client.channels.list_types() if t.description == "SMS")
    created = client.channels.request(sms.id)
    assert created.channel_type_id == sms.id
    assert created.is_pending is True
    again = client.channels.get_request(created.id)
    assert again.id == created.id
    assert again.created_on_utc.tzinfo is not None
    listed = client.channels.list_requests(channel_type_id=sms.id)
    assert created.id in {r.id for r in listed}
    assert all(r.channel_type_id == sms.id for r in listed)


def test_channel_requests_are_paged_upstream(client):
    everything = client.channels.list_requests()
    page = client.channels.list_requests(skip=1, take=2)
    assert [r.id for r in page] == [r.id for r in everything[1:3]]


def test_channels_come_grouped_by_type_and_category_with_coming_soon_apart(client):
    channels = client.channels.list()
    groups = {(t, c) for t, c, items in channels.available.groups() if items}
    assert ("sms", "keywords") in {(t.lower(), c.lower()) for t, c in groups}
    assert {"RCS", "Viber"} <= set(channels.coming_soon)
    channel = first_channel(client)
    assert client.channels.get(channel.id).id == channel.id


# --- configuration ----------------------------------------------------------------------------


def test_all_five_configuration_elements_of_a_channel_are_read(client):
    channel = first_channel(client)
    config = client.configuration.get_all(channel.id)
    inbound = config.inbound
    for element in (
        inbound.messaging_log,
        inbound.customer_contact,
        inbound.email,
        inbound.webhook,
        inbound.event_webhook,
    ):
        assert element.id
    one = client.configuration.get(channel.id, inbound.webhook.id)
    assert one.id == inbound.webhook.id
    assert one.enabled == inbound.webhook.enabled


def test_a_configuration_element_is_switched_off_and_on(client):
    channel = first_channel(client)
    webhook = client.configuration.get_all(channel.id).inbound.webhook
    flipped = client.configuration.set_enabled(channel.id, webhook.id, not webhook.enabled)
    assert flipped.enabled is (not webhook.enabled)
    assert client.configuration.get(channel.id, webhook.id).enabled is (not webhook.enabled)


def test_email_addresses_are_added_changed_and_deleted(client):
    channel = first_channel(client)
    added = client.configuration.add_email(channel.id, "support@example.org")
    address = next(a for a in added.addresses if a.address == "support@example.org")
    changed = client.configuration.update_email(channel.id, address.id, "help@example.org")
    assert "help@example.org" in {a.address for a in changed.addresses}
    client.configuration.delete_email(channel.id, address.id)
    remaining = client.configuration.get_all(channel.id).inbound.email.addresses or []
    assert address.id not in {a.id for a in remaining}


def test_webhooks_are_added_changed_and_deleted(client):
    channel = first_channel(client)
    added = client.configuration.add_webhook(
        channel.id, url="https://example.org/inbound", method="PUT", type="Xml"
    )
    hook = next(e for e in added.endpoints if e.url == "https://example.org/inbound")
    assert (hook.method, hook.type) == ("PUT", "Xml")
    changed = client.configuration.update_webhook(
        channel.id, hook.id, url="https://example.org/v2", method="POST", type="Json"
    )
    assert "https://example.org/v2" in {e.url for e in changed.endpoints}
    client.configuration.delete_webhook(channel.id, hook.id)
    remaining = client.configuration.get_all(channel.id).inbound.webhook.endpoints or []
    assert hook.id not in {e.id for e in remaining}


def test_the_event_webhook_is_set_changed_and_deleted(client):
    channel = first_channel(client)
    added = client.configuration.add_event_webhook(channel.id, url="https://example.org/events")
    assert added.endpoint.url == "https://example.org/events"
    changed = client.configuration.update_event_webhook(
        channel.id, added.endpoint.id, url="https://example.org/events/v2"
    )
    assert changed.endpoint.url == "https://example.org/events/v2"
    client.configuration.delete_event_webhook(channel.id, added.endpoint.id)
    after = client.configuration.get_all(channel.id).inbound.event_webhook
    assert after.endpoint is None or after.endpoint.id != added.endpoint.id


def test_customer_contact_and_messaging_log_are_set(client):
    channel = first_channel(client)
    contact = client.configuration.set_customer_contact(
        channel.id, url="https://example.org/contact", type="Xml"
    )
    assert "https://example.org/contact" in {e.url for e in contact.endpoints}
    log = client.configuration.set_messaging_log(channel.id, False)
    assert log.enabled is False
    assert client.configuration.get_all(channel.id).inbound.messaging_log.enabled is False


def test_an_invalid_url_is_refused_by_the_api_with_its_message(client):
    channel = first_channel(client)
    with pytest.raises(errors.BadRequest) as caught:
        client.configuration.add_webhook(channel.id, url="not a url")
    assert caught.value.message


# --- whatsapp ---------------------------------------------------------------------------------


def test_the_business_account_and_languages_are_read_and_a_language_activated(client):
    request_id = whatsapp_request_id(client)
    business = client.whatsapp.get_business_account(request_id)
    assert business.channel_request_id == request_id
    supported = client.whatsapp.list_supported_languages()
    assert len(supported) >= 60
    active = client.whatsapp.list_active_languages(request_id)
    inactive = next(lang for lang in supported if lang.id not in {a.id for a in active})
    after = client.whatsapp.activate_language(request_id, inactive.id)
    assert inactive.id in {lang.id for lang in after}
    assert inactive.id in {lang.id for lang in client.whatsapp.list_active_languages(request_id)}


# --- profiles ---------------------------------------------------------------------------------


def test_profiles_are_searched_and_paged(client):
    request_id = whatsapp_request_id(client)
    profiles = client.profiles.list(request_id)
    assert len(profiles) >= 3
    name = profiles[0].name
    found = client.profiles.list(request_id, q=name[:4].lower())
    assert profiles[0].id in {p.id for p in found}
    assert len(client.profiles.list(request_id, skip=0, take=1)) == 1
    detail = client.profiles.get(request_id, profiles[0].id)
    assert detail.name == name


def test_the_otp_walk_changes_number_sends_the_code_and_activates_the_profile(client):
    request_id = whatsapp_request_id(client)
    profile = next(p for p in client.profiles.list(request_id) if not p.is_active)
    changed = client.profiles.update_phone_number(request_id, profile.id, "+31 6 1234 5678")
    assert changed.phone_number == "0031612345678"
    client.profiles.start_otp(request_id, profile.id, method="voice")
    assert client.profiles.get(request_id, profile.id).is_otp_sent is True
    with pytest.raises(errors.BadRequest):
        client.profiles.finish_otp(
            request_id, profile.id, phone_number="+31612345678", otp="000000"
        )
    done = client.profiles.finish_otp(
        request_id, profile.id, phone_number="+31612345678", otp="123456"
    )
    assert done.is_otp_processed is True


# --- templates --------------------------------------------------------------------------------


def test_a_template_is_created_edited_given_fields_and_submitted(client):
    request_id = whatsapp_request_id(client)
    categories = client.templates.list_categories(request_id)
    assert categories
    created = client.templates.create(
        request_id, name="order_shipped_test", category_id=categories[0].id
    )
    assert created.name == "order_shipped_test"
    with_field = client.templates.add_field(request_id, created.id, name="order", type="text")
    field = with_field.settings.replacement_fields[0]
    assert (field.name, field.type) == ("order", "text")
    renamed = client.templates.update_field(
        request_id, created.id, field.id, name="amount", type="currency"
    )
    assert (
        renamed.settings.replacement_fields[0].name,
        renamed.settings.replacement_fields[0].type,
    ) == (
        "amount",
        "currency",
    )
    language = client.whatsapp.list_active_languages(request_id)[0]
    updated = client.templates.update(
        request_id, created.id, contents={language.name: "Your total is {{1}}, thank you."}
    )
    assert updated.languages[language.name].content == "Your total is {{1}}, thank you."
    submitted = client.templates.request_validation(request_id, created.id)
    assert submitted.is_validation_requested is True
    emptied = client.templates.delete_field(request_id, created.id, field.id)
    assert not emptied.settings.replacement_fields
    assert client.templates.get(request_id, created.id).id == created.id


def test_templates_are_searched_and_paged_upstream(client):
    request_id = whatsapp_request_id(client)
    everything = fetch_all(client.templates.list, request_id, page_size=7)
    assert len(everything) >= 25
    assert [t.id for t in client.templates.list(request_id, skip=7, take=7)] == [
        t.id for t in everything[7:14]
    ]
    word = everything[0].name.split("_")[0]
    found = client.templates.list(request_id, q=word)
    assert found
    assert all(word in t.name.lower() for t in found)


# --- keywords ---------------------------------------------------------------------------------


def test_a_keyword_is_simulated_then_claimed_verified_and_cancelled(client, sandbox):
    shared = client.numbers.list(is_shared=True, take=1)[0]
    simulated = client.keywords.claim(phone_number_id=shared.id, keyword="PIZZA", simulate=True)
    assert simulated.keyword == "PIZZA"
    assert not client.keywords.list(keywords="PIZZA")
    claim = client.keywords.claim(phone_number_id=shared.id, keyword="PIZZA")
    assert client.keywords.get(claim.id).keyword == "PIZZA"
    assert isinstance(client.keywords.verify(claim.id), list)
    with pytest.raises(errors.Conflict):
        client.keywords.claim(phone_number_id=shared.id, keyword="PIZZA")
    client.keywords.cancel(claim.id)
    with pytest.raises(errors.NotFound):
        client.keywords.get(claim.id)


def test_claimed_keywords_are_filtered_by_country(client):
    claims = client.keywords.list()
    assert claims
    country = claims[0].country
    filtered = client.keywords.list(country=country)
    assert filtered
    assert all(c.country == country for c in filtered)


# --- numbers ----------------------------------------------------------------------------------


def test_numbers_are_filtered_and_read_one_by_one(client):
    owned = client.numbers.list(is_owned=True)
    assert owned
    assert all(n.owned_since_utc is not None for n in owned)
    countries = {n.number_type.country for n in fetch_all(client.numbers.list, page_size=50)}
    assert len(countries) >= 4
    one = client.numbers.get(owned[0].id)
    assert one.number == owned[0].number
    assert isinstance(one.number_type.monthly_cost, Decimal)


def test_number_types_are_filtered_by_country(client):
    dutch = client.numbers.list_types(country="NL")
    assert dutch
    assert all(t.country == "NL" for t in dutch)
    assert all(isinstance(p, str) for t in dutch for p in t.purpose)


def test_a_number_request_is_simulated_then_made_and_listed_as_pending(client):
    number_type = client.numbers.list_types()[0]
    before = len(fetch_all(client.numbers.list_requests))
    simulated = client.numbers.request(number_type.id, simulate=True)
    assert simulated.number_type.id == number_type.id
    assert len(fetch_all(client.numbers.list_requests)) == before
    made = client.numbers.request(number_type.id)
    pending = client.numbers.list_requests(is_pending=True)
    assert made.id in {r.id for r in pending}


def test_cancelling_ownership_removes_the_number(client):
    owned = client.numbers.list(is_owned=True)[0]
    client.numbers.cancel(owned.id)
    assert owned.id not in {n.id for n in client.numbers.list(is_owned=True)}


# --- the log proves the paths -----------------------------------------------------------------


# Path segments that are words of the API, never ids: an id placeholder must not match them.
_WORDS = "types|requests|numbertypes|supportedlanguages|categories|configuration|verify"


def _template_regex(path):
    segment = rf"(?!(?:{_WORDS})(?:/|$))[^/]+"
    return re.compile("^/channels/v1" + re.sub(r"\{[^}]+\}", segment, path) + "$")


def test_every_operation_was_sent_to_its_documented_path(sandbox, client):
    """Run the module's flows again, then match what the sandbox saw against the table."""
    log = []
    this = "test_every_operation_was_sent_to_its_documented_path"
    for name, func in sorted(globals().items()):
        if name.startswith("test_") and name != this:
            params = func.__code__.co_varnames[: func.__code__.co_argcount]
            sandbox.reset()
            sandbox.clear_log()
            func(*[{"client": client, "sandbox": sandbox}[p] for p in params])
            log.extend(sandbox.log())
    missing = []
    for name, (operation, _qualname) in OPERATIONS.items():
        pattern = _template_regex(operation.path)
        if not any(e["method"] == operation.method and pattern.match(e["path"]) for e in log):
            missing.append(name)
    assert not missing, f"never sent: {missing}"


def test_the_demo_templates_stand_in_every_state_a_person_reads(client):
    """Issue 2's seed: active, pending, validation requested, rejected and incomplete."""
    templates = fetch_all(client.templates.list, whatsapp_request_id(client))
    statuses = {t.status.value for t in templates}
    assert {"active", "pending", "validation_requested", "rejected", "incomplete"} <= statuses


def test_a_new_draft_reads_as_incomplete_not_as_awaiting_approval(client):
    request_id = whatsapp_request_id(client)
    category = client.templates.list_categories(request_id)[0]
    created = client.templates.create(request_id, name="draft_only", category_id=category.id)
    language = client.whatsapp.list_active_languages(request_id)[0]
    draft = client.templates.update(request_id, created.id, contents={language.name: "Hi there."})
    assert draft.status.value == "incomplete"
    assert draft.languages[language.name].status.value == "incomplete"
