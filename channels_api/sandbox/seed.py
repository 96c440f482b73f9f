"""Deterministic demo data for an account: the same account id always gives the same ids,
names, numbers and contents (``random.Random`` seeded with the account id); timestamps are
relative to the moment the account was seeded.

Every account gets: the SMS and WhatsApp channel types; channel requests in every stage (a
live and a pending WhatsApp request with their business accounts, a live and a pending SMS
request, a cancelled one); 71 WhatsApp languages, seven of them active; profiles in every
OTP state; templates in every state; shared and owned numbers in six countries with number
requests (fulfilled, pending, cancelled); keyword claims; and a channel, with an inbound
configuration, for every keyword, number, template, profile and business account.

``scale`` (``templates``, ``numbers``, ``keywords``, ``profiles``, ``channel_requests``) sets
how many of each to make, for benches that want a large account.
"""

from __future__ import annotations

import base64
import random
import uuid
from datetime import datetime, timedelta

from channels_api.sandbox import catalog
from channels_api.sandbox.state import (
    ACTIVE,
    DRAFT,
    INCOMPLETE,
    PENDING,
    REJECTED,
    REQUESTED,
    STAGE_INFO,
    AccountState,
    BusinessAccount,
    ChannelConfig,
    ChannelRef,
    ChannelRequest,
    ConfigElement,
    EmailAddress,
    Endpoint,
    Field,
    KeywordClaim,
    NumberRequest,
    PhoneNumber,
    Profile,
    Template,
    TemplateLanguage,
)
from channels_api.template_rules import check_template_content

DEMO_ACCOUNT_ID = "8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"
DEMO_PRODUCT_TOKEN = "2c1b9f0e-5d7a-4e3b-8a61-0f4c2d9e7b35"  # noqa: S105  (the public demo token)

DEFAULT_SCALE = {
    "templates": len(catalog.TEMPLATES),
    "numbers": 24,
    "keywords": 12,
    "profiles": 5,
    # The five of the plan in ``_seed_channel_requests`` (one per stage a page shows); more are
    # SMS requests in every state (``_seed_more_requests``), for a large account's lists.
    "channel_requests": 5,
}
SCALE_KEYS = tuple(DEFAULT_SCALE)


def parse_scale(text: str) -> dict[str, int]:
    """``"templates=2000,numbers=1000"`` -> ``{"templates": 2000, "numbers": 1000}``."""
    scale: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in SCALE_KEYS or not value.strip().isdigit():
            raise ValueError(f"{part!r}: write key=count with key one of {', '.join(SCALE_KEYS)}")
        scale[key] = int(value)
    return scale


