"""The sandbox's in-memory state: a clock that can be advanced, the entities of each account,
and the store that holds them behind one lock.

Entities are plain dataclasses with Python names; ``serialize.py`` turns them into the
camelCase JSON the documentation shows. Every read and write of an account happens while
``SandboxState.lock`` (one ``threading.RLock``) is held, so the threaded server never sees
half-made changes.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

# Template language states. The flags the API shows are derived from these (serialize.py).
INCOMPLETE = "incomplete"  # no content yet
DRAFT = "draft"  # content, validation not requested: "not submitted", so isIncomplete
REQUESTED = "requested"  # validation requested, CM is checking it
PENDING = "pending"  # passed on to WhatsApp, awaiting its approval (isPending)
ACTIVE = "active"  # approved
REJECTED = "rejected"  # refused, with a reason

#: The onboarding stages a request goes through (ApiRequestProgression.stages).
STAGES = ["REQUESTED", "DOCUMENTS", "VERIFICATION", "CONFIGURATION", "LIVE"]

#: For each stage: (completeness at the stage's start, next stage type, description key).
STAGE_INFO: dict[str, tuple[int, str, str]] = {
    "REQUESTED": (5, "PROCESSING", "channels.requestState.nextStage.reviewRequest"),
    "DOCUMENTS": (25, "ACTION_REQUIRED", "channels.requestState.nextStage.uploadDocuments"),
    "VERIFICATION": (50, "PROCESSING", "channels.requestState.nextStage.verifyBusiness"),
    "CONFIGURATION": (75, "PROCESSING", "channels.requestState.nextStage.configureChannel"),
    "LIVE": (100, "UNKNOWN", "channels.requestState.nextStage.none"),
}

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


class Clock:
    """Wall-clock time (UTC) plus an offset that ``advance`` moves forward."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        return datetime.now(UTC) + offset

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)

    @property
    def offset_seconds(self) -> float:
        with self._lock:
            return self._offset.total_seconds()


# ---------------------------------------------------------------------------------------------
# Catalog entities (the same for every account)


@dataclass
class Category:
    id: str
    name: str


@dataclass
class ChannelType:
    id: str
    key: str  # the key in ApiChannels.available: "sms" or "whatsApp"
    description: str
    currency: str
    startup_cost: int
    monthly_cost: int
    processing_days: int
    notice_period_days: int
    categories: list[Category]

    def category(self, name: str) -> Category:
        return next(c for c in self.categories if c.name == name)


@dataclass
class Language:
    id: str
    code: str
    name: str


@dataclass
class TemplateCategory:
    id: str
    name: str


@dataclass
class NumberType:
    id: str
    purposes: list[str]
    country: str
    category: str  # MOBILE, LANDLINE, SHORTCODE, TOLLFREE
    description: str
    currency: str
    startup_cost: Decimal
    monthly_cost: Decimal
    notice_period_days: int
    keyword_startup_cost: Decimal
    keyword_monthly_cost: Decimal
    keyword_notice_period_days: int
    processing_days: int


# ---------------------------------------------------------------------------------------------
# Account entities


@dataclass
class ChannelRequest:
    id: str
    channel_type_id: str
    created: datetime
    stage: str = "REQUESTED"
    completeness: int = 5
    fulfilled: datetime | None = None
    cancelled: datetime | None = None
    pending_since: datetime | None = None  # sandbox time it became pending (lifecycle)
    custom_request_form_id: str | None = None

    @property
    def is_pending(self) -> bool:
        return self.fulfilled is None and self.cancelled is None

    @property
    def is_active(self) -> bool:
        return self.fulfilled is not None and self.cancelled is None


@dataclass
class Field:
    id: str
    name: str
    type: str  # text, currency, datetime


@dataclass
class TemplateLanguage:
    id: str
    name: str
    content: str
    state: str
    created: datetime
    updated: datetime
    rejection_reason: str | None = None
    fulfilled: datetime | None = None
    rejected: datetime | None = None
    requested_at: datetime | None = None


@dataclass
class Template:
    id: str
    channel_id: str
    category_id: str
    name: str
    facebook_name: str
    created: datetime
    updated: datetime
    fields: list[Field] = field(default_factory=list)
    languages: dict[str, TemplateLanguage] = field(default_factory=dict)
    cancelled: datetime | None = None


