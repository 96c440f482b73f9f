"""Benchmark 7: search across accounts.

50 accounts, each indexed with 2,000 templates, 200 numbers, 100 keyword claims, 20 channel
requests and 30 WhatsApp profiles (117,500 rows), written through ``search.services.
index_replace`` as a poll writes them. Then ``GET /search/?q=…`` as htmx asks for it while a
person types, in the bench's process through Django's test client: the dashboard's own time
(routing, session, the query, the template), with no CM.com in it (a search makes no call).

Each query is asked ``RUNS`` times by an admin (every account) and by a support person
granted half of them; the figures are the median and the nearest-rank 90th percentile, and
the database queries of one search. Bar: the median of every query ≤ 50 ms.

    python -m bench.search              # on its own, printing the table
    python -m bench --only search --output /tmp/search.md
"""

from __future__ import annotations

import math
import time
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bench.report import Section, mark
from bench.stats import median

if TYPE_CHECKING:
    from django.test import Client

    from dashboard.accounts.models import CMAccount

ACCOUNTS = 50
TEMPLATES = 2000
NUMBERS = 200
KEYWORDS = 100
REQUESTS = 20
PROFILES = 30
PER_ACCOUNT = TEMPLATES + NUMBERS + KEYWORDS + REQUESTS + PROFILES
RUNS = 30
LIMIT_MS = 50.0
TITLE = "7. Search across accounts (50 accounts x 2,000 templates, plus numbers and the rest)"
BAR = f"median dashboard time of a search as one types ≤ {LIMIT_MS:.0f} ms, for every query"
NAMESPACE = uuid.UUID("0f6a1c52-8d3e-4b7a-a2c1-5e9d3f7b1a40")
# Words template names are made of: realistic names, and prefixes many of them share.
_WORD_TEXT = (
    "order shipping delivery payment invoice refund account login password appointment "
    "reminder ticket survey welcome loyalty points offer sale event flight boarding "
    "alert outage renewal subscription confirmation update failed received overdue"
)
_WORDS = _WORD_TEXT.split()


def template_name(n: int, i: int) -> str:
    """Account ``n``'s template ``i``: two words and a number (``order_update_0042``)."""
    return f"{_WORDS[i % len(_WORDS)]}_{_WORDS[(i * 7 + n) % len(_WORDS)]}_{i:04d}"


QUERIES: list[tuple[str, str]] = [
    ("one template by its full name", template_name(3, 1234)),
    ("two words many names share", "refund outage"),
    ("a common word: more hits than shown", "order"),
    ("a number typed with + and spaces", "+31 6 2000 01"),
    ("a keyword", "kw0042"),
    ("nothing matches", "zzzz no such thing"),
]


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "-".join(str(p) for p in parts)))


def _listed(n: int) -> list[Any]:
    """Account ``n``'s items, as the poller would hand them over."""
    from dashboard.search.index import Listed
    from dashboard.search.models import EntryKind

    request_id = _uuid(n, "whatsapp")
    items: list[Listed] = []
    for i in range(TEMPLATES):
        name = template_name(n, i)
        template_id = _uuid(n, "template", i)
        items.append(
            Listed(
                EntryKind.TEMPLATE,
                template_id,
                name,
                "Utility · English (US)",
                params={"whatsapp_request_id": request_id, "template_id": template_id},
            )
        )
    for i in range(NUMBERS):
        number = f"00316{n:02d}{i:06d}"
        items.append(
            Listed(
                EntryKind.NUMBER,
                str(10_000 * n + i),
                number,
                "A Dutch mobile number · NL",
                numbers=(number,),
                params={"phone_number_id": str(10_000 * n + i)},
            )
        )
    for i in range(KEYWORDS):
        claim_id = _uuid(n, "keyword", i)
        items.append(
            Listed(
                EntryKind.KEYWORD,
                claim_id,
                f"KW{i:04d}",
                "on 3010",
                numbers=("3010",),
                params={"keyword_claim_id": claim_id},
            )
        )
    for i in range(REQUESTS):
        request = _uuid(n, "request", i)
        items.append(
            Listed(
                EntryKind.CHANNEL_REQUEST,
                request,
                "WhatsApp channel request" if i % 2 else "SMS channel request",
                "Fulfilled",
                params={"channel_request_id": request},
            )
        )
    for i in range(PROFILES):
        profile_id = _uuid(n, "profile", i)
        items.append(
            Listed(
                EntryKind.PROFILE,
                profile_id,
                f"Brand {n} line {i}",
                f"00317{n:02d}{i:06d}",
                numbers=(f"00317{n:02d}{i:06d}",),
                params={"whatsapp_request_id": request_id, "profile_id": profile_id},
            )
        )
    return items


