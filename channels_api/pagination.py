"""Walking a paged list (skip/take) to its end, one bounded page at a time.

Pages are for people; a poller or an export needs everything. ``iterate_pages`` asks for
``page_size`` items at a time and stops at the first short page, so a list of N items
costs ceil((N + 1) / page_size) calls at most, and never one unbounded request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def iterate_pages(
    fetch: Callable[..., list[T]],
    *args: Any,
    page_size: int = DEFAULT_PAGE_SIZE,
    max_items: int | None = None,
    **kwargs: Any,
) -> Iterator[T]:
    """Yield every item of a paged list operation, e.g.
    ``iterate_pages(client.templates.list, channel_request_id, q="order")``.

    ``fetch`` is a client method that takes ``skip`` and ``take``; other arguments pass
    through. ``page_size`` is clamped to 1..MAX_PAGE_SIZE; ``max_items`` stops early.
    """
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    skip = 0
    yielded = 0
    while True:
        page = fetch(*args, skip=skip, take=size, **kwargs) or []
        for item in page:
            yield item
            yielded += 1
            if max_items is not None and yielded >= max_items:
                return
        if len(page) < size:
            return
        skip += size


def fetch_all(
    fetch: Callable[..., list[T]], *args: Any, page_size: int = DEFAULT_PAGE_SIZE, **kwargs: Any
) -> list[T]:
    """Every item of a paged list operation, as a list."""
    return list(iterate_pages(fetch, *args, page_size=page_size, **kwargs))
