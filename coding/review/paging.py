"""Which part of a long list of segments is on screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Paging:
    """Page ``page`` (from 1) of ``pages``, ``size`` segments each."""

    page: int
    pages: int
    size: int

    @classmethod
    def of(cls, count: int, size: int, wanted: int) -> Paging:
        """The pages of a list of ``count`` segments; ``wanted`` kept within them."""
        pages = max(1, -(-count // size))
        return cls(min(max(wanted, 1), pages), pages, size)

    def window(self, ids: Sequence[str]) -> Sequence[str]:
        return ids[(self.page - 1) * self.size:][:self.size]