def _seed() -> tuple[list[CMAccount], float, float]:
    """The accounts and their index; the median seconds of a first and an unchanged write."""
    from dashboard.accounts.models import CMAccount
    from dashboard.search.models import EntryKind
    from dashboard.search.services import index_replace

    read_at = dict.fromkeys(EntryKind.values, datetime.now(UTC))
    accounts: list[CMAccount] = []
    first: list[float] = []
    again: list[float] = []
    for n in range(ACCOUNTS):
        account = CMAccount(
            name=f"Search bench {n:02d}", account_id=_uuid(n, "account"), base_url="http://x"
        )
        account.set_token(_uuid(n, "token"))
        account.save()
        accounts.append(account)
        items = _listed(n)
        started = time.perf_counter()
        index_replace(account=account, listed=items, read_at=read_at)
        first.append(time.perf_counter() - started)
        if n < 5:  # what each later poll costs when nothing changed
            started = time.perf_counter()
            index_replace(account=account, listed=items, read_at=read_at)
            again.append(time.perf_counter() - started)
    return accounts, median(first), median(again)


def nearest_rank(values: list[float], percent: float) -> float:
    """The nearest-rank percentile (as ``tracker.stats`` defines it)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _time(client: Client, query: str) -> tuple[list[float], int, int]:
    """Seconds of each run, the database queries of one, and the rows it showed."""
    from django.db import connection

    headers = {"HX-Request": "true"}
    client.get("/search/", {"q": query}, headers=headers)  # warm: templates, the session
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page = client.get("/search/", {"q": query}, headers=headers)
    assert page.status_code == 200, page.status_code
    shown = page.content.decode().count('<li><span class="badge">')
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get("/search/", {"q": query}, headers=headers)
        seconds.append(time.perf_counter() - started)
    return seconds, len(executed), shown


def _people(accounts: list[CMAccount]) -> dict[str, Any]:
    from bench.environment import logged_in
    from dashboard.people.models import Role, User

    admin = User.objects.create(username="search-bench-admin", role=Role.ADMIN)
    support = User.objects.create(username="search-bench-support", role=Role.SUPPORT)
    for account in accounts[::2]:
        account.users.add(support)
    return {"admin (50 accounts)": logged_in(admin), "support (25 accounts)": logged_in(support)}


def run() -> Section:
    """Seed, measure, remove what was seeded (beat would poll the accounts otherwise)."""
    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User
    from dashboard.search.models import SearchEntry

    accounts, first_write, unchanged_write = _seed()
    try:
        rows_total = SearchEntry.objects.count()
        rows: list[list[str]] = []
        raw: list[dict[str, Any]] = []
        met = True
        for who, client in _people(accounts).items():
            for what, query in QUERIES:
                seconds, queries, shown = _time(client, query)
                mid, p90 = median(seconds) * 1000, nearest_rank(seconds, 90) * 1000
                ok = mid <= LIMIT_MS
                met = met and ok
                cells = [who, what, f"`{query}`", str(shown), str(queries)]
                rows.append([*cells, f"{mid:.1f}", f"{p90:.1f}", mark(ok)])
                raw.append(
                    {
                        "person": who,
                        "query": query,
                        "shown": shown,
                        "queries": queries,
                        "median_ms": mid,
                        "p90_ms": p90,
                    }
                )
    finally:
        User.objects.filter(username__startswith="search-bench-").delete()
        CMAccount.objects.filter(pk__in=[a.pk for a in accounts]).delete()
    return Section(
        key="search",
        title=TITLE,
        bar=BAR,
        columns=[
            "person",
            "query",
            "typed",
            "rows shown",
            "DB queries",
            "median ms",
            "p90 ms",
            "bar",
        ],
        rows=rows,
        met=met,
        notes=[
            f"{rows_total:,} index rows; each search is `GET /search/?q=…` with `HX-Request` "
            f"(the results fragment), {RUNS} timed runs after one warm-up, in-process "
            "(Django's test client: routing, session, middleware, the query, the template).",
            "A search reads the index only; CM.com is not asked (tests/dashboard/search).",
            f"Writing one account's index ({PER_ACCOUNT:,} items) as a poll does: first time "
            f"{first_write * 1000:.0f} ms, unchanged "
            f"{unchanged_write * 1000:.0f} ms (medians).",
        ],
        raw={
            "rows": rows_total,
            "results": raw,
            "write_first_s": first_write,
            "write_unchanged_s": unchanged_write,
        },
    )


def main() -> int:
    """Run this benchmark alone and print its table."""
    from bench.report import run_alone

    return run_alone(run)


if __name__ == "__main__":
    raise SystemExit(main())