def check_scale(scale: dict[str, object]) -> dict[str, int]:
    """The scale with unknown keys and negative or non-integer counts refused."""
    result: dict[str, int] = {}
    for key, value in (scale or {}).items():
        if key not in SCALE_KEYS:
            raise ValueError(f"unknown scale key {key!r}; use {', '.join(SCALE_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"scale {key} must be a whole number of zero or more")
        result[key] = value
    return result


def new_id() -> str:
    """A fresh random uuid, for things made at run time."""
    return str(uuid.uuid4())


class _Seeder:
    def __init__(self, account_id: str, now: datetime) -> None:
        self.rng = random.Random(account_id)
        self.now = now.replace(microsecond=(now.microsecond // 1000) * 1000)
        self.digit_ids: set[str] = set()

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def ago(self, days: float, spread_hours: float = 12) -> datetime:
        seconds = days * 86400 + self.rng.uniform(0, spread_hours * 3600)
        moment = self.now - timedelta(seconds=seconds)
        return moment.replace(microsecond=(moment.microsecond // 1000) * 1000)

    def digit_id(self) -> str:
        while True:
            value = str(self.rng.randint(10**9, 10**10 - 1))
            if value not in self.digit_ids:
                self.digit_ids.add(value)
                return value


def make_number(rng: random.Random, country: str, category: str, taken: set[str]) -> str:
    """A phone number of ``category`` in ``country`` that is not in ``taken``."""
    prefix, digits = catalog.COUNTRY_BY_CODE[country].formats[category]
    while True:
        first = "1" if category == "SHORTCODE" else "0123456789"[rng.randint(0, 9)]
        tail = first + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))
        number = prefix + tail
        if number not in taken:
            taken.add(number)
            return number


def profile_image(name: str, colour: str) -> str:
    """A small SVG with the profile's initials, as a data URI (the API's ``image``)."""
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
        f'<rect width="64" height="64" rx="32" fill="{colour}"/>'
        '<text x="32" y="41" font-family="sans-serif" font-size="24" fill="#fff" '
        f'text-anchor="middle">{initials}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def seed_account(
    account_id: str, token: str, now: datetime, scale: dict[str, int] | None = None
) -> AccountState:
    """A freshly seeded account."""
    sizes = {**DEFAULT_SCALE, **(scale or {})}
    s = _Seeder(account_id, now)
    account = AccountState(
        account_id=account_id,
        token=token,
        scale=dict(scale or {}),
        company=s.rng.choice(catalog.COMPANIES),
        seeded_at=s.now,
    )
    account.channel_types = {t.id: t for t in catalog.channel_types()}
    account.languages = {lang.id: lang for lang in catalog.languages()}
    account.template_categories = {c.id: c for c in catalog.template_categories()}
    account.number_types = {t.id: t for t in catalog.number_types()}
    _seed_channel_requests(s, account)
    live = next(
        ba for ba in account.business_accounts.values() if ba.fulfilled and not ba.cancelled
    )
    _seed_templates(s, account, live, sizes["templates"])
    _seed_profiles(s, account, live, sizes["profiles"])
    _seed_numbers(s, account, sizes["numbers"])
    _seed_keywords(s, account, sizes["keywords"])
    # Last, so the other lists of an account seeded larger keep their ids.
    _seed_more_requests(s, account, sizes["channel_requests"] - 5)
    return account


def _seed_more_requests(s: _Seeder, account: AccountState, count: int) -> None:
    """``count`` more channel requests, all SMS (a WhatsApp one would bring a business account
    and change which WhatsApp request is the account's): most live, some pending at a stage,
    some cancelled, created over the last two years."""
    sms = account.channel_type_by_key("sms")
    pending_stages = ["REQUESTED", "DOCUMENTS", "VERIFICATION", "CONFIGURATION"]
    for _ in range(max(0, count)):
        roll = s.rng.random()
        created = s.ago(s.rng.uniform(1, 730))
        if roll < 0.75:
            stage, fulfilled, cancelled = "LIVE", created + timedelta(days=1), None
        elif roll < 0.90:
            stage, fulfilled, cancelled = s.rng.choice(pending_stages), None, None
        else:
            stage, fulfilled, cancelled = "REQUESTED", None, created + timedelta(days=2)
        base = STAGE_INFO[stage][0]
        request = ChannelRequest(
            id=s.uid(),
            channel_type_id=sms.id,
            created=created,
            stage=stage,
            completeness=base if stage == "LIVE" else base + s.rng.randint(0, 15),
            fulfilled=min(fulfilled, s.now) if fulfilled else None,
            cancelled=min(cancelled, s.now) if cancelled else None,
            custom_request_form_id=s.uid(),
        )
        if request.is_pending:
            request.pending_since = s.now
        account.channel_requests[request.id] = request


def _seed_channel_requests(s: _Seeder, account: AccountState) -> None:
    sms = account.channel_type_by_key("sms")
    whatsapp = account.channel_type_by_key("whatsApp")
    # (type, created days ago, stage, fulfilled days ago, cancelled days ago)
    plan = [
        (whatsapp, 200, "LIVE", 190, None),
        (sms, 400, "LIVE", 399, None),
        (whatsapp, 3, "DOCUMENTS", None, None),
        (sms, 1, "VERIFICATION", None, None),
        (whatsapp, 300, "REQUESTED", None, 290),
    ]
    for kind, created_days, stage, fulfilled_days, cancelled_days in plan:
        base = STAGE_INFO[stage][0]
        request = ChannelRequest(
            id=s.uid(),
            channel_type_id=kind.id,
            created=s.ago(created_days),
            stage=stage,
            completeness=base if stage == "LIVE" else base + s.rng.randint(0, 15),
            fulfilled=s.ago(fulfilled_days) if fulfilled_days is not None else None,
            cancelled=s.ago(cancelled_days) if cancelled_days is not None else None,
            custom_request_form_id=s.uid(),
        )
        if request.is_pending:
            request.pending_since = s.now
        account.channel_requests[request.id] = request
        if kind is whatsapp:
            business = BusinessAccount(
                id=s.uid(),
                channel_request_id=request.id,
                channel_id=s.uid(),
                namespace=f"{s.rng.getrandbits(64):016x}",
                created=request.created,
                fulfilled=request.fulfilled,
                cancelled=request.cancelled,
                pending_since=request.pending_since,
            )
            codes = catalog.ACTIVE_LANGUAGE_CODES if request.fulfilled else ["en_US"]
            by_code = {lang.code: lang.id for lang in account.languages.values()}
            business.active_language_ids = [by_code[c] for c in codes]
            account.business_accounts[request.id] = business
            if not request.cancelled:
                account.channels[business.channel_id] = ChannelRef(
                    "businessAccount", business.id, owner=request.id, seeded=True
                )


def _language_by_code(account: AccountState, code: str) -> tuple[str, str]:
    lang = next(lang for lang in account.languages.values() if lang.code == code)
    return lang.id, lang.name


def _seed_templates(s: _Seeder, account: AccountState, live: BusinessAccount, count: int) -> None:
    categories = {c.name: c.id for c in account.template_categories.values()}
    blueprints = list(catalog.TEMPLATES[:count])
    for index in range(count - len(blueprints)):
        topic, category, content, field_type = catalog.GENERATED_TOPICS[
            index % len(catalog.GENERATED_TOPICS)
        ]
        roll = s.rng.random()
        if roll < 0.70:
            state = ACTIVE
        elif roll < 0.80:
            state = DRAFT
        elif roll < 0.84:
            state = REQUESTED
        elif roll < 0.88:
            state = PENDING
        elif roll < 0.95:
            state = REJECTED
        else:
            state = INCOMPLETE
        code = s.rng.choice(catalog.ACTIVE_LANGUAGE_CODES)
        reason = catalog.FB_CATEGORY if state == REJECTED else ""
        blueprints.append(
            catalog.TemplateBlueprint(
                name=f"{topic}_{index + 1:04d}",
                category=category,
                fields=[("value", field_type)],
                languages=[(code, "" if state == INCOMPLETE else content, state, reason)],
            )
        )
    for blueprint in blueprints:
        created = s.ago(s.rng.uniform(20, 180))
        template = Template(
            id=s.uid(),
            channel_id=s.uid(),
            category_id=categories[blueprint.category],
            name=blueprint.name,
            facebook_name=blueprint.name,
            created=created,
            updated=created,
            fields=[Field(s.uid(), name, kind) for name, kind in blueprint.fields],
        )
        for code, content, state, reason in blueprint.languages:
            _, name = _language_by_code(account, code)
            updated = created + timedelta(hours=s.rng.uniform(1, 48))
            language = TemplateLanguage(
                id=s.uid(),
                name=name,
                content=content,
                state=state,
                created=created,
                updated=updated,
            )
            if state == ACTIVE:
                language.fulfilled = updated + timedelta(hours=s.rng.uniform(2, 40))
            elif state == REJECTED:
                reasons = check_template_content(content, len(template.fields))
                language.rejection_reason = reason or " ".join(reasons) or catalog.FB_CATEGORY
                language.rejected = updated + timedelta(hours=s.rng.uniform(2, 40))
            elif state in (REQUESTED, PENDING):
                language.requested_at = s.now
                language.updated = s.now - timedelta(minutes=s.rng.randint(1, 50))
            template.languages[name] = language
            template.updated = max(template.updated, language.updated)
        live.templates[template.id] = template
        account.channels[template.channel_id] = ChannelRef(
            "templates", template.id, owner=live.channel_request_id, seeded=True
        )


_PROFILE_PLAN = [
    ("Support", "active"),
    ("Sales", "no-otp"),
    ("Billing", "otp-sent"),
    ("Deliveries", "otp-processed"),
    ("Promotions", "rejected"),
]
_COLOURS = ["#0b6e4f", "#c2410c", "#1d4ed8", "#7c3aed", "#be123c", "#0f766e"]
PROFILE_REJECTION = (
    "The display name does not follow WhatsApp's display name rules: it must clearly relate "
    "to the business, and may not be only a generic word."
)


def _seed_profiles(s: _Seeder, account: AccountState, live: BusinessAccount, count: int) -> None:
    taken: set[str] = set()
    for index in range(count):
        label, state = _PROFILE_PLAN[index % len(_PROFILE_PLAN)]
        if index >= len(_PROFILE_PLAN):
            label = f"{label} {index // len(_PROFILE_PLAN) + 1}"
        name = f"{account.company.name} {label}"
        country = ["NL", "BE", "DE"][index % 3]
        created = s.ago(s.rng.uniform(5, 150))
        profile = Profile(
            id=s.uid(),
            channel_id=s.uid(),
            name=name,
            image=profile_image(name, _COLOURS[index % len(_COLOURS)]),
            phone_number=make_number(s.rng, country, "MOBILE", taken),
            created=created,
        )
        if state == "active":
            profile.is_active, profile.is_pending = True, False
            profile.is_otp_sent = profile.is_otp_processed = True
            profile.otp_method = "sms"
            profile.fulfilled = created + timedelta(days=2)
        elif state == "otp-sent":
            profile.is_otp_sent, profile.otp_method = True, "sms"
        elif state == "otp-processed":
            profile.is_otp_sent = profile.is_otp_processed = True
            profile.otp_method = "voice"
            profile.otp_processed_at = s.now
        elif state == "rejected":
            profile.is_pending = False
            profile.is_otp_sent = profile.is_otp_processed = True
            profile.rejected = created + timedelta(days=3)
            profile.rejection_reason = PROFILE_REJECTION
        live.profiles[profile.id] = profile
        account.channels[profile.channel_id] = ChannelRef(
            "profiles", profile.id, owner=live.channel_request_id, seeded=True
        )


def _shared_number_id(number: str) -> str:
    value = uuid.uuid5(catalog.NAMESPACE, "shared-number/" + number).int
    return str(10**9 + value % (9 * 10**9))


def _seed_numbers(s: _Seeder, account: AccountState, count: int) -> None:
    types = {(t.country, t.category): t for t in account.number_types.values()}
    taken = {number for _, _, number in catalog.SHARED_NUMBERS}
    shared = catalog.SHARED_NUMBERS[: min(len(catalog.SHARED_NUMBERS), count)]
    for country, category, number in shared:
        number_id = _shared_number_id(number)
        s.digit_ids.add(number_id)
        account.phone_numbers[number_id] = PhoneNumber(
            id=number_id,
            number=number,
            number_type_id=types[(country, category)].id,
            is_shared=True,
        )
    countries = [c.code for c in catalog.COUNTRIES]
    categories = ["MOBILE"] * 6 + ["LANDLINE"] * 3 + ["TOLLFREE"]
    for index in range(count - len(shared)):
        country = countries[index % len(countries)]
        category = categories[(index // len(countries) + index) % len(categories)]
        kind = types[(country, category)]
        created = s.ago(s.rng.uniform(30, 700))
        fulfilled = created + timedelta(days=s.rng.randint(0, kind.processing_days))
        request = NumberRequest(
            id=s.uid(),
            channel_id=s.uid(),
            number_type_id=kind.id,
            created=created,
            fulfilled=fulfilled,
        )
        number = PhoneNumber(
            id=s.digit_id(),
            number=make_number(s.rng, country, category, taken),
            number_type_id=kind.id,
            is_shared=False,
            owned_since=fulfilled,
            number_request_id=request.id,
        )
        request.phone_number_id = number.id
        account.number_requests[request.id] = request
        account.phone_numbers[number.id] = number
        account.channels[request.channel_id] = ChannelRef("numbers", request.id, seeded=True)
    # Requests still waiting for a number, and one whose number was given back.
    for country, category in [("NL", "MOBILE"), ("DE", "LANDLINE"), ("GB", "TOLLFREE")]:
        request = NumberRequest(
            id=s.uid(),
            channel_id=s.uid(),
            number_type_id=types[(country, category)].id,
            created=s.ago(s.rng.uniform(0.5, 4)),
            pending_since=s.now,
        )
        account.number_requests[request.id] = request
        account.channels[request.channel_id] = ChannelRef("numbers", request.id, seeded=True)
    kind = types[("BE", "MOBILE")]
    created = s.ago(400)
    request = NumberRequest(
        id=s.uid(),
        channel_id=s.uid(),
        number_type_id=kind.id,
        created=created,
        fulfilled=created + timedelta(days=2),
        cancelled=s.ago(30),
    )
    number = PhoneNumber(
        id=s.digit_id(),
        number=make_number(s.rng, "BE", "MOBILE", taken),
        number_type_id=kind.id,
        is_shared=False,
        number_request_id=request.id,
    )
    request.phone_number_id = number.id
    account.number_requests[request.id] = request
    account.phone_numbers[number.id] = number


def _seed_keywords(s: _Seeder, account: AccountState, count: int) -> None:
    targets = [
        n
        for n in account.available_numbers()
        if "SMS" in account.number_types[n.number_type_id].purposes
    ]
    if not targets:
        return
    by_number = {n.number: n for n in targets}
    wanted: list[tuple[str, str]] = []
    for number, keyword in [
        ("3010", "WIN"),
        ("3010", "INFO"),
        ("60777", "QUIZ"),
        ("44844", "VOTE"),
        ("8850", "FRITES"),
    ]:
        if number in by_number:
            wanted.append((by_number[number].id, keyword))
    index = 0
    while len(wanted) < count:
        word = catalog.KEYWORDS[index % len(catalog.KEYWORDS)]
        round_ = index // len(catalog.KEYWORDS)
        keyword = word if round_ == 0 else f"{word}{round_ + 1}"
        number = targets[(index * 7 + 3) % len(targets)]
        pair = (number.id, keyword)
        if pair not in wanted:
            wanted.append(pair)
        index += 1
    for number_id, keyword in wanted[:count]:
        claim = KeywordClaim(
            id=s.uid(),
            channel_id=s.uid(),
            phone_number_id=number_id,
            keyword=keyword,
            claimed=s.ago(s.rng.uniform(1, 300)),
        )
        account.keyword_claims[claim.id] = claim
        account.channels[claim.channel_id] = ChannelRef("keywords", claim.id, seeded=True)


# --- inbound configuration -------------------------------------------------------------------


def make_config(
    account: AccountState, channel_id: str, created: datetime, now: datetime
) -> ChannelConfig:
    """The inbound configuration of a channel: realistic for seeded channels (deterministic
    per channel id), empty and disabled for channels made at run time."""
    ref = account.channels.get(channel_id)
    if ref is None or not ref.seeded:
        return _empty_config(now)
    rng = random.Random(channel_id)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    start = min(created + timedelta(hours=rng.uniform(1, 72)), now)
    start = start.replace(microsecond=(start.microsecond // 1000) * 1000)

    def later() -> datetime:
        moment = start + (now - start) * rng.uniform(0, 0.9)
        return moment.replace(microsecond=(moment.microsecond // 1000) * 1000)

    domain = account.company.domain

    def element(kind: str, chance: float) -> ConfigElement:
        return ConfigElement(uid(), kind, rng.random() < chance, start, later())

    contact = element("customerContact", 0.5)
    if rng.random() < 0.6:
        contact.endpoints.append(
            Endpoint(
                uid(),
                "POST",
                f"https://crm.{domain}/cm/customer-contact",
                rng.choice(["Xml", "Json"]),
                start,
                later(),
            )
        )
    email = element("email", 0.5)
    for local in rng.sample(["support", "operations", "alerts"], rng.randint(0, 2)):
        email.addresses.append(EmailAddress(uid(), f"{local}@{domain}", start, later()))
    webhook = element("webhook", 0.6)
    candidates = [
        ("POST", f"https://hooks.{domain}/cm/inbound", "Json"),
        ("PUT", f"https://api.{domain}/v2/messages/inbound", "Json"),
        ("GET", f"https://legacy.{domain}/sms/receive.php", "Custom"),
        ("POST", f"https://integrations.{domain}/cm/inbound.xml", "Xml"),
    ]
    for method, url, kind in rng.sample(candidates, rng.randint(0, 2)):
        webhook.endpoints.append(Endpoint(uid(), method, url, kind, start, later()))
    events = element("eventWebhook", 0.5)
    if rng.random() < 0.6:
        events.endpoint = Endpoint(
            uid(), "POST", f"https://hooks.{domain}/cm/events", "Json", start, later(), uid()
        )
    config = ChannelConfig(
        group_id=uid(),
        messaging_log=element("messagingLog", 0.7),
        customer_contact=contact,
        email=email,
        webhook=webhook,
        event_webhook=events,
    )
    for item in config.elements():
        parts = [*item.endpoints, *item.addresses, *([item.endpoint] if item.endpoint else [])]
        item.updated = max([item.updated, *(part.updated for part in parts)])
    return config


def _empty_config(now: datetime) -> ChannelConfig:
    moment = now.replace(microsecond=(now.microsecond // 1000) * 1000)

    def element(kind: str) -> ConfigElement:
        return ConfigElement(new_id(), kind, False, moment, moment)

    return ChannelConfig(
        group_id=new_id(),
        messaging_log=element("messagingLog"),
        customer_contact=element("customerContact"),
        email=element("email"),
        webhook=element("webhook"),
        event_webhook=element("eventWebhook"),
    )
