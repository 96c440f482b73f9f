"""channels_api.pagination: a long list is walked in bounded pages, never fetched whole."""

from channels_api.pagination import MAX_PAGE_SIZE, fetch_all, iterate_pages


class FakeList:
    def __init__(self, size):
        self.items = list(range(size))
        self.calls = []

    def __call__(self, prefix, *, skip, take):
        self.calls.append((skip, take))
        return [f"{prefix}{i}" for i in self.items[skip : skip + take]]


def test_every_item_comes_back_once_in_order():
    source = FakeList(250)
    assert fetch_all(source, "t", page_size=100) == [f"t{i}" for i in range(250)]
    assert source.calls == [(0, 100), (100, 100), (200, 100)]


def test_an_exact_multiple_costs_one_more_empty_page_and_no_more():
    source = FakeList(200)
    assert len(fetch_all(source, "t", page_size=100)) == 200
    assert source.calls == [(0, 100), (100, 100), (200, 100)]


def test_the_page_size_is_bounded():
    source = FakeList(3)
    fetch_all(source, "t", page_size=10_000)
    assert source.calls == [(0, MAX_PAGE_SIZE)]


def test_max_items_stops_without_asking_for_more_pages():
    source = FakeList(1000)
    assert len(list(iterate_pages(source, "t", page_size=50, max_items=60))) == 60
    assert source.calls == [(0, 50), (50, 50)]
