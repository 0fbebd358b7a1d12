"""The project file: transcripts, segments, suggestions, decisions, runs, embeddings.

Ids come from content (file hash, turn index, character span), so importing the same
file again changes nothing. Decisions are append-only; suggestions are the machine's
and may be refreshed, but never touch a decision.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from coding.errors import DecisionError, ProjectError
from coding.model import Action, Decision, Episode, Run, Segment, Suggestion, Transcript, Turn
from coding.store.backup import back_up
from coding.store.codebook import CodebookEditing, now
from coding.store.migrations import STEPS, Upgrade, upgrade
from coding.store.participants import PSEUDONYMISED, ParticipantStore
from coding.store.report_reads import ReportReads
from coding.store.review_reads import ReviewReads
from coding.store.team_reads import TeamReads
from coding.store.themes import ThemeStore

BLIND_KEY = "blind"


class Project(CodebookEditing, ParticipantStore, ThemeStore, ReviewReads, TeamReads,
              ReportReads):
    """An open project file. Use as a context manager, or call :meth:`close`.

    Every read the rest of the library needs is a named method (the ``*_reads`` mixins),
    so no code outside ``coding/store/`` runs SQL."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise ProjectError("this is a folder, not a project file.", path=self.path,
                               fix="name a file, e.g. projects/friendtor.sqlite.")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        #: What opening did: the migration steps applied, and the copy made before.
        self.upgraded = Upgrade()
        self.db = self._connect()
        self.db.row_factory = sqlite3.Row

    def _connect(self) -> sqlite3.Connection:
        """Open the file and bring its tables up to date (coding.store.migrations)."""
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.DatabaseError as error:
            raise self._not_a_project(error) from error
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            self.upgraded = upgrade(db, STEPS, self.path,
                                    lambda version: back_up(self.path, version))
        except sqlite3.DatabaseError as error:
            db.close()
            raise self._not_a_project(error) from error
        except BaseException:
            db.close()
            raise
        return db

    def _not_a_project(self, error: sqlite3.DatabaseError) -> ProjectError:
        return ProjectError(f"not a project file ({error}).", path=self.path,
                            fix="open a .sqlite file made by this tool, or a new name.")

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a failure part-way leaves the file as it was."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- settings that fix the project's shape -------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # While the lead keeps blind coding on, each coder sees the machine's suggestions and
    # their own decisions only; turning it off opens reconciliation.
    def blind(self) -> bool:
        """Whether blind coding is on."""
        return self.meta(BLIND_KEY) == "on"

    def set_blind(self, on: bool) -> None:
        self.set_meta(BLIND_KEY, "on" if on else "off")

    def pseudonymised(self) -> bool:
        """Whether speakers were replaced by pseudonyms at import."""
        return self.meta(PSEUDONYMISED) == "1"

    def mark_pseudonymised(self) -> None:
        """Record that this project holds pseudonyms only (once it holds transcripts)."""
        if self.meta(PSEUDONYMISED) is None and self.speaker_labels():
            self.set_meta(PSEUDONYMISED, "1")

    def has_transcripts(self) -> bool:
        return self.db.execute("SELECT 1 FROM transcripts LIMIT 1").fetchone() is not None

    # -- transcripts and segments ---------------------------------------------------------

    def has_transcript(self, transcript_id: str) -> bool:
        query = "SELECT 1 FROM transcripts WHERE id=?"
        return self.db.execute(query, (transcript_id,)).fetchone() is not None

    def add_transcript(self, transcript: Transcript, segments: Sequence[Segment],
                       unit: str) -> bool:
        """Store a transcript with its turns and segments; False if it is already here."""
        if self.has_transcript(transcript.id):
            return False
        clash = self.db.execute("SELECT id FROM transcripts WHERE name=?",
                                (transcript.name,)).fetchone()
        if clash:
            raise ProjectError(
                "a different file with this name is already in the project.",
                path=transcript.name,
                fix="rename the new file if it is another meeting; the stored one is kept.")
        with self.transaction() as db:
            db.execute("INSERT INTO transcripts VALUES (?,?,?,?,?,?,?,?)", (
                transcript.id, transcript.name, transcript.meeting,
                transcript.date.isoformat() if transcript.date else None, transcript.title,
                transcript.format, transcript.word_count, now()))
            db.executemany("INSERT INTO turns VALUES (?,?,?,?,?,?,?)", [
                (transcript.id, t.index, t.speaker, t.text, t.start, t.end, t.line)
                for t in transcript.turns])
            db.executemany("INSERT INTO segments VALUES (?,?,?,?,?,?,?,?,?,?)", [
                (s.id, s.transcript_id, s.turn_index, s.start_char, s.end_char, unit,
                 s.speaker, s.text, s.start, s.end) for s in segments])
        return True

    def segments(self, transcript_ids: Iterable[str] | None = None) -> list[Segment]:
        rows = self.db.execute(
            'SELECT * FROM segments ORDER BY transcript_id, turn_index, start_char').fetchall()
        wanted = set(transcript_ids) if transcript_ids is not None else None
        return [Segment(transcript_id=r["transcript_id"], turn_index=r["turn_index"],
                        start_char=r["start_char"], end_char=r["end_char"], text=r["text"],
                        speaker=r["speaker"], start=r["start"], end=r["end"])
                for r in rows if wanted is None or r["transcript_id"] in wanted]

    def turns(self, transcript_id: str) -> list[Turn]:
        rows = self.db.execute("SELECT * FROM turns WHERE transcript_id=? ORDER BY turn_index",
                               (transcript_id,)).fetchall()
        return [Turn(index=r["turn_index"], speaker=r["speaker"], text=r["text"],
                     start=r["start"], end=r["end"], line=r["line"] or 0) for r in rows]

    # -- topical episodes -----------------------------------------------------------------

    def set_episodes(self, transcript_id: str, episodes: Sequence[Episode]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM episodes WHERE transcript_id=?", (transcript_id,))
            db.executemany("INSERT INTO episodes VALUES (?,?,?,?,?)", [
                (e.transcript_id, e.number, e.start_turn, e.end_turn, e.label)
                for e in episodes])

    def transcripts_without_episodes(self) -> list[str]:
        """Ids of the transcripts whose episodes were never found (new, or older projects)."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM transcripts WHERE id NOT IN (SELECT transcript_id FROM episodes)")]

    def episodes(self, transcript_id: str) -> list[Episode]:
        rows = self.db.execute("SELECT * FROM episodes WHERE transcript_id=? ORDER BY number",
                               (transcript_id,)).fetchall()
        return [Episode(transcript_id=r["transcript_id"], number=r["number"],
                        start_turn=r["start_turn"], end_turn=r["end_turn"], label=r["label"])
                for r in rows]

    # -- suggestions ----------------------------------------------------------------------

    def replace_suggestions(self, segment_ids: Sequence[str],
                            suggestions: Sequence[Suggestion], run_id: str,
                            model: str = "") -> None:
        """The machine's current view of these segments; decisions are untouched. A
        suggestion of a theme deleted while the machine ran is dropped with the theme.
        The first suggestion of a pair nobody has decided yet is also kept for good
        (``first_suggestions``: what the machine said before any coder did)."""
        with self.transaction() as db:
            ids = self._code_ids(db)
            kept = [s for s in suggestions if s.code in ids]
            db.executemany("DELETE FROM suggestion_rows WHERE segment_id=?",
                           [(segment_id,) for segment_id in segment_ids])
            db.executemany(
                "INSERT INTO suggestion_rows (segment_id, code_id, score, source, "
                "matched_words, nearest_example, example_similarity, run_id, confidence) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                [(s.segment_id, ids[s.code], s.score, s.source.value,
                  json.dumps(s.matched_words), s.nearest_example, s.example_similarity,
                  run_id, s.confidence) for s in kept])
            decided = {(row[0], row[1]) for row in db.execute(
                "SELECT DISTINCT segment_id, code_id FROM decision_log "
                "WHERE code_id IS NOT NULL")}
            db.executemany(
                "INSERT INTO first_suggestions (segment_id, code_id, score, confidence, "
                "source, model, run_id, suggested_at) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT (segment_id, code_id) DO NOTHING",
                [(s.segment_id, ids[s.code], s.score, s.confidence, s.source.value, model,
                  run_id, now()) for s in kept if (s.segment_id, ids[s.code]) not in decided])

    @staticmethod
    def _code_ids(db: sqlite3.Connection) -> dict[str, int]:
        """Theme name → id, read inside the writer's transaction so no rename slips in."""
        return {row[0]: row[1] for row in db.execute("SELECT name, id FROM codes")}

    # -- decisions ------------------------------------------------------------------------

    def record_decisions(self, decisions: Sequence[Decision]) -> int:
        """Append decisions after checking every one; any bad one means none is written.
        The check runs inside the write transaction, so no theme can be renamed or
        deleted between the check and the write."""
        with self.transaction() as db:
            ids = self._code_ids(db)
            for number, decision in enumerate(decisions, start=1):
                self._check_decision(number, decision, ids)
            db.executemany(
                "INSERT INTO decision_log (segment_id, code_id, action, new_code_id, coder, "
                "memo, decided_at) VALUES (?,?,?,?,?,?,?)",
                [(d.segment_id, ids.get(d.code), Action(d.action).value, ids.get(d.new_code),
                  d.coder.strip(), d.memo, d.decided_at or now()) for d in decisions])
        return len(decisions)

    def _check_decision(self, number: int, decision: Decision,
                        codes: Mapping[str, int]) -> None:
        def refuse(problem: str, fix: str) -> None:
            raise DecisionError(f"decision {number}: {problem}", row=number, fix=fix)

        if not decision.coder.strip():
            refuse("no coder name is given.", "say who made the decision.")
        if decision.action not in set(Action):
            refuse(f"unknown action {decision.action!r}.",
                   f"use one of: {', '.join(a.value for a in Action)}.")
        exists = "SELECT 1 FROM segments WHERE id=?"
        if self.db.execute(exists, (decision.segment_id,)).fetchone() is None:
            refuse(f"no segment has the id {decision.segment_id!r}.",
                   "copy segment ids from the exported segment table.")
        segment_memo = decision.action == Action.MEMO and not decision.code
        if decision.code not in codes and not segment_memo:
            refuse(f"no code is named {decision.code!r}.", "add it to the codebook first.")
        if decision.action == Action.RELABEL and decision.new_code not in codes:
            refuse(f"relabel needs a new code from the codebook, not {decision.new_code!r}.",
                   "name the code the segment should move to.")
        if decision.action == Action.RELABEL and decision.new_code == decision.code:
            refuse(f"relabel from {decision.code!r} to the same code changes nothing.",
                   "name a different code to move the segment to, or confirm it instead.")
        if decision.new_code and decision.new_code not in codes:
            refuse(f"no code is named {decision.new_code!r} (given as the new code).",
                   "leave the new code empty unless relabelling.")

    def decisions(self) -> list[Decision]:
        rows = self.db.execute("SELECT * FROM decisions ORDER BY id").fetchall()
        return [Decision(segment_id=r["segment_id"], code=r["code"], action=Action(r["action"]),
                         coder=r["coder"], new_code=r["new_code"], memo=r["memo"],
                         decided_at=r["decided_at"]) for r in rows]

    # -- runs -----------------------------------------------------------------------------

    def record_run(self, run: Run) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO runs VALUES (?,?,?,?,?,?,?)", (
                run.id, run.started_at, run.finished_at, json.dumps(run.settings),
                json.dumps(run.versions), json.dumps(run.timings), json.dumps(run.counts)))

    def runs(self) -> list[Run]:
        rows = self.db.execute("SELECT * FROM runs ORDER BY started_at").fetchall()
        return [Run(id=r["id"], started_at=r["started_at"], finished_at=r["finished_at"],
                    settings=json.loads(r["settings"]), versions=json.loads(r["versions"]),
                    timings=json.loads(r["timings"]), counts=json.loads(r["counts"]))
                for r in rows]

    # -- embedding cache (coding.embed.EmbeddingCache) ---------------------------------------

    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = sorted(set(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                    f"SELECT text_hash, vector FROM embeddings WHERE model=? AND text_hash IN "
                    f"({marks})", (model, *chunk)):
                found[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return found

    def put_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?,?,?)", [
                (model, key, np.asarray(vector, dtype=np.float32).tobytes())
                for key, vector in vectors.items()])
