"""What an update of the suggestions changed, in words a researcher can read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SuggestionChanges:
    """Suggested (segment, theme) pairs before and after an update, compared."""

    new: int  # pairs suggested now on segments that had none of them before
    withdrawn: int  # pairs no longer suggested, on segments left with none
    switched: int  # segments whose suggested themes changed (lost one, gained another)
    moved: tuple[tuple[str, int], ...]  # (theme, change in suggestions), largest first

    @property
    def sentence(self) -> str:
        if not (self.new or self.withdrawn or self.switched):
            return "no suggestion changed."
        moved = ", ".join(f"{theme} {change:+d}" for theme, change in self.moved[:3])
        return (f"{self.new:,} new suggestion(s), {self.withdrawn:,} withdrawn, "
                f"{self.switched:,} segment(s) switched theme"
                + (f"; moved most: {moved}." if moved else "."))


def compare(before: Iterable[tuple[str, str]],
            after: Iterable[tuple[str, str]]) -> SuggestionChanges:
    """How the suggested pairs ``after`` differ from those ``before``."""
    old, now = _by_segment(before), _by_segment(after)
    new = withdrawn = switched = 0
    for segment in set(old) | set(now):
        gained, lost = now.get(segment, set()) - old.get(segment, set()), \
            old.get(segment, set()) - now.get(segment, set())
        if gained and lost:
            switched += 1
        else:
            new += len(gained)
            withdrawn += len(lost)
    counts = Counter(code for codes in now.values() for code in codes)
    counts.subtract(Counter(code for codes in old.values() for code in codes))
    moved = tuple(sorted(((theme, change) for theme, change in counts.items() if change),
                         key=lambda item: (-abs(item[1]), item[0])))
    return SuggestionChanges(new, withdrawn, switched, moved)


def _by_segment(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for segment, code in pairs:
        found.setdefault(segment, set()).add(code)
    return found
