"""Reference data the seed draws on: WhatsApp's languages and template categories, channel
types, number types per country, companies, keywords and template blueprints.

Ids of catalog items (languages, categories, channel and number types) are ``uuid5`` of
their names, so they are the same in every account and every run, as CM.com's are.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from channels_api.sandbox.state import (
    ACTIVE,
    DRAFT,
    INCOMPLETE,
    PENDING,
    REJECTED,
    REQUESTED,
    Category,
    ChannelType,
    Company,
    Language,
    NumberType,
    TemplateCategory,
)

NAMESPACE = uuid.UUID("6f1c7a52-0d4e-4b8e-9a3f-2c5d8e1b7a40")


def catalog_id(*parts: str) -> str:
    """A stable uuid for a catalog item."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


# WhatsApp's template languages: (code, name), as Meta lists them.
LANGUAGES: list[tuple[str, str]] = [
    ("af", "Afrikaans"),
    ("sq", "Albanian"),
    ("ar", "Arabic"),
    ("az", "Azerbaijani"),
    ("bn", "Bengali"),
    ("bg", "Bulgarian"),
    ("ca", "Catalan"),
    ("zh_CN", "Chinese (CHN)"),
    ("zh_HK", "Chinese (HKG)"),
    ("zh_TW", "Chinese (TAI)"),
    ("hr", "Croatian"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("nl", "Dutch"),
    ("en", "English"),
    ("en_GB", "English (UK)"),
    ("en_US", "English (US)"),
    ("et", "Estonian"),
    ("fil", "Filipino"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("ka", "Georgian"),
    ("de", "German"),
    ("el", "Greek"),
    ("gu", "Gujarati"),
    ("ha", "Hausa"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hu", "Hungarian"),
    ("id", "Indonesian"),
    ("ga", "Irish"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("kn", "Kannada"),
    ("kk", "Kazakh"),
    ("rw_RW", "Kinyarwanda"),
    ("ko", "Korean"),
    ("ky_KG", "Kyrgyz (Kyrgyzstan)"),
    ("lo", "Lao"),
    ("lv", "Latvian"),
    ("lt", "Lithuanian"),
    ("mk", "Macedonian"),
    ("ms", "Malay"),
    ("ml", "Malayalam"),
    ("mr", "Marathi"),
    ("nb", "Norwegian"),
    ("fa", "Persian"),
    ("pl", "Polish"),
    ("pt_BR", "Portuguese (BR)"),
    ("pt_PT", "Portuguese (POR)"),
    ("pa", "Punjabi"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sr", "Serbian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("es", "Spanish"),
    ("es_AR", "Spanish (ARG)"),
    ("es_ES", "Spanish (SPA)"),
    ("es_MX", "Spanish (MEX)"),
    ("sw", "Swahili"),
    ("sv", "Swedish"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("th", "Thai"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("vi", "Vietnamese"),
    ("zu", "Zulu"),
]

#: The languages the demo's live business account has activated.
ACTIVE_LANGUAGE_CODES = ["en_US", "en_GB", "nl", "de", "fr", "es", "pt_BR"]

TEMPLATE_CATEGORIES = [
    "MARKETING",
    "UTILITY",
    "AUTHENTICATION",
    "ACCOUNT_UPDATE",
    "ALERT_UPDATE",
    "APPOINTMENT_UPDATE",
    "AUTO_REPLY",
    "ISSUE_RESOLUTION",
    "PAYMENT_UPDATE",
    "PERSONAL_FINANCE_UPDATE",
    "RESERVATION_UPDATE",
    "SHIPPING_UPDATE",
    "TICKET_UPDATE",
    "TRANSPORTATION_UPDATE",
]

COMING_SOON = ["RCS", "Viber"]

NUMBER_CATEGORIES = ["MOBILE", "LANDLINE", "SHORTCODE", "TOLLFREE"]
PURPOSES = ["SMS", "VOICE"]


def languages() -> list[Language]:
    return [Language(catalog_id("language", code), code, name) for code, name in LANGUAGES]


def template_categories() -> list[TemplateCategory]:
    return [TemplateCategory(catalog_id("template-category", n), n) for n in TEMPLATE_CATEGORIES]


def channel_types() -> list[ChannelType]:
    def categories(kind: str, names: list[str]) -> list[Category]:
        return [Category(catalog_id("channel-category", kind, n), n) for n in names]

    return [
        ChannelType(
            id=catalog_id("channel-type", "sms"),
            key="sms",
            description="SMS",
            currency="EUR",
            startup_cost=0,
            monthly_cost=0,
            processing_days=1,
            notice_period_days=30,
            categories=categories("sms", ["keywords", "numbers"]),
        ),
        ChannelType(
            id=catalog_id("channel-type", "whatsapp"),
            key="whatsApp",
            description="WhatsApp",
            currency="EUR",
            startup_cost=250,
            monthly_cost=50,
            processing_days=7,
            notice_period_days=30,
            categories=categories("whatsapp", ["templates", "profiles", "businessAccount"]),
        ),
    ]


@dataclass(frozen=True)
class Country:
    code: str
    adjective: str
    currency: str
    # number formats: category -> (prefix incl. 00 and country code, digits after the prefix)
    formats: dict[str, tuple[str, int]]


COUNTRIES: list[Country] = [
    Country(
        "NL",
        "Dutch",
        "EUR",
        {
            "MOBILE": ("00316", 8),
            "LANDLINE": ("003120", 7),
            "TOLLFREE": ("0031800", 7),
            "SHORTCODE": ("", 4),
        },
    ),
    Country(
        "BE",
        "Belgian",
        "EUR",
        {
            "MOBILE": ("003247", 7),
            "LANDLINE": ("00322", 7),
            "TOLLFREE": ("0032800", 5),
            "SHORTCODE": ("", 4),
        },
    ),
    Country(
        "DE",
        "German",
        "EUR",
        {
            "MOBILE": ("0049151", 8),
            "LANDLINE": ("004930", 8),
            "TOLLFREE": ("0049800", 7),
            "SHORTCODE": ("", 5),
        },
    ),
    Country(
        "GB",
        "British",
        "GBP",
        {
            "MOBILE": ("00447", 9),
            "LANDLINE": ("004420", 8),
            "TOLLFREE": ("0044800", 7),
            "SHORTCODE": ("", 5),
        },
    ),
    Country(
        "FR",
        "French",
        "EUR",
        {
            "MOBILE": ("00336", 8),
            "LANDLINE": ("00331", 8),
            "TOLLFREE": ("0033800", 6),
            "SHORTCODE": ("", 5),
        },
    ),
    Country(
        "ES",
        "Spanish",
        "EUR",
        {
            "MOBILE": ("00346", 8),
            "LANDLINE": ("003491", 7),
            "TOLLFREE": ("0034900", 6),
            "SHORTCODE": ("", 6),
        },
    ),
]

COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}

_CATEGORY_WORDS = {
    "MOBILE": "mobile number",
    "LANDLINE": "landline number",
    "SHORTCODE": "short code",
    "TOLLFREE": "toll-free number",
}
_PURPOSES = {
    "MOBILE": ["SMS", "VOICE"],
    "LANDLINE": ["VOICE"],
    "SHORTCODE": ["SMS"],
    "TOLLFREE": ["VOICE"],
}
# (startup, monthly, notice, keyword startup, keyword monthly, keyword notice, processing days)
_COSTS: dict[str, tuple[str, str, int, str, str, int, int]] = {
    "MOBILE": ("25", "12.5", 30, "10", "5", 30, 5),
    "LANDLINE": ("15", "1.5", 30, "0", "0", 0, 3),
    "SHORTCODE": ("1500", "750", 90, "50", "25", 30, 42),
    "TOLLFREE": ("75", "22.5", 60, "0", "0", 0, 10),
}
_COUNTRY_FACTOR = {"NL": "1", "BE": "1.1", "DE": "1.2", "GB": "1.15", "FR": "1.25", "ES": "0.9"}


def number_types() -> list[NumberType]:
    result = []
    for country in COUNTRIES:
        factor = Decimal(_COUNTRY_FACTOR[country.code])
        for category in NUMBER_CATEGORIES:
            start, monthly, notice, kw_start, kw_monthly, kw_notice, days = _COSTS[category]

            def price(value: str, factor: Decimal = factor, step: str = "0.1") -> Decimal:
                return (Decimal(value) * factor).quantize(Decimal(step))

            result.append(
                NumberType(
                    id=catalog_id("number-type", country.code, category),
                    purposes=list(_PURPOSES[category]),
                    country=country.code,
                    category=category,
                    description=f"A {country.adjective} {_CATEGORY_WORDS[category]}",
                    currency=country.currency,
                    startup_cost=price(start),
                    monthly_cost=price(monthly),
                    notice_period_days=notice,
                    # whole amounts: a keyword claim shows them as integers
                    keyword_startup_cost=price(kw_start, step="1"),
                    keyword_monthly_cost=price(kw_monthly, step="1"),
                    keyword_notice_period_days=kw_notice,
                    processing_days=days,
                )
            )
    return result


#: Shared numbers every account can claim keywords on: (country, category, number).
SHARED_NUMBERS: list[tuple[str, str, str]] = [
    ("NL", "SHORTCODE", "3010"),
    ("BE", "SHORTCODE", "8850"),
    ("DE", "SHORTCODE", "44844"),
    ("GB", "SHORTCODE", "60777"),
    ("FR", "SHORTCODE", "36105"),
    ("NL", "MOBILE", "0031970102030"),
    ("GB", "MOBILE", "00447860012345"),
    ("ES", "SHORTCODE", "217011"),
]

COMPANIES = [
    Company("Tulip Logistics", "tulip-logistics.example"),
    Company("Northwind Traders", "northwind.example"),
    Company("Harbour Coffee Roasters", "harbour-coffee.example"),
    Company("Polder Bikes", "polderbikes.example"),
    Company("Canal Travel", "canaltravel.example"),
    Company("Dune Energy", "dune-energy.example"),
    Company("Windmill Pharmacy", "windmill-pharmacy.example"),
    Company("Orange Fleet Rentals", "orangefleet.example"),
]

KEYWORDS = [
    "SUSHI",
    "WIN",
    "JOIN",
    "PROMO",
    "DEALS",
    "TULIP",
    "ORDER",
    "TRACK",
    "QUIZ",
    "VOTE",
    "SALE",
    "CLUB",
    "NEWS",
    "BOOK",
    "TAXI",
    "PARK",
    "TICKET",
    "MENU",
    "STATUS",
    "COFFEE",
]

#: Keywords operators keep for themselves: a claim on one is allowed, and verify reports it.
RESERVED_KEYWORDS = {"STOP", "HELP", "INFO", "START", "UNSUBSCRIBE", "STOPALL"}


@dataclass(frozen=True)
class TemplateBlueprint:
    name: str
    category: str
    fields: list[tuple[str, str]]
    # (language code, content, state, explicit rejection reason or "")
    languages: list[tuple[str, str, str, str]] = field(default_factory=list)


def _bp(
    name: str, category: str, fields: list[tuple[str, str]], *langs: tuple[str, str, str, str]
) -> TemplateBlueprint:
    return TemplateBlueprint(name, category, fields, list(langs))


TEXT, CURRENCY, DATETIME = "text", "currency", "datetime"
FB_CATEGORY = "The content does not match the template's category: promotional text in a "
FB_CATEGORY += "non-marketing template."

TEMPLATES: list[TemplateBlueprint] = [
    _bp(
        "order_confirmation",
        "UTILITY",
        [("customer_name", TEXT), ("order_number", TEXT), ("total", CURRENCY)],
        (
            "en_US",
            "Hi {{1}}, thanks for your order {{2}}. The total is {{3}}. We will let you "
            "know when it ships.",
            ACTIVE,
            "",
        ),
        (
            "nl",
            "Hoi {{1}}, bedankt voor je bestelling {{2}}. Het totaal is {{3}}. We laten het "
            "je weten zodra hij verzonden is.",
            ACTIVE,
            "",
        ),
        (
            "de",
            "Hallo {{1}}, danke für Ihre Bestellung {{2}}. Der Gesamtbetrag ist {{3}}. Wir "
            "melden uns, sobald sie versandt wird.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "shipping_update",
        "SHIPPING_UPDATE",
        [("order_number", TEXT), ("delivery_date", DATETIME)],
        (
            "en_US",
            "Good news! Order {{1}} is on its way and should arrive on {{2}}. Track it in the app.",
            ACTIVE,
            "",
        ),
        (
            "nl",
            "Goed nieuws! Bestelling {{1}} is onderweg en komt naar verwachting op {{2}} "
            "aan. Volg hem in de app.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "delivery_window",
        "SHIPPING_UPDATE",
        [("customer_name", TEXT), ("time_from", DATETIME), ("time_to", DATETIME)],
        (
            "en_GB",
            "Hello {{1}}, our driver will deliver your parcel between {{2}} and {{3}} today.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "appointment_reminder",
        "APPOINTMENT_UPDATE",
        [("customer_name", TEXT), ("appointment_time", DATETIME), ("location", TEXT)],
        (
            "en_US",
            "Hi {{1}}, a reminder of your appointment on {{2}} at {{3}}. Reply CHANGE to "
            "reschedule.",
            ACTIVE,
            "",
        ),
        (
            "nl",
            "Hoi {{1}}, een herinnering aan je afspraak op {{2}} bij {{3}}. Antwoord WIJZIG "
            "om te verzetten.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "payment_received",
        "PAYMENT_UPDATE",
        [("amount", CURRENCY), ("invoice_number", TEXT)],
        ("en_US", "We received your payment of {{1}} for invoice {{2}}. Thank you!", ACTIVE, ""),
    ),
    _bp(
        "payment_overdue",
        "PAYMENT_UPDATE",
        [
            ("customer_name", TEXT),
            ("invoice_number", TEXT),
            ("amount", CURRENCY),
            ("due_date", DATETIME),
        ],
        (
            "en_US",
            "Hi {{1}}, invoice {{2}} of {{3}} was due on {{4}}. Please pay it this week "
            "to avoid extra costs.",
            DRAFT,
            "",
        ),
    ),
    _bp(
        "account_verification_code",
        "AUTHENTICATION",
        [("code", TEXT)],
        (
            "en_US",
            "Your verification code is {{1}}. It expires in 10 minutes; never share it.",
            ACTIVE,
            "",
        ),
        (
            "nl",
            "Je verificatiecode is {{1}}. Hij verloopt over 10 minuten; deel hem met niemand.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "password_reset",
        "AUTHENTICATION",
        [("code", TEXT)],
        (
            "en_US",
            "Use code {{1}} to reset your password. If you did not ask for this, ignore "
            "this message.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "login_alert",
        "ACCOUNT_UPDATE",
        [("device", TEXT), ("login_time", DATETIME)],
        (
            "en_US",
            "New sign-in from {{1}} on {{2}}. Was this you? If not, change your password now.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "account_address_changed",
        "ACCOUNT_UPDATE",
        [],
        (
            "en_US",
            "Your delivery address was changed. If this was not you, contact us right away.",
            ACTIVE,
            "",
        ),
        (
            "en_GB",
            "Your delivery address has been changed. If this wasn't you, please contact "
            "us straight away.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "spring_sale",
        "MARKETING",
        [("customer_name", TEXT), ("discount_code", TEXT)],
        (
            "en_US",
            "Hi {{1}}, spring is here! Enjoy 20% off everything with code {{2}}",
            REJECTED,
            "",
        ),
    ),
    _bp(
        "weekend_offer",
        "MARKETING",
        [("discount", TEXT)],
        (
            "en_US",
            "This weekend only: {{1}} off your next order. Shop now in the app!",
            REQUESTED,
            "",
        ),
    ),
    _bp(
        "loyalty_points",
        "MARKETING",
        [("customer_name", TEXT), ("points", TEXT)],
        ("en_US", "{{1}}, you have {{2}} loyalty points waiting for you!", PENDING, ""),
    ),
    _bp("back_in_stock", "MARKETING", [("product_name", TEXT)]),
    _bp(
        "newsletter_welcome",
        "MARKETING",
        [],
        ("en_US", "", INCOMPLETE, ""),
    ),
    _bp(
        "ticket_created",
        "TICKET_UPDATE",
        [("ticket_number", TEXT)],
        (
            "en_US",
            "We received your question. Your ticket number is {{1}}; we will reply "
            "within one working day.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "ticket_resolved",
        "ISSUE_RESOLUTION",
        [("ticket_number", TEXT), ("agent_name", TEXT)],
        (
            "en_US",
            "Ticket {{1}} has been resolved by {{2}}. Reply to this message if you still "
            "need help.",
            ACTIVE,
            "",
        ),
        (
            "nl",
            "Ticket {{1}} is opgelost door {{2}}. Antwoord op dit bericht als je nog hulp "
            "nodig hebt.",
            ACTIVE,
            "",
        ),
        (
            "de",
            "Ticket {{1}} wurde von {{2}} gelöst. Antworten Sie auf diese Nachricht, wenn "
            "Sie noch Hilfe brauchen.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "survey_request",
        "MARKETING",
        [("customer_name", TEXT)],
        (
            "en_US",
            "Hi {{1}}, how did we do? Answer three quick questions and help us improve.",
            DRAFT,
            "",
        ),
    ),
    _bp(
        "table_reservation_confirmed",
        "RESERVATION_UPDATE",
        [("guest_name", TEXT), ("reservation_time", DATETIME), ("party_size", TEXT)],
        (
            "en_US",
            "Thanks {{1}}, your table on {{2}} for {{3}} people is confirmed. See you then!",
            ACTIVE,
            "",
        ),
        (
            "fr",
            "Merci {{1}}, votre table du {{2}} pour {{3}} personnes est confirmée. À bientôt !",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "flight_delay",
        "TRANSPORTATION_UPDATE",
        [("flight_number", TEXT), ("new_departure", DATETIME), ("gate", TEXT)],
        (
            "en_US",
            "Flight {{1}} is delayed. The new departure time is {{2}} from gate {{3}}. "
            "We are sorry for the wait.",
            REQUESTED,
            "",
        ),
        (
            "es",
            "El vuelo {{1}} tiene retraso. La nueva hora de salida es {{2}} desde la puerta "
            "{{3}}. Disculpe la espera.",
            REQUESTED,
            "",
        ),
    ),
    _bp(
        "boarding_pass",
        "TRANSPORTATION_UPDATE",
        [("passenger_name", TEXT), ("flight_number", TEXT), ("seat", TEXT)],
        ("en_US", "Hi {{1}}, your boarding pass for {{2}} {{3}} is ready.", REJECTED, ""),
    ),
    _bp(
        "subscription_renewal",
        "ACCOUNT_UPDATE",
        [("plan_name", TEXT), ("renewal_date", DATETIME), ("amount", CURRENCY)],
        ("en_US", "Your {{1}} plan renews on {{2}} for {{3}}. No action is needed.", ACTIVE, ""),
        (
            "nl",
            "Je {{1}}-abonnement wordt op {{2}} verlengd voor {{3}}.\n\n\nJe hoeft niets te doen.",
            REJECTED,
            "",
        ),
        (
            "de",
            "Ihr {{1}}-Tarif verlängert sich am {{2}} für {{3}}. Sie müssen nichts tun.",
            REQUESTED,
            "",
        ),
    ),
    _bp(
        "invoice_available",
        "UTILITY",
        [("invoice_number", TEXT), ("amount", CURRENCY)],
        ("en_US", "Invoice {{1}} for {{2}} is ready in your account.", ACTIVE, ""),
    ),
    _bp(
        "refund_processed",
        "PAYMENT_UPDATE",
        [("amount", CURRENCY), ("order_number", TEXT)],
        (
            "en_US",
            "We refunded {{1}} for order {{2}}. It can take 5 working days to show.",
            DRAFT,
            "",
        ),
        (
            "nl",
            "We hebben {{1}} terugbetaald voor bestelling {{2}}. Het kan 5 werkdagen duren "
            "voor je het ziet.",
            DRAFT,
            "",
        ),
    ),
    _bp(
        "welcome_message",
        "UTILITY",
        [("customer_name", TEXT)],
        ("en_US", "Welcome {{1}}! You can now reach us here on WhatsApp.", ACTIVE, ""),
        ("en_GB", "Welcome {{1}}! You can now reach us here on WhatsApp.", ACTIVE, ""),
        ("nl", "Welkom {{1}}! Je kunt ons nu ook hier op WhatsApp bereiken.", ACTIVE, ""),
        (
            "pt_BR",
            "Bem-vindo, {{1}}! Agora você pode falar conosco aqui pelo WhatsApp.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "missed_call_followup",
        "UTILITY",
        [],
        (
            "en_US",
            "Sorry we missed your call! Big news: our summer sale starts today, 30% off "
            "everything.",
            REJECTED,
            FB_CATEGORY,
        ),
    ),
    _bp(
        "fraud_alert",
        "ALERT_UPDATE",
        [("amount", CURRENCY), ("merchant", TEXT), ("transaction_time", DATETIME)],
        (
            "en_US",
            "Did you pay {{1}} at {{2}} on {{3}}? Reply YES or NO so we can keep your "
            "account safe.",
            ACTIVE,
            "",
        ),
    ),
    _bp(
        "service_outage",
        "ALERT_UPDATE",
        [("region", TEXT), ("expected_fix", DATETIME)],
        (
            "en_US",
            "We have an outage in {{1}}. We expect to fix it by {{2}}. Sorry for the trouble.",
            REQUESTED,
            "",
        ),
    ),
    _bp(
        "event_invitation",
        "MARKETING",
        [("customer_name", TEXT), ("event_date", DATETIME)],
        (
            "en_US",
            "Hi {{1}}, you are invited to our open day on {{2}}! Bring a friend: {{3}} "
            "tickets left.",
            DRAFT,
            "",
        ),
    ),
    _bp(
        "delivery_failed",
        "SHIPPING_UPDATE",
        [("order_number", TEXT)],
        ("en_US", "We could not deliver order {{1}}. Choose a new moment in the app.", DRAFT, ""),
        ("nl", "", INCOMPLETE, ""),
    ),
]

#: For generated templates (seed scale): (topic, category, content with {{1}}, field type)
GENERATED_TOPICS: list[tuple[str, str, str, str]] = [
    (
        "order_update",
        "UTILITY",
        "Your order {{1}} has been updated. Open the app for details.",
        TEXT,
    ),
    (
        "parcel_notice",
        "SHIPPING_UPDATE",
        "Parcel {{1}} is ready for pick-up at your service point.",
        TEXT,
    ),
    (
        "balance_alert",
        "ALERT_UPDATE",
        "Your balance dropped below {{1}}. Top up to keep using the service.",
        CURRENCY,
    ),
    (
        "visit_reminder",
        "APPOINTMENT_UPDATE",
        "See you on {{1}}! Reply CANCEL if you cannot make it.",
        DATETIME,
    ),
    (
        "promo_week",
        "MARKETING",
        "This week only: save {{1}} on selected items. Happy shopping!",
        CURRENCY,
    ),
    (
        "login_code",
        "AUTHENTICATION",
        "Your login code is {{1}}. Do not share it with anyone.",
        TEXT,
    ),
    (
        "ticket_update",
        "TICKET_UPDATE",
        "There is news about ticket {{1}}. Open the app to read it.",
        TEXT,
    ),
    (
        "ride_status",
        "TRANSPORTATION_UPDATE",
        "Your driver arrives at {{1}}. Please be ready outside.",
        DATETIME,
    ),
]
