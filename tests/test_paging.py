"""The Review list's pages: the page asked for is kept within the list."""

from __future__ import annotations

from coding.review.paging import Paging


def test_a_page_past_the_end_shows_the_last_page_and_an_empty_list_one_page():
    assert Paging.of(25, 10, 7) == Paging(3, 3, 10)
    assert Paging.of(0, 10, 2) == Paging(1, 1, 10)
    assert list(Paging.of(25, 10, 3).window([str(n) for n in range(25)])) == [
        "20", "21", "22", "23", "24"]
