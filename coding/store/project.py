"""The project file: transcripts, segments, suggestions, decisions, runs, embeddings.

Ids come from content (file hash, turn index, character span), so importing the same
file again changes nothing. Decisions are append-only; suggestions are the machine's
and may be refreshed, but never touch a decision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path


from coding.errors import ProjectError
from coding.model import Episode, Run, Segment, Suggestion, Transcript, Turn
from coding.store.accounts import ENABLED_USER_SQL
from coding.store.address import Address, parse_address
from coding.store.backup import back_up
from coding.store.codebook import CodebookEditing, now
from coding.store.engine import SQLITE, Connection, DatabaseError, connect, dialect
from coding.store.members import MemberStore
from coding.store.migrations import STEPS, Upgrade, upgrade
from coding.store.notes import NotesStore
from coding.store.packages import PackageStore
from coding.store.participants import PSEUDONYMISED, ParticipantStore
from coding.store.report_reads import ReportReads
from coding.store.review_reads import ReviewReads
from coding.store.roles import Guard, Role
from coding.store.sql_parts import upsert_run
from coding.store.team_reads import TeamReads
from coding.store.text_caches import TextCaches
from coding.store.themes import ThemeStore

BLIND_KEY = "blind"


class Project(CodebookEditing, ParticipantStore, ThemeStore, MemberStore, ReviewReads,
              TeamReads, ReportReads, NotesStore, PackageStore, TextCaches):
    """An open project. Use as a context manager, or call :meth:`close`.

    Every read the rest of the library needs is a named method (the ``*_reads`` mixins),
    so no code outside ``coding/store/`` runs SQL.

    ``account`` is the signed-in person (:func:`coding.store.accounts.sign_in`). In a
    project with members it must be one of them, and their role limits every write
    (:mod:`coding.store.roles`); anyone else is told there is no such project. Without
    an account the project opens as its administrator would (on a server: whoever holds
    the database's password), which is how a laptop project always opens."""

    def __init__(self, address: str | Path | Address, account: str | None = None) -> None:
        #: Where the project lives: a SQLite file, or a project on a PostgreSQL server.
        self.address = parse_address(address)
        #: The file (SQLite), or the project's name (server): for messages and the files
        #: made beside a project, such as the pseudonym key.
        self.path = self.address.path or Path(self.address.name)
        #: What opening did: the migration steps applied, and the copy made before.
        self.upgraded = Upgrade()
        self.account = account or self.address.account
        self.db = self._connect()
        #: The account's role here; None when no roles apply (no members, or no account).
        self.role: Role | None = None
        try:
            self.role = self._take_role()
        except BaseException:
            self.db.close()
            raise
        if self.role in (Role.CODER, Role.VIEWER):
            self.db = Guard(self.db, self.account, self.role, self.address.name)

    @classmethod
    def open(cls, address: str | Path | Address, account: str | None = None) -> Project:
        """The project at a path or a ``postgresql://…/DATABASE/PROJECT`` URL, opened by
        ``account`` (see the class)."""
        return cls(address, account)

    def _take_role(self) -> Role | None:
        """The account's role; a server project made by this opening gets it as lead."""
        if self.account is None:
            return None
        if self.address.on_server and self.db.execute(
                ENABLED_USER_SQL, (self.account,)).fetchone() is None:
            raise self._not_yours()
        if self.address.on_server and 1 in self.upgraded.applied:  # new: the maker leads
            self.db.execute("INSERT INTO members VALUES (?,?,?,?)",
                            (self.account, Role.LEAD.value, self.account, now()))
        if not self.members():
            return None
        role = self.member_role(self.account)
        if role is None:
            raise self._not_yours()
        return role

    def _not_yours(self) -> ProjectError:
        """Said alike for a project that is not there and one the account may not see."""
        return ProjectError(f"{self.account} has no project named {self.address.name} on "
                            "this server.", path=self.address.name,
                            fix="check the name, or ask the project's lead to add you.")

    def _connect(self) -> Connection:
        """Open the database and bring its tables up to date (coding.store.migrations)."""
        if not self.address.on_server:
            self._check_file()
        try:
            db = connect(self.address)
        except DatabaseError as error:
            raise self._not_a_project(error) from error
        try:
            if dialect(db) == SQLITE:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA foreign_keys=ON")
            self.upgraded = upgrade(db, STEPS, self.path, self._back_up)
        except DatabaseError as error:
            db.close()
            raise self._not_a_project(error) from error
        except BaseException:
            db.close()
            raise
        return db

    def _check_file(self) -> None:
        if self.path.is_dir():
            raise ProjectError("this is a folder, not a project file.", path=self.path,
                               fix="name a file, e.g. projects/friendtor.sqlite.")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _back_up(self, version: int) -> Path | None:
        """The copy before an upgrade: a file beside a SQLite project. On a server the
        lab's database backups keep it (a server project never predates migrations)."""
        return None if self.address.on_server else back_up(self.path, version)

    def _not_a_project(self, error: Exception) -> ProjectError:
        if self.address.on_server:
            return ProjectError(f"cannot open the project on the server ({error}).",
                                path=str(self.address),
                                fix="check the server address, that PostgreSQL runs there, "
                                    "and the user and password in the URL.")
        return ProjectError(f"not a project file ({error}).", path=self.path,
                            fix="open a .sqlite file made by this tool, or a new name.")

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
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
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                        "value=excluded.value", (key, value))

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
                            model: str = "",
                            relevance: Mapping[str, float] | None = None) -> None:
        """The machine's current view of these segments; decisions are untouched. A
        suggestion of a theme deleted while the machine ran is dropped with the theme.
        ``relevance`` is each segment's chance of carrying any theme (segments left out
        have none recorded). The first suggestion of a pair nobody has decided yet is
        also kept for good (``first_suggestions``: what the machine said before any
        coder did)."""
        relevance = relevance or {}
        with self.transaction() as db:
            ids = self._code_ids(db)
            kept = [s for s in suggestions if s.code in ids]
            for table in ("suggestion_rows", "segment_relevance"):
                db.executemany(f"DELETE FROM {table} WHERE segment_id=?",
                               [(segment_id,) for segment_id in segment_ids])
            db.executemany(
                "INSERT INTO segment_relevance (segment_id, relevance, run_id) VALUES (?,?,?)",
                [(segment_id, float(relevance[segment_id]), run_id)
                 for segment_id in segment_ids if segment_id in relevance])
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

    # -- runs -----------------------------------------------------------------------------

    def record_run(self, run: Run) -> None:
        with self.transaction() as db:
            upsert_run(db, run)

    def runs(self) -> list[Run]:
        rows = self.db.execute("SELECT * FROM runs ORDER BY started_at").fetchall()
        return [Run(id=r["id"], started_at=r["started_at"], finished_at=r["finished_at"],
                    settings=json.loads(r["settings"]), versions=json.loads(r["versions"]),
                    timings=json.loads(r["timings"]), counts=json.loads(r["counts"]))
                for r in rows]
