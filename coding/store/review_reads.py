"""What the Review screen reads: filters, counts, cards, episodes, how current learning is.

Each read is a targeted query, so a click costs the same in a 300-segment focus group
and a 10,000-segment year of meetings. Statuses come from the SQL form of the status
rule (:data:`coding.store.status.PAIRS_SQL`); ``only`` names the one coder whose
decisions count ('' for everyone), as blind coding needs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from coding.model import Action, Decision, Status
from coding.store.participants import PARTICIPANT_OF, participant_of
from coding.store.sql_parts import (
    EPISODE,
    MEETING_ORDER_SQL,
    NEWEST_RUN,
    question_marks,
    tuples,
)
from coding.store.status import PAIRS_SQL, STANDING_SQL

#: ``status`` of :meth:`ReviewReads.segment_ids_matching` beside a pair status: any
#: status (segments with some pair of the theme), or segments with no theme at all.
ANY_STATUS = "all"
WITHOUT_THEME = "without a theme"
#: Status filter: segments nobody has decided anything on and with no suggestion; the
#: Review queue's learning order lists them likeliest to carry a theme first.
LIKELY_MISSED = "likely missed"


@dataclass(frozen=True)
class TranscriptHeading:
    """What names a transcript in a list: its id, file name, meeting number and date."""

    id: str
    name: str
    meeting: int | None
    date: str | None
    title: str = ""


@dataclass(frozen=True)
class CardSegment:
    """One segment as a review card shows it: who (the participant), what, where."""

    id: str
    speaker: str
    text: str
    start: float | None
    transcript: str  # file name
    meeting: int | None
    date: str | None
    episode: str | None  # "2. budget · batteries"; None outside every episode
    title: str = ""  # the meeting's title ('' when it has none)


@dataclass(frozen=True)
class SuggestionEvidence:
    """One stored suggestion with the machine's reasons (``source`` as stored)."""

    segment_id: str
    code: str
    score: float
    source: str
    matched_words: tuple[str, ...]
    nearest_example: str
    example_similarity: float
    confidence: float | None = None


def decision_of(row: sqlite3.Row) -> Decision:
    """A row of the ``decisions`` view as a record."""
    return Decision(segment_id=row["segment_id"], code=row["code"], action=Action(row["action"]),
                    coder=row["coder"], new_code=row["new_code"], memo=row["memo"],
                    decided_at=row["decided_at"], id=row["id"], undoes=row["undoes"])


