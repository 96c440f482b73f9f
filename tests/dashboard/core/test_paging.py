"""The one page of an upstream list (``dashboard.core.paging``) and the ``?page=`` parser."""

from __future__ import annotations

import pytest

from dashboard.core.paging import MAX_PAGE, Page, page_number, page_of, skip_of


def test_a_read_of_one_more_than_a_page_keeps_a_page_and_says_another_follows():
    page = page_of(list("abcd"), 1, 3)
    assert page == Page(items=["a", "b", "c"], number=1, size=3, has_next=True)


def test_a_read_of_a_page_or_fewer_is_the_last_page():
    assert not page_of(list("abc"), 2, 3).has_next
    assert page_of([], 2, 3).items == []


def test_the_first_page_has_no_previous_and_links_to_itself_as_previous():
    page = page_of(list("ab"), 1, 5)
    assert not page.has_previous
    assert page.previous_number == 1
    assert page.next_number == 2


def test_a_later_page_has_a_previous_one_and_numbers_its_neighbours():
    page = page_of(list("ab"), 4, 5)
    assert page.has_previous
    assert (page.previous_number, page.next_number) == (3, 5)


def test_the_positions_shown_count_from_one_across_the_whole_list():
    page = page_of(list("abc"), 3, 10)
    assert (page.first_index, page.last_index) == (21, 23)


def test_skip_counts_the_items_of_the_pages_before_and_never_goes_below_zero():
    assert skip_of(1, 20) == 0
    assert skip_of(3, 20) == 40
    assert skip_of(0, 20) == 0


@pytest.mark.parametrize(
    ("raw", "number"),
    [("1", 1), ("2", 2), (" 2 ", 2), ("10000", 10_000), ("٣", 3)],
)
def test_a_whole_number_from_one_to_the_last_page_is_that_page(raw, number):
    assert page_number(raw) == number


@pytest.mark.parametrize("raw", [None, "", "0", "-3", "1.5", "²", "two", "9" * 5000])
def test_anything_else_below_or_not_a_whole_number_is_the_first_page(raw):
    assert page_number(raw) == 1


def test_a_page_beyond_the_last_one_asked_for_is_the_last_one():
    assert page_number("10001") == MAX_PAGE
    assert page_number("9" * 25) == MAX_PAGE
