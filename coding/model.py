"""The data model: frozen records that flow from readers to exports.

Standard library only, so every other module (and a notebook) can import it cheaply.
Times are seconds from the start of the recording; ``None`` when a format has none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Unit(StrEnum):
    """What one coded segment is."""

    TURN = "turn"
    SENTENCE = "sentence"


class Source(StrEnum):
    """Where a suggestion's evidence came from."""

    KEYWORD = "keyword"
    MEANING = "meaning"
    KEYWORD_AND_MEANING = "keyword+meaning"
    LEARNED = "learned"


class Action(StrEnum):
    """What a coder did. ``relabel`` moves a segment from one code to another."""

    CONFIRM = "confirm"
    REJECT = "reject"
    RELABEL = "relabel"
    MEMO = "memo"
    # "No theme here": the segment was read and carries no code. Sets no pair's status;
    # it marks the segment reviewed and teaches relevance.
    NO_THEME = "no_theme"
    # Withdraws one earlier decision of the same coder (``Decision.undoes``): the log
    # stays append-only, and the pair returns to what the other decisions make it.
    UNDO = "undo"


class EditAction(StrEnum):
    """What was done to a theme of the codebook."""

    ADD = "add"
    EDIT = "edit"
    RENAME = "rename"
    DELETE = "delete"


class SpeakerRole(StrEnum):
    """What a participant is in the meetings. Facilitators' and observers' turns stay
    visible as context, but get no suggestions and are left out of counts by default."""

    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    OBSERVER = "observer"


class Status(StrEnum):
    """The state of one (segment, code) pair, derived from the latest decision."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


def content_hash(data: bytes | str, length: int = 16) -> str:
    """A short, stable id for a piece of content."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:length]


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted contribution."""

    index: int
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int = 0  # first line in the source file, for messages that point back


@dataclass(frozen=True)
class Transcript:
    """A meeting as read from one file."""

    id: str  # content hash of the file's bytes
    name: str  # the file name, without folders
    turns: tuple[Turn, ...]
    meeting: int | None = None
    date: date | None = None
    title: str = ""
    format: str = ""
    # What the reader had to guess or repair, for the user to check (e.g. the encoding).
    warnings: tuple[str, ...] = ()

    @property
    def speakers(self) -> list[str]:
        return sorted({turn.speaker for turn in self.turns})

    @property
    def word_count(self) -> int:
        return sum(len(turn.text.split()) for turn in self.turns)


@dataclass(frozen=True)
class Segment:
    """A unit of coding: a span of characters inside one turn."""

    transcript_id: str
    turn_index: int
    start_char: int
    end_char: int
    text: str
    speaker: str
    start: float | None = None
    end: float | None = None

    @property
    def id(self) -> str:
        return f"{self.transcript_id}:{self.turn_index}:{self.start_char}-{self.end_char}"


@dataclass(frozen=True)
class Episode:
    """Consecutive turns of one meeting on one topic (turn indices inclusive)."""

    transcript_id: str
    number: int  # 1, 2, … in meeting order
    start_turn: int
    end_turn: int
    label: str = ""


@dataclass(frozen=True)
class Code:
    """A theme in the codebook."""

    name: str
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    parent: str = ""


@dataclass(frozen=True)
class Codebook:
    name: str
    codes: tuple[Code, ...]

    def code(self, name: str) -> Code:
        for code in self.codes:
            if code.name == name:
                return code
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [code.name for code in self.codes]


@dataclass(frozen=True)
class SpeakerMatch:
    """Who a speaker label is: the participant's display name, and whether a one-word
    label could have meant several people (then it stays its own participant)."""

    participant: str
    ambiguous: bool = False


@dataclass(frozen=True)
class Suggestion:
    """The machine's proposal that a segment carries a code, with its reasons."""

    segment_id: str
    code: str
    score: float
    source: Source
    matched_words: tuple[str, ...] = ()
    nearest_example: str = ""
    example_similarity: float = 0.0
    # The share of suggestions like this one that the researcher confirmed (calibrated
    # on their decisions); None until there are enough decisions to say.
    confidence: float | None = None


@dataclass(frozen=True)
class Decision:
    """A coder's act on a (segment, code) pair. Stored append-only."""

    segment_id: str
    code: str
    action: Action
    coder: str
    new_code: str = ""  # for RELABEL: the code the segment moves to
    memo: str = ""
    decided_at: str = ""  # ISO time, set by the store when empty
    # The store's number for it, in the order made (None until stored). Not part of what
    # the decision *is*: the same act read from two copies of a project is equal.
    id: int | None = field(default=None, compare=False)
    undoes: int | None = None  # for UNDO: the id of the decision it withdraws


@dataclass(frozen=True)
class Run:
    """What one pipeline run did and with what."""

    id: str
    started_at: str
    finished_at: str
    settings: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CodebookEdit:
    """One change to the codebook, kept forever: the theme before and after."""

    code: str
    action: EditAction
    before: Code | None
    after: Code | None
    coder: str
    edited_at: str = ""
    code_id: int | None = None  # the theme's stable id: follows it through renames


@dataclass(frozen=True)
class Feedback:
    """What coders have taught the machine: per segment id, the codes confirmed on it and
    the codes rejected on it. A segment with rejections and no confirmation is one the
    researcher judged to carry no theme."""

    confirmed: dict[str, frozenset[str]] = field(default_factory=dict)
    rejected: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def decisions(self) -> int:
        return (sum(len(codes) for codes in self.confirmed.values())
                + sum(len(codes) for codes in self.rejected.values()))

    @property
    def without_theme(self) -> list[str]:
        return sorted(set(self.rejected) - set(self.confirmed))


class EmergentThemeStatus(StrEnum):
    """What the researcher did with an emergent theme."""

    OPEN = "open"
    PROMOTED = "promoted"  # now a code of the codebook (``promoted_to``)
    MERGED = "merged"  # its segments went to another theme (``merged_into``)
    DISCARDED = "discarded"


@dataclass(frozen=True)
class EmergentTheme:
    """An emergent theme found by one fit (run), and what was done with it."""

    run_id: str
    number: int
    label: str  # the model's words
    terms: tuple[str, ...]
    quotes: tuple[str, ...]  # segment ids, most typical first
    size: int
    covered_by: str = ""  # the code that covers it; "" means new
    similarity: float = 0.0  # to the nearest code
    nearest: str = ""  # the nearest code
    name: str = ""  # the researcher's name for it; the label until renamed
    status: EmergentThemeStatus = EmergentThemeStatus.OPEN
    promoted_to: str = ""
    merged_into: int | None = None

    @property
    def title(self) -> str:
        return self.name or self.label
