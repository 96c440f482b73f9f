"""The index's one write: what a poll listed replaces what the account's rows held."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from dashboard.accounts.models import CMAccount
from dashboard.search.index import Listed
from dashboard.search.models import IndexedList, SearchEntry

_SHOWN = ("title", "detail", "text", "params", "status", "parts")


def index_replace(
    *, account: CMAccount, listed: Iterable[Listed], read_at: Mapping[str, datetime]
) -> tuple[int, int, int]:
    """Make the account's rows of each kind in ``read_at`` exactly ``listed``; returns
    (added, changed, removed).

    ``read_at`` names the kinds whose lists were read in full and when; rows of other kinds
    are left as they are (their list was not read). Unchanged rows are not written, so a
    cycle that saw nothing new costs one SELECT and the ``IndexedList`` upserts.
    """
    kinds = set(read_at)
    wanted: dict[tuple[str, str], Listed] = {}
    for item in listed:
        if item.kind in kinds:
            wanted.setdefault((item.kind, item.upstream_id), item)
    with transaction.atomic():
        have = {
            (row.kind, row.upstream_id): row
            for row in SearchEntry.objects.filter(account=account, kind__in=kinds).only(
                "pk", "kind", "upstream_id", *_SHOWN
            )
        }
        gone = [row.pk for key, row in have.items() if key not in wanted]
        new: list[SearchEntry] = []
        changed: list[SearchEntry] = []
        for key, item in wanted.items():
            row = have.get(key)
            values = {
                "title": item.title[:300],
                "detail": item.detail[:300],
                "text": item.text,
                "params": item.params,
                "status": item.status[:40],
                "parts": item.parts,
            }
            if row is None:
                new.append(
                    SearchEntry(
                        account=account, kind=item.kind, upstream_id=item.upstream_id, **values
                    )
                )
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        if gone:
            SearchEntry.objects.filter(pk__in=gone).delete()
        # A racing poll of the same account may have inserted the same rows: theirs stand.
        SearchEntry.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        SearchEntry.objects.bulk_update(changed, list(_SHOWN), batch_size=500)
        counted = counts(wanted.values())
        for kind, moment in read_at.items():
            IndexedList.objects.update_or_create(
                account=account,
                kind=kind,
                defaults={"read_at": moment, "counts": counted.get(kind, {})},
            )
    return len(new), len(changed), len(gone)


def counts(listed: Iterable[Listed]) -> dict[str, dict[str, dict[str, int]]]:
    """kind → group → status → how many (``IndexedList.counts``); the group is the WhatsApp
    request an item belongs to, "" for items of the account itself."""
    found: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for item in listed:
        found[item.kind][_group(item.params)][item.status] += 1
    return {kind: {g: dict(c) for g, c in groups.items()} for kind, groups in found.items()}


def _group(params: Mapping[str, Any]) -> str:
    return str(params.get("whatsapp_request_id") or "")
