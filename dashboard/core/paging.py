"""One page of a list read from CM.com, and the ``?page=`` number that asks for it.

The API pages with skip/take and never says how many items there are, so a page knows only
whether another follows: every list asks for one item more than a page, and that extra item
says "next". Channels, numbers, WhatsApp profiles and studio templates all page this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_PAGE = 10_000
"""The last page a ``?page=`` may ask for: beyond it, skip would only ask CM.com for nothing."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 1) and whether another follows."""

    items: list[T]
    number: int
    size: int
    """How many items a full page holds (the last page may hold fewer)."""
    has_next: bool
    read_at: datetime | None = None
    """When CM.com was read for it (the cached read's time), for "read from CM.com 3 min ago"."""

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 1

    @property
    def previous_number(self) -> int:
        """The previous page's number (1 on the first page)."""
        return max(1, self.number - 1)

    @property
    def next_number(self) -> int:
        """The next page's number."""
        return self.number + 1

    @property
    def first_index(self) -> int:
        """1-based position in the whole list of the first item shown."""
        return (self.number - 1) * self.size + 1

    @property
    def last_index(self) -> int:
        """1-based position in the whole list of the last item shown."""
        return self.first_index + len(self.items) - 1


def skip_of(number: int, size: int) -> int:
    """How many items come before page ``number``."""
    return (max(1, number) - 1) * size


def page_of(
    read: Sequence[T], number: int, size: int, *, read_at: datetime | None = None
) -> Page[T]:
    """The page from a read of up to ``size + 1`` items: the extra one only says "next"."""
    return Page(
        items=list(read[:size]),
        number=number,
        size=size,
        has_next=len(read) > size,
        read_at=read_at,
    )


def page_number(raw: object) -> int:
    """``?page=`` as a page number from 1 to MAX_PAGE.

    Missing, not a whole number, or below 1: page 1. Beyond MAX_PAGE: MAX_PAGE.
    """
    try:
        number = int(str(raw).strip()) if raw is not None else 1
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)