@dataclass
class Profile:
    id: str
    channel_id: str
    name: str
    image: str
    phone_number: str
    created: datetime
    is_active: bool = False
    is_pending: bool = True
    is_otp_sent: bool = False
    is_otp_processed: bool = False
    otp_method: str | None = None
    otp_processed_at: datetime | None = None  # lifecycle: pending since
    rejection_reason: str | None = None
    fulfilled: datetime | None = None
    rejected: datetime | None = None
    cancelled: datetime | None = None


@dataclass
class BusinessAccount:
    """A WhatsApp business account: everything under /whatsapp/{channelRequestId}/."""

    id: str
    channel_request_id: str
    channel_id: str  # the businessAccount channel
    namespace: str
    created: datetime
    fulfilled: datetime | None = None
    cancelled: datetime | None = None
    pending_since: datetime | None = None
    active_language_ids: list[str] = field(default_factory=list)
    templates: dict[str, Template] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)

    @property
    def is_pending(self) -> bool:
        return self.fulfilled is None and self.cancelled is None


@dataclass
class PhoneNumber:
    id: str  # digits, never a uuid (NOTES rule 16)
    number: str  # 00 + country code + number; a short code is its digits
    number_type_id: str
    is_shared: bool
    owned_since: datetime | None = None
    number_request_id: str | None = None


@dataclass
class NumberRequest:
    id: str
    channel_id: str
    number_type_id: str
    created: datetime
    phone_number_id: str | None = None
    fulfilled: datetime | None = None
    cancelled: datetime | None = None
    pending_since: datetime | None = None

    @property
    def is_pending(self) -> bool:
        return self.fulfilled is None and self.cancelled is None

    @property
    def is_active(self) -> bool:
        return self.fulfilled is not None and self.cancelled is None


@dataclass
class KeywordClaim:
    id: str
    channel_id: str
    phone_number_id: str
    keyword: str
    claimed: datetime


@dataclass
class Endpoint:
    id: str
    method: str
    url: str
    type: str
    created: datetime
    updated: datetime
    channels_one_id: str | None = None  # event webhook endpoints only


@dataclass
class EmailAddress:
    id: str
    address: str
    created: datetime
    updated: datetime


@dataclass
class ConfigElement:
    """One inbound configuration (messaging log, customer contact, e-mail, webhook, event
    webhook); which lists are used depends on the kind."""

    id: str
    kind: str  # messagingLog, customerContact, email, webhook, eventWebhook
    enabled: bool
    created: datetime
    updated: datetime
    endpoints: list[Endpoint] = field(default_factory=list)
    addresses: list[EmailAddress] = field(default_factory=list)
    endpoint: Endpoint | None = None


@dataclass
class ChannelConfig:
    group_id: str
    messaging_log: ConfigElement
    customer_contact: ConfigElement
    email: ConfigElement
    webhook: ConfigElement
    event_webhook: ConfigElement

    def elements(self) -> list[ConfigElement]:
        return [
            self.messaging_log,
            self.customer_contact,
            self.email,
            self.webhook,
            self.event_webhook,
        ]


@dataclass
class ChannelRef:
    """Where a channel comes from: ``kind`` is its category name, ``key`` the entity's id and
    ``owner`` the business account id for WhatsApp channels."""

    kind: str  # keywords, numbers, templates, profiles, businessAccount
    key: str
    owner: str | None = None
    seeded: bool = False


@dataclass
class ChannelView:
    """A channel as the API shows it, built on demand from its entity."""

    id: str
    kind: str
    type_key: str
    channel_type_id: str
    category_id: str
    channel_request_id: str | None
    channel_ref: str  # ApiChannel.channelID
    url: str
    is_pending: bool
    created: datetime
    stage: str
    completeness: int
    has_pending_order: bool
    custom_request_form_id: str | None
    custom_request_form_is_pending: bool


@dataclass
class Company:
    name: str
    domain: str


