"""Every page that reads CM.com answers under every kind of upstream fault (issue 9).

For each page, each upstream path it reads is failed in turn (timeout, 500, 503, 429 with
Retry-After, 401, 403, 404, an unreadable body) while the others answer. The page must still
answer with its designed status (never a 500 of ours), show in words what went wrong and what
to do (``describe_failure``'s sentences), and still show its other parts; where the page has an
htmx part that shows the failed read, that part is requested too, and must come back as the
fragment its hx-target names, with the same words.

``PAGES`` says which paths each page reads and what else it shows. It cannot drift from the
product: ``test_every_page_that_reads_cm_com_is_in_the_table`` requests every GET route of
the URL resolver (through the access matrix, whose samples fill in the ids) on a healthy
sandbox and compares the paths it really read with the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from channels_api import ChannelsClient
from tests.dashboard.matrix import routes
from tests.dashboard.security.faults import (
    READ_FAULTS,
    before_each_request,
    fast_upstream,  # noqa: F401  (a fixture)
    fragment_root_id,
    plain,
    says_one_of,
    text_of,
)
from tests.dashboard.security.helpers import api_prefix
from tests.dashboard.test_access_matrix import MATRIX, SAMPLE_PROVIDERS, _url


@dataclass(frozen=True)
class Part:
    """An htmx part of a page: the query that asks for it, and its root element's id."""

    query: str
    root_id: str


@dataclass(frozen=True)
class Seeded:
    """Text a page shows that the sandbox derives from the clock when it seeds (a date): worked
    out from the seeded object itself, read through the client, so it holds on any day."""

    what: str
    text: Callable[[ChannelsClient, dict[str, str]], str]


def _day(moment: datetime | None) -> str:
    """A date as the pages write it ("j M Y", in the dashboard's time zone)."""
    assert moment is not None, "the seeded object has no such date"
    return date_format(timezone.localtime(moment), "j M Y")


# The business account's fulfilled date, which the WhatsApp home shows in its own part.
BUSINESS_FULFILLED = Seeded(
    "the business account's fulfilled date",
    lambda api, samples: (
        "Fulfilled "
        + _day(api.whatsapp.get_business_account(samples["whatsapp_request_id"]).fulfilled_on_utc)
    ),
)
# The newest channel request's date, the first row of the requests list.
FIRST_REQUEST_DAY = Seeded(
    "the first channel request's date",
    lambda api, _samples: _day(api.channels.list_requests(skip=0, take=1)[0].created_on_utc),
)


@dataclass(frozen=True)
class Read:
    """One upstream path a page reads, and what the page still shows when it fails."""

    name: str
    path: str
    """The path under ``/accounts/<id>``; ``{sample}`` names a matrix sample, ``{any}`` one
    segment (an id the page finds itself)."""
    still_shows: tuple[str | Seeded, ...]
    """Text of another part of the page (or of its frame, when it has one part)."""
    part: Part | None = None
    not_found_status: int | None = None
    """What the page answers when CM.com answers 404 for this read: 404 when it is the object
    the URL names (``dashboard.core.notfound``: the 404 page, or for htmx a toast and no swap);
    unset, the page's status, with the words in place. A 403 is about the token, never one
    object: always said in place."""


@dataclass(frozen=True)
class Page:
    route: str
    reads: tuple[Read, ...]
    status: int = 200
    """What the page answers when a read fails (an export answers 502: there is no file)."""


CONFIG = "/channels/{channel_id}/configuration"
CHANNEL = "/channels/{channel_id}"
# What a channel's page shows from each of its two reads.
CHANNEL_FACTS = ("About this channel", "Open this channel at CM.com")
CONFIGURATION = ("not logged in CM.com's messaging log",)


def _channel_page(route: str, part: Part | None = None) -> Page:
    """A channel's page (a configuration element, an item, an edit form, a delete question):
    the channel and its inbound configuration; the htmx part is the element or item."""
    return Page(
        route,
        (
            Read("channel", CHANNEL, CONFIGURATION, not_found_status=404),
            Read(
                "configuration",
                CONFIG,
                CHANNEL_FACTS,
                part,
                # The channel's page shows the channel without it; an item page is about it.
                not_found_status=None if route == "channels:detail" else 404,
            ),
        ),
    )


def _item_part(prefix: str, sample: str) -> Part:
    return Part("", f"{prefix}-{{{sample}}}")