class ReviewReads:
    """Mixin of :class:`coding.store.Project`: the Review screen's reads."""

    db: sqlite3.Connection

    # -- the filter's choices and results ---------------------------------------------------

    def transcripts_in_meeting_order(self) -> list[TranscriptHeading]:
        rows = self.db.execute("SELECT t.id, t.name, t.meeting, t.date, t.title FROM "
                               f"transcripts t ORDER BY {MEETING_ORDER_SQL}")
        return [TranscriptHeading(r["id"], r["name"], r["meeting"], r["date"], r["title"] or "")
                for r in rows]

    def segment_participants(self) -> list[str]:
        """Every participant who speaks in some segment, by name."""
        # Labels first, then their participants: one lookup per label, not per segment.
        rows = self.db.execute(f"SELECT DISTINCT {PARTICIPANT_OF} AS speaker FROM "
                               "(SELECT DISTINCT speaker FROM segments) s ORDER BY speaker")
        return [row[0] for row in rows]

    def segment_ids_matching(self, status: str, transcript: str = "", speaker: str = "",
                             theme: str = "", only: str = "") -> list[str]:
        """Ids in meeting and speaking order of the segments of ``transcript`` spoken by
        participant ``speaker`` ('' = any) that have a pair of ``status`` (and of
        ``theme``, '' = any); with :data:`ANY_STATUS`, any pair of ``theme``; with
        :data:`WITHOUT_THEME`, no pending or confirmed pair and no "no theme here"; with
        :data:`LIKELY_MISSED`, no pair at all (no suggestion, no decision) and no "no
        theme here"."""
        where = ["(:transcript = '' OR seg.transcript_id = :transcript)",
                 f"(:speaker = '' OR {participant_of('seg')} = :speaker)"]
        if status == LIKELY_MISSED:
            where.append("seg.id NOT IN (SELECT segment_id FROM pairs) "
                         "AND seg.id NOT IN (SELECT segment_id FROM no_theme)")
        elif status == WITHOUT_THEME:
            where.append("seg.id NOT IN (SELECT segment_id FROM pairs "
                         "WHERE status IN ('pending', 'confirmed')) "
                         "AND seg.id NOT IN (SELECT segment_id FROM no_theme)")
        elif status == ANY_STATUS:
            where.append("(:theme = '' OR seg.id IN (SELECT segment_id FROM pairs "
                         "WHERE code = :theme))")
        else:
            where.append("seg.id IN (SELECT segment_id FROM pairs WHERE status = :status "
                         "AND (:theme = '' OR code = :theme))")
        query = (f"{PAIRS_SQL} SELECT seg.id FROM segments seg "
                 f"JOIN transcripts t ON t.id = seg.transcript_id WHERE {' AND '.join(where)} "
                 f"ORDER BY {MEETING_ORDER_SQL}, seg.turn_index, seg.start_char")
        params = {"transcript": transcript, "speaker": speaker, "theme": theme,
                  "status": status, "only": only}
        return [row[0] for row in tuples(self.db, query, params)]

    def pending_strengths(self, only: str = "") -> list[tuple[str, str, float, float | None]]:
        """(segment id, code, score, confidence) of every pending suggestion: what the
        learning review order weighs."""
        query = (f"{PAIRS_SQL} SELECT p.segment_id, p.code, s.score, s.confidence "
                 "FROM pairs p JOIN suggestions s ON s.segment_id = p.segment_id "
                 "AND s.code = p.code WHERE p.status = 'pending'")
        return tuples(self.db, query, {"only": only})

    def segment_relevance(self, segment_ids: Sequence[str] | None = None) -> dict[str, float]:
        """segment id -> the machine's chance that it carries any theme (from the last
        run that scored it), for ``segment_ids`` or every segment."""
        rows = tuples(self.db, "SELECT segment_id, relevance FROM segment_relevance", {})
        wanted = None if segment_ids is None else set(segment_ids)
        return {row[0]: row[1] for row in rows if wanted is None or row[0] in wanted}

    def confirmed_per_code(self, only: str = "") -> dict[str, int]:
        """code -> how many segments it is confirmed on."""
        query = (f"{PAIRS_SQL} SELECT code, COUNT(*) FROM pairs WHERE status = 'confirmed' "
                 "GROUP BY code")
        return {row[0]: row[1] for row in tuples(self.db, query, {"only": only})}

    def pair_counts(self, transcript: str = "", only: str = "") -> dict[str, int]:
        """How many (segment, code) pairs have each status (by its value), in one
        transcript or ('') all; a status no pair has is left out."""
        query = (f"{PAIRS_SQL} SELECT status, COUNT(*) FROM pairs "
                 "WHERE (:transcript = '' OR segment_id IN "
                 "(SELECT id FROM segments WHERE transcript_id = :transcript)) GROUP BY status")
        rows = tuples(self.db, query, {"transcript": transcript, "only": only})
        return {row[0]: row[1] for row in rows}

    def segments_without_theme(self, transcript: str = "", only: str = "") -> tuple[int, int]:
        """(segments still without a theme, segments marked "no theme here"), in one
        transcript or ('') all: what is left, and done, beside the pairs."""
        query = (f"{PAIRS_SQL} SELECT "
                 "COUNT(*) FILTER (WHERE seg.id NOT IN (SELECT segment_id FROM no_theme) AND "
                 "seg.id NOT IN (SELECT segment_id FROM pairs "
                 "WHERE status IN ('pending', 'confirmed'))), "
                 "COUNT(*) FILTER (WHERE seg.id IN (SELECT segment_id FROM no_theme)) "
                 "FROM segments seg WHERE (:transcript = '' OR seg.transcript_id = :transcript)")
        left, marked = tuples(self.db, query, {"transcript": transcript, "only": only})[0]
        return left, marked

    def pair_statuses(self, only: str = "") -> dict[tuple[str, str], Status]:
        """(segment, code) -> status of every suggested or decided pair, by the SQL form
        of the status rule; what ``tests/test_status_rule.py`` holds against the Python
        form."""
        rows = tuples(self.db, f"{PAIRS_SQL} SELECT segment_id, code, status FROM pairs",
                      {"only": only})
        return {(segment_id, code): Status(status) for segment_id, code, status in rows}

    # -- cards ------------------------------------------------------------------------------

    def card_segments(self, ids: Sequence[str]) -> dict[str, CardSegment]:
        """segment id -> what its card shows, for those of ``ids`` that exist."""
        rows = self.db.execute(
            f"SELECT s.id, {PARTICIPANT_OF} AS speaker, s.text, s.start, t.name, t.meeting, "
            f"t.date, t.title, {EPISODE} FROM segments s JOIN transcripts t ON "
            f"t.id = s.transcript_id WHERE s.id IN ({question_marks(len(ids))})", list(ids))
        return {r["id"]: CardSegment(r["id"], r["speaker"], r["text"], r["start"], r["name"],
                                     r["meeting"], r["date"], r["episode"], r["title"] or "")
                for r in rows}

    def suggestions_on(self, ids: Sequence[str]) -> list[SuggestionEvidence]:
        """The machine's suggestions on these segments, with their evidence."""
        rows = self.db.execute("SELECT * FROM suggestions WHERE segment_id IN "
                               f"({question_marks(len(ids))})", list(ids))
        return [SuggestionEvidence(r["segment_id"], r["code"], r["score"], r["source"],
                                   tuple(json.loads(r["matched_words"])), r["nearest_example"],
                                   r["example_similarity"], r["confidence"]) for r in rows]

    def decisions_on(self, ids: Sequence[str], only: str = "") -> list[Decision]:
        """Every standing decision on these segments (not undone, no undo) in the order
        made (``only``'s, if named)."""
        rows = self.db.execute(
            f"SELECT * FROM decisions WHERE segment_id IN ({question_marks(len(ids))}) "
            f"AND (? = '' OR coder = ?) AND {STANDING_SQL} ORDER BY id", [*ids, only, only])
        return [decision_of(row) for row in rows]

    def last_act_of(self, coder: str) -> list[Decision]:
        """``coder``'s newest standing decisions that were recorded together (one click,
        one batch: they share a time), newest first; [] when nothing is left to undo."""
        mine = f"FROM decisions WHERE coder = :coder AND {STANDING_SQL}"
        rows = self.db.execute(
            f"SELECT * {mine} AND decided_at = (SELECT decided_at {mine} ORDER BY id DESC "
            "LIMIT 1) ORDER BY id DESC", {"coder": coder.strip()})
        return [decision_of(row) for row in rows]

    def latest_decisions_of(self, coder: str, count: int) -> list[Decision]:
        """``coder``'s ``count`` newest standing decisions, newest first."""
        rows = self.db.execute(f"SELECT * FROM decisions WHERE coder = ? AND {STANDING_SQL} "
                               "ORDER BY id DESC LIMIT ?", (coder.strip(), count))
        return [decision_of(row) for row in rows]

    def turns_around(self, ids: Sequence[str], reach: int) -> list[tuple]:
        """(segment id, turn offset from the segment's turn, participant, start, text) of
        the turns within ``reach`` of each segment's turn, in speaking order."""
        return tuples(self.db, (
            f"SELECT s.id, tu.turn_index - s.turn_index, {participant_of('tu')}, tu.start, "
            "tu.text FROM segments s JOIN turns tu ON tu.transcript_id = s.transcript_id "
            "AND tu.turn_index BETWEEN s.turn_index - ? AND s.turn_index + ? "
            f"WHERE s.id IN ({question_marks(len(ids))}) ORDER BY s.id, tu.turn_index"),
            [reach, reach, *ids])

    def segment_text(self, segment_id: str) -> str | None:
        """The words of one segment; None when no segment has this id."""
        row = self.db.execute("SELECT text FROM segments WHERE id=?", (segment_id,)).fetchone()
        return None if row is None else row[0]

    def segment_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """segment id -> its words, for those of ``ids`` that exist."""
        rows = self.db.execute(f"SELECT id, text FROM segments WHERE id IN "
                               f"({question_marks(len(ids))})", list(ids))
        return {row[0]: row[1] for row in rows}

    # -- episodes ---------------------------------------------------------------------------

    def episode_segment_ids(self, segment_id: str) -> list[str]:
        """Ids of every segment of the topical episode holding ``segment_id``, in speaking
        order; empty when it lies in no episode (or does not exist)."""
        found = self.db.execute(
            "SELECT e.transcript_id, e.start_turn, e.end_turn FROM segments s JOIN episodes e "
            "ON e.transcript_id = s.transcript_id AND s.turn_index BETWEEN e.start_turn "
            "AND e.end_turn WHERE s.id = ?", (segment_id,)).fetchone()
        if found is None:
            return []
        rows = self.db.execute("SELECT id FROM segments WHERE transcript_id=? AND turn_index "
                               "BETWEEN ? AND ? ORDER BY turn_index, start_char", tuple(found))
        return [row[0] for row in rows]

    # -- how current the suggestions are ------------------------------------------------------

    def newest_run_counts(self) -> dict[str, object]:
        """The counts of the run recorded last ({} before any run)."""
        row = self.db.execute("SELECT counts FROM runs WHERE id = (SELECT value FROM meta "
                              "WHERE key=?)", (NEWEST_RUN,)).fetchone()
        return json.loads(row[0]) if row else {}

    def status_decisions_after(self, decision_id: int) -> int:
        """How many decisions other than memos were recorded after ``decision_id``."""
        return self.db.execute("SELECT COUNT(*) FROM decisions WHERE action != 'memo' "
                               "AND id > ?", (decision_id,)).fetchone()[0]

    def decision_tally(self) -> tuple[int, int]:
        """(id of the latest decision or 0, how many decisions are not memos): what a
        refresh of the suggestions learned from."""
        last, decided = self.db.execute(
            "SELECT COALESCE(MAX(id), 0), COUNT(*) FILTER (WHERE action != 'memo') "
            "FROM decisions").fetchone()
        return last, decided
