"""Reads for the studio: a page of templates, one template with its categories and languages,
and the draft next to it (the WhatsApp channel requests are the WhatsApp pages' read).

Every upstream read goes through ``dashboard.upstream`` under a dotted cache key:

- ``templates.<request id>.list.<q>.<skip>.<take>``: one page of the template list;
- ``templates.<request id>.detail.<template id>``: one template;
- ``templates.categories.<request id>``: the template categories (they do not change on writes
  to templates, so they live outside the ``templates.<request id>`` prefix writes invalidate);
- ``whatsapp.<request id>.languages``: the active languages of the business account (the
  WhatsApp pages' key, ``dashboard.core.selectors.whatsapp_languages_key``).

A write to a template invalidates ``templates.<request id>``, which also drops the overview's
full list (``templates.<request id>``, see ``dashboard.core.selectors.templates_key``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiWhatsAppTemplateBaseResponse,
    ReviewStatus,
)
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.core.paging import Page, page_of, skip_of
from dashboard.studio.models import TemplateDraft
from dashboard.upstream import UpstreamFailure

PAGE_SIZE = 20
# Filtering by category or status is not something the API does (it filters by q only), so a
# filtered list walks the list upstream in pages of SCAN_PAGE_SIZE, at most MAX_SCAN_PAGES of
# them (each cached like any page), and says so when it stopped before the end.
SCAN_PAGE_SIZE = 100
MAX_SCAN_PAGES = 5

STATUS_LABELS = core_selectors.STATUS_LABELS
STATUS_CHOICES: list[tuple[str, str]] = [(str(k), v) for k, v in STATUS_LABELS.items()]


def templates_prefix(request_id: str) -> str:
    """The cache prefix every write to this request's templates invalidates."""
    return core_selectors.templates_key(request_id)


def _q_key(q: str) -> str:
    # Any text can be searched for; the cache key holds a digest so dots and spaces in the
    # search cannot split it into other keys' prefixes.
    return hashlib.sha256(q.encode()).hexdigest()[:16] if q else "-"


def list_key(request_id: str, q: str, skip: int, take: int) -> str:
    """Cache key of one page of the template list."""
    return f"{templates_prefix(request_id)}.list.{_q_key(q)}.{skip}.{take}"


def detail_key(request_id: str, template_id: str) -> str:
    """Cache key of one template."""
    return f"{templates_prefix(request_id)}.detail.{template_id}"


def categories_key(request_id: str) -> str:
    """Cache key of the template categories."""
    return f"templates.categories.{request_id}"


# --- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """How a filtered list was found: CM.com filters by name only, so the dashboard walks it."""

    scanned: int
    """Templates looked at."""
    truncated: bool
    """It stopped after MAX_SCAN_PAGES pages: later templates were not looked at."""


def _matches(item: ApiWhatsAppTemplateBaseResponse, category: str, status: str) -> bool:
    if category and (item.category or "") != category:
        return False
    return not status or str(item.status) == status


def _page_call(request_id: str, q: str, skip: int, take: int) -> upstream.Call:
    def call(client: ChannelsClient) -> list[ApiWhatsAppTemplateBaseResponse]:
        return client.templates.list(request_id, q=q or None, skip=skip, take=take)

    return call


def _categories_call(request_id: str) -> upstream.Call:
    return lambda client: client.templates.list_categories(request_id)


def template_list(
    account: CMAccount,
    request_id: str,
    *,
    q: str = "",
    page: int = 1,
    category: str = "",
    status: str = "",
) -> dict[str, Any]:
    """``{"templates": Page | UpstreamFailure, "categories": list | UpstreamFailure, "scan":
    Scan | None}`` (a Scan only for a filtered list that could be read).

    Without a category or status filter: one call for the page (``take=PAGE_SIZE + 1``, the
    extra item tells whether there is a next page) and one for the categories, at once. With a
    filter: the list is walked upstream in SCAN_PAGE_SIZE pages (at most MAX_SCAN_PAGES) until
    the page asked for is full, filtering each.
    """
    page = max(1, page)
    if not (category or status):
        skip = skip_of(page, PAGE_SIZE)
        got = upstream.fetch_many(
            account,
            {
                list_key(request_id, q, skip, PAGE_SIZE + 1): _page_call(
                    request_id, q, skip, PAGE_SIZE + 1
                ),
                categories_key(request_id): _categories_call(request_id),
            },
        )
        items = got[list_key(request_id, q, skip, PAGE_SIZE + 1)]
        result = items if upstream.is_failure(items) else page_of(items, page, PAGE_SIZE)
        return {"templates": result, "categories": got[categories_key(request_id)], "scan": None}

    first = list_key(request_id, q, 0, SCAN_PAGE_SIZE)
    got = upstream.fetch_many(
        account,
        {
            first: _page_call(request_id, q, 0, SCAN_PAGE_SIZE),
            categories_key(request_id): _categories_call(request_id),
        },
    )
    found = _filtered_page(account, request_id, got[first], q, page, category, status)
    templates, scan = (found, None) if upstream.is_failure(found) else found
    return {"templates": templates, "categories": got[categories_key(request_id)], "scan": scan}