PAGES: dict[str, Page] = {
    page.route: page
    for page in (
        Page(
            "channels:list",
            (
                Read(
                    "channels",
                    "/channels",
                    ("Channel requests",),
                    Part("?group=sms:keywords&page=1", "group-sms-keywords"),
                ),
                Read("channel types", "/channels/types", ("3010|WIN",)),
            ),
        ),
        _channel_page("channels:detail"),
        Page(
            "channels:element",
            (
                Read(
                    "element",
                    "/channels/{channel_id}/configuration/{configuration_id}",
                    ("Webhooks",),
                    Part("", "switch-webhook"),
                    not_found_status=404,
                ),
            ),
        ),
        _channel_page("channels:messaging_log", Part("", "messaging-log")),
        _channel_page("channels:customer_contact", Part("", "customer-contact")),
        _channel_page("channels:customer_contact_edit", Part("", "customer-contact")),
        _channel_page("channels:email", _item_part("email", "address_id")),
        _channel_page("channels:email_edit", _item_part("email", "address_id")),
        _channel_page("channels:email_confirm_delete", _item_part("email", "address_id")),
        _channel_page("channels:webhook", _item_part("webhook", "webhook_id")),
        _channel_page("channels:webhook_edit", _item_part("webhook", "webhook_id")),
        _channel_page("channels:webhook_confirm_delete", _item_part("webhook", "webhook_id")),
        _channel_page("channels:event_webhook", Part("", "event-webhook")),
        _channel_page("channels:event_webhook_edit", Part("", "event-webhook")),
        _channel_page("channels:event_webhook_confirm_delete", Part("", "event-webhook")),
        Page(
            "channels:requests",
            (
                Read(
                    "channel requests",
                    "/channels/requests",
                    ("Request a channel",),
                    Part("?type={channel_type_id}&page=1", "request-list"),
                ),
                Read(
                    "channel types",
                    "/channels/types",
                    (FIRST_REQUEST_DAY,),
                    Part("?type={channel_type_id}&page=1", "request-list"),
                ),
            ),
        ),
        Page(
            "channels:request_detail",
            (
                Read(
                    "channel request",
                    "/channels/requests/{channel_request_id}",
                    ("Channel requests",),
                    not_found_status=404,
                ),
                Read("channels", "/channels", ("Expected by", "Progress")),
                Read(
                    "channel type",
                    "/channels/types/{channel_type_id}",
                    ("Channels of this request",),
                ),
                Read(
                    "configuration of its channel",
                    "/channels/{any}/configuration",
                    ("Channels of this request", "Expected by"),
                ),
            ),
        ),
        Page(
            "channels:types",
            (
                Read(
                    "channel types",
                    "/channels/types",
                    ("Channel types",),
                    Part("?page=1", "type-list"),
                ),
            ),
        ),
        Page(
            "channels:type_detail",
            (
                Read(
                    "channel type",
                    "/channels/types/{channel_type_id}",
                    ("Channel types",),
                    not_found_status=404,
                ),
                Read(
                    "categories",
                    "/channels/types/{channel_type_id}/categories",
                    ("Start-up cost", "EUR 250.00"),
                ),
            ),
        ),
        Page(
            "channels:request_channel",
            (
                Read(
                    "channel type",
                    "/channels/types/{channel_type_id}",
                    ("Request a channel",),
                    Part("", "request-confirm"),
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "whatsapp:picker",
            (
                Read("channel requests", "/channels/requests", ("WhatsApp channel requests",)),
                Read("channel types", "/channels/types", ("WhatsApp channel requests",)),
            ),
        ),
        Page(
            "whatsapp:home",
            (
                Read(
                    "business account",
                    "/whatsapp/{whatsapp_request_id}/businessaccount",
                    ("Active (7)", "Activate Afrikaans"),
                    not_found_status=404,
                ),
                Read(
                    "active languages",
                    "/whatsapp/{whatsapp_request_id}/languages",
                    (BUSINESS_FULFILLED,),
                    Part("?part=languages", "whatsapp-languages"),
                    # The request's own languages: CM.com not knowing them, no such request.
                    not_found_status=404,
                ),
                Read(
                    "supported languages",
                    "/whatsapp/supportedlanguages",
                    (BUSINESS_FULFILLED, "English (UK)"),
                    Part("?part=supported&q=en", "supported-languages"),
                ),
            ),
        ),
        Page(
            "whatsapp:profiles",
            (
                Read(
                    "profiles",
                    "/whatsapp/{whatsapp_request_id}/profiles",
                    ("WhatsApp profiles",),
                    Part("?q=Sales", "profile-list"),
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "whatsapp:profile",
            (
                Read(
                    "profile",
                    "/whatsapp/{whatsapp_request_id}/profiles/{profile_id}",
                    ("Change the phone number",),
                    Part("", "profile-card"),
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "whatsapp:otp",
            (
                Read(
                    "profile",
                    "/whatsapp/{whatsapp_request_id}/profiles/{profile_id}",
                    ("Verify the phone number",),
                    Part("", "otp-wizard"),
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "studio:pick",
            (
                Read("channel requests", "/channels/requests", ("WhatsApp templates",)),
                Read("channel types", "/channels/types", ("WhatsApp templates",)),
            ),
        ),
        Page(
            "studio:list",
            (
                Read(
                    "templates",
                    "/whatsapp/{whatsapp_request_id}/templates",
                    ("Authentication", "New template"),
                    Part("?q=order", "template-results"),
                    not_found_status=404,
                ),
                Read(
                    "categories",
                    "/whatsapp/{whatsapp_request_id}/templates/categories",
                    ("order_confirmation",),
                ),
            ),
        ),
        Page(
            "studio:create",
            (
                Read(
                    "categories",
                    "/whatsapp/{whatsapp_request_id}/templates/categories",
                    ("New WhatsApp template",),
                    # The page's one read of the request: CM.com not knowing it, no request.
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "studio:edit",
            (
                Read(
                    "template",
                    "/whatsapp/{whatsapp_request_id}/templates/{template_id}",
                    ("Templates",),
                    Part("?part=preview", "studio-preview"),
                    not_found_status=404,
                ),
                Read(
                    "categories",
                    "/whatsapp/{whatsapp_request_id}/templates/categories",
                    ("order_confirmation", "Dutch: Active"),
                    Part("?part=editor", "studio-editor"),
                ),
                Read(
                    "active languages",
                    "/whatsapp/{whatsapp_request_id}/languages",
                    ("order_confirmation", "Dutch: Active"),
                    Part("?part=editor", "studio-editor"),
                ),
            ),
        ),
        Page(
            "numbers:list",
            (
                Read(
                    "numbers",
                    "/phonenumbers",
                    ("Number types", "Keywords"),
                    Part("?country=NL", "number-panel"),
                ),
            ),
        ),
        Page(
            "numbers:detail",
            (
                Read(
                    "number",
                    "/phonenumbers/{phone_number_id}",
                    ("Number types", "Keywords"),
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "numbers:export",
            (Read("numbers", "/phonenumbers", ("The export could not be made",)),),
            status=502,
        ),
        Page(
            "numbers:types",
            (
                Read(
                    "number types",
                    "/phonenumbers/numbertypes",
                    ("Phone numbers", "Keywords"),
                    Part("?country=NL", "types-panel"),
                ),
            ),
        ),
        Page(
            "numbers:requests",
            (
                Read(
                    "number requests",
                    "/phonenumbers/requests",
                    ("Phone numbers", "Keywords"),
                    Part("?pending=yes", "requests-panel"),
                ),
            ),
        ),
        Page(
            "numbers:cancel",
            (
                # Without the number there is nothing to confirm: the frame stays, the form goes.
                Read(
                    "number",
                    "/phonenumbers/{phone_number_id}",
                    ("Cancel number 2460906208",),
                    not_found_status=404,
                ),
                Read("its keywords", "/keywords", ("Cancel ownership of 0031694792890?",)),
            ),
        ),
        Page(
            "numbers:keywords",
            (
                Read(
                    "keyword claims",
                    "/keywords",
                    ("Phone numbers", "Number types"),
                    Part("?country=NL", "keyword-panel"),
                ),
            ),
        ),
        Page(
            "numbers:keywords_export",
            (Read("keyword claims", "/keywords", ("The export could not be made",)),),
            status=502,
        ),
        Page(
            "numbers:keyword_detail",
            (
                Read(
                    "claim", "/keywords/{keyword_claim_id}", ("Verification",), not_found_status=404
                ),
                Read(
                    "verification",
                    "/keywords/{keyword_claim_id}/verify",
                    ("Claimed on 3010", "EUR 50.00"),
                ),
            ),
        ),
        Page(
            "numbers:keyword_claim",
            (Read("numbers", "/phonenumbers", ("Claim a keyword",)),),
        ),
        Page(
            "numbers:keyword_cancel",
            (
                Read(
                    "claim",
                    "/keywords/{keyword_claim_id}",
                    ("Cancel a keyword claim",),
                    not_found_status=404,
                ),
            ),
        ),
        # --- template versions (issue 15)
        # The history is the dashboard's: CM.com is asked only whose a template it is, when the
        # dashboard has no draft or version of it (the sample template), through the editor's
        # cached read. (A comparison also names categories: tests/dashboard/studio.)
        Page(
            "studio:versions",
            (
                Read(
                    "template",
                    "/whatsapp/{whatsapp_request_id}/templates/{template_id}",
                    ("No versions yet.",),
                    not_found_status=404,
                ),
            ),
        ),
        Page(
            "studio:compare",
            (
                Read(
                    "template",
                    "/whatsapp/{whatsapp_request_id}/templates/{template_id}",
                    ("fewer than two versions",),
                    not_found_status=404,
                ),
            ),
        ),
        # --- reviews (issue 15)
        # --- reviews of numbers, keywords and channels (issue 15)
        # --- copy to another account (issue 15)
        *(
            # The preview without choices (all the matrix has) is the pick page again; its
            # reads with choices: tests/dashboard/copying/test_preview_faults.py.
            Page(
                route,
                (
                    Read(
                        "templates",
                        "/whatsapp/{whatsapp_request_id}/templates",
                        ("Copy to", "Preview the copy"),
                        Part("?q=order", "copy-templates"),
                        not_found_status=404,
                    ),
                ),
            )
            for route in ("copying:pick", "copying:preview")
        ),
        # --- bulk import (issue 15)
        Page(
            "imports:start",
            (
                Read(
                    "categories",
                    "/whatsapp/{whatsapp_request_id}/templates/categories",
                    ("The file's layout", "Active languages: English (US)"),
                    not_found_status=404,
                ),
                Read(
                    "active languages",
                    "/whatsapp/{whatsapp_request_id}/languages",
                    ("The file's layout", "Categories: MARKETING"),
                ),
            ),
        ),
        Page(
            "imports:report",
            (
                Read(
                    "template names",
                    "/whatsapp/{whatsapp_request_id}/templates",
                    ("Report, row by row", "imported_by_the_sweep"),
                    not_found_status=404,
                ),
                Read(
                    "categories",
                    "/whatsapp/{whatsapp_request_id}/templates/categories",
                    ("Report, row by row", "imported_by_the_sweep"),
                ),
                Read(
                    "supported languages",
                    "/whatsapp/supportedlanguages",
                    ("Report, row by row", "imported_by_the_sweep"),
                ),
                Read(
                    "active languages",
                    "/whatsapp/{whatsapp_request_id}/languages",
                    ("Report, row by row", "imported_by_the_sweep"),
                ),
            ),
        ),
    )
}

CASES = [
    pytest.param(page, read, id=f"{page.route}-{read.name}")
    for page in PAGES.values()
    for read in page.reads
]


# --- finding the real paths -------------------------------------------------------------------


def _samples(account: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for provider in SAMPLE_PROVIDERS:
        for key, value in provider(account).items():
            found.setdefault(key, str(value))
    return found


def _pattern(read: Read, samples: dict[str, str]) -> re.Pattern[str]:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return "[^/]+" if name == "any" else re.escape(samples[name])

    return re.compile(re.sub(r"\\\{(\w+)\\\}", fill, re.escape(read.path)) + "$")


def _reads_of(sandbox: Any, account: Any) -> set[str]:
    prefix = api_prefix(account)
    return {
        entry["path"][len(prefix) :]
        for entry in sandbox.log()
        if entry["method"] == "GET" and entry["path"].startswith(prefix)
    }


_DISCOVERED: dict[tuple[str, str], frozenset[str]] = {}


def _discover(client: Any, sandbox: Any, account: Any, route: str, url: str) -> frozenset[str]:
    """The upstream paths (under the account) that ``url`` reads on a healthy sandbox."""
    key = (route, url)
    if key not in _DISCOVERED:
        before_each_request(account)
        sandbox.clear_faults()
        sandbox.clear_log()
        response = client.get(url)
        assert response.status_code in (200, 302), f"{route} is not healthy: {response}"
        _DISCOVERED[key] = frozenset(_reads_of(sandbox, account))
    return _DISCOVERED[key]


def _path_for(read: Read, reads: frozenset[str], account: Any) -> str:
    pattern = _pattern(read, _samples(account))
    matching = sorted(path for path in reads if pattern.match(path))
    assert matching, f"the page no longer reads {read.path} (it reads {sorted(reads)})"
    return api_prefix(account) + matching[0]


# --- the tests -------------------------------------------------------------------------------


def test_every_page_that_reads_cm_com_is_in_the_table(
    admin_client, account_a, sandbox, support_user
):
    missing, wrong = [], {}
    samples = _samples(account_a)
    for route, row in sorted(MATRIX.items()):
        if row.method != "GET" or "account_id" not in routes()[route].pattern.converters:
            continue
        url = _url(route, account_a, support_user)
        reads = _discover(admin_client, sandbox, account_a, route, url)
        page = PAGES.get(route)
        if page is None:
            if reads:
                missing.append(route)
            continue
        covered = {
            path for path in reads for read in page.reads if _pattern(read, samples).match(path)
        }
        stale = [
            r.path for r in page.reads if not any(_pattern(r, samples).match(p) for p in reads)
        ]
        if reads - covered or stale:
            wrong[route] = {"not in the table": sorted(reads - covered), "not read": stale}
    assert missing == [], "these pages read CM.com: add them to PAGES"
    assert wrong == {}, "PAGES says other paths than these pages read"


def test_pages_of_no_account_read_nothing_from_cm_com(
    admin_client, account_a, sandbox, support_user
):
    # The table only holds account pages; a page outside /a/<account>/ reading CM.com would
    # slip past it, so prove there is none.
    readers = []
    for route, row in sorted(MATRIX.items()):
        if row.method != "GET" or "account_id" in routes()[route].pattern.converters:
            continue
        sandbox.clear_log()
        admin_client.get(_url(route, account_a, support_user))
        if _reads_of(sandbox, account_a):
            readers.append(route)
    assert readers == []


# What the 404 of an object CM.com does not have says (``dashboard.core.notfound``).
NOT_THERE = "CM.com has no such"


def _shown(read: Read, sandbox: Any, account: Any, samples: dict[str, str]) -> tuple[str, ...]:
    """What the page must still show, with each Seeded text worked out from the sandbox."""
    if all(isinstance(marker, str) for marker in read.still_shows):
        return tuple(str(marker) for marker in read.still_shows)
    token = dict(sandbox.accounts)[account.account_id]
    with ChannelsClient(
        account_id=account.account_id, product_token=token, base_url=sandbox.base_url
    ) as api:
        return tuple(
            marker if isinstance(marker, str) else marker.text(api, samples)
            for marker in read.still_shows
        )


def _check(response: Any, status: int, words: set[str], others: tuple[str, ...]) -> list[str]:
    """What is wrong with one answer, in words (empty when nothing is)."""
    text = text_of(response)
    if response.status_code != status:
        return [f"answered {response.status_code}, not {status}"]
    if status == 404 and response.request.get("HTTP_HX_REQUEST"):
        said = response.headers.get("HX-Reswap") == "none" and NOT_THERE in str(
            response.headers.get("HX-Trigger", "")
        )
        return [] if said else ["a 404 for htmx that would swap, or without the toast"]
    if status == 404:
        said = "Page not found" in text and NOT_THERE in plain(text)
        return [] if said else ["a 404 without the not-found page saying what is missing"]
    problems = [] if says_one_of(text, words) else [f"does not say {sorted(words)[0]!r}"]
    gone = [marker for marker in others if marker not in plain(text)]
    return problems + ([f"the rest of the page is gone: {gone}"] if gone else [])


@pytest.mark.parametrize(("page", "read"), CASES)
def test_a_page_says_what_failed_and_still_shows_the_rest(
    page: Page,
    read: Read,
    admin_client: Any,
    account_a: Any,
    sandbox: Any,
    support_user: Any,
    fast_upstream: None,  # noqa: F811
) -> None:
    url = _url(page.route, account_a, support_user)
    path = _path_for(read, _discover(admin_client, sandbox, account_a, page.route, url), account_a)
    samples = _samples(account_a)
    others = _shown(read, sandbox, account_a, samples)
    problems: dict[str, list[str]] = {}
    # One test per page and read, every kind of fault in turn: the setup (people, accounts,
    # a sandbox reset) is paid once, not eight times.
    for fault in READ_FAULTS.values():
        missing = fault.name == "404" and read.not_found_status is not None
        status = read.not_found_status if missing and read.not_found_status else page.status
        before_each_request(account_a)
        fault.arm(sandbox, "GET", path)
        found = _check(admin_client.get(url), status, fault.words(), others)
        if read.part is not None:
            before_each_request(account_a)
            fault.arm(sandbox, "GET", path)
            part = admin_client.get(
                url + read.part.query.format(**samples), headers={"HX-Request": "true"}
            )
            found += [f"part: {p}" for p in _check(part, status, fault.words(), ())]
            root = read.part.root_id.format(**samples)
            if status == 200 and fragment_root_id(text_of(part)) != root:
                found.append(f"part: the answer is not the fragment #{root}")
        if found:
            problems[fault.name] = found
    assert problems == {}