@dataclass
class AccountState:
    account_id: str
    token: str
    scale: dict[str, int]
    company: Company
    seeded_at: datetime
    channel_types: dict[str, ChannelType] = field(default_factory=dict)
    languages: dict[str, Language] = field(default_factory=dict)
    template_categories: dict[str, TemplateCategory] = field(default_factory=dict)
    number_types: dict[str, NumberType] = field(default_factory=dict)
    channel_requests: dict[str, ChannelRequest] = field(default_factory=dict)
    business_accounts: dict[str, BusinessAccount] = field(default_factory=dict)  # by request id
    phone_numbers: dict[str, PhoneNumber] = field(default_factory=dict)
    number_requests: dict[str, NumberRequest] = field(default_factory=dict)
    keyword_claims: dict[str, KeywordClaim] = field(default_factory=dict)
    channels: dict[str, ChannelRef] = field(default_factory=dict)
    configs: dict[str, ChannelConfig] = field(default_factory=dict)
    next_due: datetime | None = None  # lifecycle: None means "scan on the next request"

    def touch(self) -> None:
        """Something that may finish later changed: let the lifecycle look again."""
        self.next_due = None

    def channel_type_by_key(self, key: str) -> ChannelType:
        return next(t for t in self.channel_types.values() if t.key == key)

    @property
    def sms_request_id(self) -> str | None:
        sms = self.channel_type_by_key("sms")
        for request in self.channel_requests.values():
            if request.channel_type_id == sms.id and request.is_active:
                return request.id
        return None

    def available_numbers(self) -> list[PhoneNumber]:
        """Shared numbers and the numbers this account owns (the only ones the API shows)."""
        return [n for n in self.phone_numbers.values() if n.is_shared or n.owned_since]


@dataclass
class Fault:
    method: str
    path: str
    count: int
    status: int | None = None
    delay_ms: int = 0
    retry_after: str | None = None
    malformed: bool = False
    body: Any = None
    after_apply: bool = False
    """Carry the request out first, then answer the fault: a write whose answer is lost."""

    def matches(self, method: str, path: str) -> bool:
        if self.method not in ("*", "", method.upper()):
            return False
        if self.path.endswith("*"):
            return path.startswith(self.path[:-1])
        return path.rstrip("/") == self.path.rstrip("/")

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "count": self.count,
            "status": self.status,
            "delay_ms": self.delay_ms,
            "retry_after": self.retry_after,
            "malformed": self.malformed,
            "body": self.body,
            "after_apply": self.after_apply,
        }


@dataclass
class Settings:
    latency_ms: int = 0
    otp_code: str = "123456"
    approve_after: float = 60.0


LOG_LIMIT = 100_000


# Builds a seeded account: (account id, token, now, scale) -> its state (``seed.seed_account``).
Seeder = Callable[[str, str, datetime, dict[str, int] | None], AccountState]


class SandboxState:
    """Every account, the request log, the armed faults, the settings and the clock."""

    def __init__(self, settings: Settings | None = None, *, seed: Seeder) -> None:
        self.lock = threading.RLock()
        # Given by whoever builds the state (``server.create_state``): the seed builds on
        # these records, so the state importing it back would make a cycle.
        self.seed = seed
        # /channels/v1 requests being answered now (a delayed one may outlive its client).
        self.in_flight = 0
        self.clock = Clock()
        self.settings = settings or Settings()
        self.initial_settings = Settings(**vars(self.settings))
        self.accounts: dict[str, AccountState] = {}
        self.tokens: dict[str, str] = {}  # token -> account id
        self.log: deque[dict[str, Any]] = deque(maxlen=LOG_LIMIT)
        self.faults: list[Fault] = []

    def add_account(
        self, account_id: str, token: str, scale: dict[str, int] | None = None
    ) -> AccountState:
        """Add (or seed again) an account at ``scale``, answering to ``token``."""
        account_id = str(uuid.UUID(account_id))  # ValueError when it is not a uuid
        with self.lock:
            old = self.accounts.get(account_id)
            if old is not None:
                self.tokens.pop(old.token.strip().lower(), None)
            account = self.seed(account_id, token, self.clock.now(), scale or {})
            self.accounts[account_id] = account
            self.tokens[token.strip().lower()] = account_id
            return account

    def reset(self) -> None:
        """Every account back to its seed, the clock and the settings to how they started."""
        with self.lock:
            self.clock.reset()
            self.settings = Settings(**vars(self.initial_settings))
            for account in list(self.accounts.values()):
                self.add_account(account.account_id, account.token, account.scale)

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.count > 0 and fault.matches(method, path):
                    fault.count -= 1
                    if fault.count == 0:
                        self.faults.remove(fault)
                    return fault
        return None