def _filtered_page(
    account: CMAccount,
    request_id: str,
    first: list[ApiWhatsAppTemplateBaseResponse] | UpstreamFailure,
    q: str,
    page: int,
    category: str,
    status: str,
) -> tuple[Page[ApiWhatsAppTemplateBaseResponse], Scan] | UpstreamFailure:
    if upstream.is_failure(first):
        return first
    wanted = page * PAGE_SIZE + 1  # one more than the page's end says whether a next exists
    matches: list[ApiWhatsAppTemplateBaseResponse] = []
    chunk: list[ApiWhatsAppTemplateBaseResponse] | UpstreamFailure = first
    scanned, pages = 0, 0
    while True:
        assert not upstream.is_failure(chunk)
        pages += 1
        scanned += len(chunk)
        matches += [item for item in chunk if _matches(item, category, status)]
        if len(chunk) < SCAN_PAGE_SIZE or len(matches) >= wanted:
            truncated = False
            break
        if pages >= MAX_SCAN_PAGES:
            truncated = True
            break
        skip = pages * SCAN_PAGE_SIZE
        chunk = upstream.fetch_or_failure(
            account,
            list_key(request_id, q, skip, SCAN_PAGE_SIZE),
            _page_call(request_id, q, skip, SCAN_PAGE_SIZE),
        )
        if upstream.is_failure(chunk):
            return chunk
    # The extra match past the page, like the extra item of an unfiltered read, says "next".
    start = skip_of(page, PAGE_SIZE)
    return page_of(matches[start:], page, PAGE_SIZE), Scan(scanned=scanned, truncated=truncated)


# --- one template -----------------------------------------------------------------------------


def template_parts(
    account: CMAccount, request_id: str, template_id: str, *, with_choices: bool = True
) -> dict[str, Any]:
    """The template, and (for the editor) the categories and active languages, at once.

    Each value is the result or an UpstreamFailure.
    """
    # The WhatsApp pages own the languages' key: activating one there drops this copy too.
    languages_key = core_selectors.whatsapp_languages_key(request_id)
    calls: dict[str, upstream.Call] = {
        detail_key(request_id, template_id): lambda client: client.templates.get(
            request_id, template_id
        )
    }
    if with_choices:
        calls[categories_key(request_id)] = _categories_call(request_id)
        calls[languages_key] = lambda client: client.whatsapp.list_active_languages(request_id)
    got = upstream.fetch_many(account, calls)
    return {
        "template": got[detail_key(request_id, template_id)],
        "categories": got.get(categories_key(request_id), []),
        "languages": got.get(languages_key, []),
    }


def categories(account: CMAccount, request_id: str) -> list[Any] | UpstreamFailure:
    """The template categories (for the create form)."""
    return upstream.fetch_or_failure(
        account, categories_key(request_id), _categories_call(request_id)
    )


def existing_draft(account: CMAccount, request_id: str, template_id: str) -> TemplateDraft | None:
    """The draft saved for this template, if any."""
    return TemplateDraft.objects.filter(
        account=account, request_id=request_id, template_id=template_id
    ).first()


@dataclass(frozen=True)
class LanguageBadge:
    """One language of a template with its review status in words."""

    name: str
    status: str
    label: str
    reason: str = ""


@dataclass(frozen=True)
class TemplateRow:
    """A template as the list shows it."""

    id: str
    name: str
    category: str
    status: str
    label: str
    languages: list[LanguageBadge] = field(default_factory=list)


def language_badges(template: ApiWhatsAppTemplateBaseResponse) -> list[LanguageBadge]:
    """Each language of a template with its status in words (and a rejection's reason)."""
    return [
        LanguageBadge(
            name,
            str(item.status),
            STATUS_LABELS.get(item.status, str(item.status)),
            item.rejection_reason or "" if item.status == ReviewStatus.REJECTED else "",
        )
        for name, item in template.languages.items()
    ]


def rows(items: list[ApiWhatsAppTemplateBaseResponse]) -> list[TemplateRow]:
    """Templates as list rows: status and per-language status in words."""
    return [
        TemplateRow(
            id=item.id or "",
            name=item.name or "(no name)",
            category=item.category or "",
            status=str(item.status),
            label=STATUS_LABELS.get(item.status, str(item.status)),
            languages=language_badges(item),
        )
        for item in items
    ]
