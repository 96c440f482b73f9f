"""Benchmark 5: page weight.

Bytes of each full page and of each htmx fragment it swaps (requested with ``HX-Request:
true`` and the fragment's query, as htmx sends it); and the CSS and JavaScript the pages
load (every ``<link rel="stylesheet">`` and ``<script src>`` of every page, each file once),
raw and gzipped. Bars: a fragment is at most a fifth of its page; CSS+JS at most 80 KB
(80,000 bytes) gzipped.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from bench import stats, visits
from bench.environment import Bench
from bench.pages import Target, partial_href
from bench.report import Section, mark

PARTIAL_LIMIT = 0.2
ASSETS_LIMIT = 80_000
TITLE = "5. Page weight"
BAR = (
    f"each htmx fragment ≤ 1/5 of its page; CSS+JS shipped ≤ 80 KB gzipped ({ASSETS_LIMIT:,} bytes)"
)


class _Assets(HTMLParser):
    """Collects stylesheet and script URLs of a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and values.get("src"):
            self.found.append(values["src"])
        elif (
            tag == "link"
            and "stylesheet" in values.get("rel", "").lower().split()
            and values.get("href")
        ):
            self.found.append(values["href"])


def assets_in(html: str) -> list[str]:
    """Stylesheet and script URLs a page loads (same-site ones: ``/static/...``)."""
    parser = _Assets()
    parser.feed(html)
    return [url for url in parser.found if url.startswith("/")]


def run(bench: Bench, targets: list[Target]) -> Section:
    """Weigh every page, its fragments, and the static files they load."""
    bench.sandbox.settings(latency_ms=0)
    rows: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    verdicts: list[bool] = []
    assets: dict[str, None] = {}
    for target in targets:
        page = visits.view(bench, target.url, None, cold=False, keep_body=True)
        for url in assets_in(page.body.decode("utf-8", errors="replace")):
            assets.setdefault(url.split("?")[0], None)
        parts = []
        for partial in target.page.partials:
            href = partial_href(partial, target.url, target.ids)
            got = visits.view(bench, href, None, cold=False, htmx=True)
            share = stats.ratio(got.page_bytes, page.page_bytes)
            met = got.ok and share is not None and share <= PARTIAL_LIMIT
            verdicts.append(met)
            parts.append(
                {
                    "partial": partial.label,
                    "url": href,
                    "status": got.status,
                    "bytes": got.page_bytes,
                    "share": None if share is None else round(share, 3),
                    "met": met,
                }
            )
            rows.append(
                [
                    target.page.label,
                    f"{page.page_bytes:,}",
                    partial.label,
                    f"{got.page_bytes:,}" + ("" if got.ok else f" (HTTP {got.status})"),
                    "—" if share is None else f"{share:.2f}",
                    mark(met),
                ]
            )
        if not target.page.partials:
            rows.append([target.page.label, f"{page.page_bytes:,}", "(none)", "—", "—", "—"])
        raw.append(
            {
                "page": target.page.key,
                "bytes": page.page_bytes,
                "status": page.status,
                "partials": parts,
            }
        )
    files = []
    total_raw = total_gzip = 0
    for url in assets:
        got = visits.view(bench, url, None, cold=False, keep_body=True)
        size, packed = len(got.body), stats.gzip_size(got.body)
        total_raw += size
        total_gzip += packed
        files.append({"url": url, "status": got.status, "bytes": size, "gzip": packed})
    assets_met = bool(files) and total_gzip <= ASSETS_LIMIT
    verdicts.append(assets_met)
    asset_rows = [
        [f"`{f['url']}`", f"{f['bytes']:,}", f"{f['gzip']:,}", str(f["status"])] for f in files
    ]
    asset_rows.append(["**total**", f"{total_raw:,}", f"{total_gzip:,}", mark(assets_met)])
    return Section(
        key="weight",
        title=TITLE,
        bar=BAR,
        columns=["page", "page bytes", "fragment", "fragment bytes", "share", "bar"],
        rows=rows,
        met=all(verdicts) if verdicts else None,
        notes=[
            "Bytes are the HTML as the server sends it, before compression, as an admin (who "
            "sees every action). Gzip at level 9, as whitenoise compresses static files.",
        ],
        tables=[("CSS and JavaScript shipped", ["file", "raw", "gzipped", "status"], asset_rows)],
        raw={
            "pages": raw,
            "assets": files,
            "assets_raw": total_raw,
            "assets_gzip": total_gzip,
        },
    )
