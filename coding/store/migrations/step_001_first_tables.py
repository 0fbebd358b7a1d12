"""Step 1: the tables of the first released version (``meta.schema = '1'``), verbatim.

Frozen: this text is what the code before migrations ran on every open, so a file it
made is exactly at step 1. Never edit it; change the schema in a new step.
"""

from __future__ import annotations

from coding.store.migrations.runner import Cursor, Step

SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transcripts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, meeting INTEGER, date TEXT,
  title TEXT NOT NULL DEFAULT '', format TEXT NOT NULL, words INTEGER NOT NULL,
  imported_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS turns (
  transcript_id TEXT NOT NULL REFERENCES transcripts(id), turn_index INTEGER NOT NULL,
  speaker TEXT NOT NULL, text TEXT NOT NULL, start REAL, "end" REAL, line INTEGER,
  PRIMARY KEY (transcript_id, turn_index));
CREATE TABLE IF NOT EXISTS segments (
  id TEXT PRIMARY KEY, transcript_id TEXT NOT NULL REFERENCES transcripts(id),
  turn_index INTEGER NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
  unit TEXT NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL, start REAL, "end" REAL);
CREATE TABLE IF NOT EXISTS codes (
  name TEXT PRIMARY KEY, position INTEGER NOT NULL, definition TEXT NOT NULL,
  inclusion TEXT NOT NULL, exclusion TEXT NOT NULL, keywords TEXT NOT NULL,
  examples TEXT NOT NULL, parent TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suggestions (
  segment_id TEXT NOT NULL REFERENCES segments(id), code TEXT NOT NULL, score REAL NOT NULL,
  source TEXT NOT NULL, matched_words TEXT NOT NULL, nearest_example TEXT NOT NULL,
  example_similarity REAL NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (segment_id, code));
CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, segment_id TEXT NOT NULL REFERENCES segments(id),
  code TEXT NOT NULL, action TEXT NOT NULL, new_code TEXT NOT NULL, coder TEXT NOT NULL,
  memo TEXT NOT NULL, decided_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
  settings TEXT NOT NULL, versions TEXT NOT NULL, timings TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS embeddings (
  model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,
  PRIMARY KEY (model, text_hash));
CREATE TABLE IF NOT EXISTS codebook_edits (
  id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL, action TEXT NOT NULL,
  before TEXT NOT NULL, after TEXT NOT NULL, coder TEXT NOT NULL, edited_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS episodes (
  transcript_id TEXT NOT NULL REFERENCES transcripts(id), number INTEGER NOT NULL,
  start_turn INTEGER NOT NULL, end_turn INTEGER NOT NULL, label TEXT NOT NULL,
  PRIMARY KEY (transcript_id, number));
CREATE INDEX IF NOT EXISTS segments_by_transcript ON segments(transcript_id, turn_index);
CREATE INDEX IF NOT EXISTS decisions_by_pair ON decisions(segment_id, code);
CREATE TABLE IF NOT EXISTS speakers (
  label TEXT PRIMARY KEY, participant TEXT NOT NULL, ambiguous INTEGER NOT NULL,
  set_by TEXT NOT NULL, set_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS speaker_edits (
  id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, before TEXT NOT NULL,
  after TEXT NOT NULL, coder TEXT NOT NULL, edited_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participant_attributes (
  participant TEXT NOT NULL, attribute TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (participant, attribute));
CREATE TABLE IF NOT EXISTS themes (
  run_id TEXT NOT NULL REFERENCES runs(id), number INTEGER NOT NULL, label TEXT NOT NULL,
  name TEXT NOT NULL, terms TEXT NOT NULL, quotes TEXT NOT NULL, size INTEGER NOT NULL,
  covered_by TEXT NOT NULL, similarity REAL NOT NULL, nearest TEXT NOT NULL,
  status TEXT NOT NULL, promoted_to TEXT NOT NULL DEFAULT '',
  merged_into INTEGER, PRIMARY KEY (run_id, number));
CREATE TABLE IF NOT EXISTS theme_segments (
  run_id TEXT NOT NULL REFERENCES runs(id), segment_id TEXT NOT NULL REFERENCES segments(id),
  number INTEGER NOT NULL, x REAL NOT NULL, y REAL NOT NULL,
  PRIMARY KEY (run_id, segment_id));
"""


def statements(script: str) -> list[str]:
    """The statements of a script of plain DDL (no semicolons inside strings)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def apply(cursor: Cursor) -> None:
    for statement in statements(SQL):
        cursor.execute(statement)


STEP = Step(1, "the tables of the first version (codes keyed by name)", apply)
