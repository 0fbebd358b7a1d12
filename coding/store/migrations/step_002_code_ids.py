"""Step 2: every code gets a stable integer id, and everything that names a code uses it.

Before, codes were keyed by name and decisions, suggestions and promoted themes held
the name, so a rename rewrote the decision log. Now:

- ``codes.id`` is given once, at creation (AUTOINCREMENT: a deleted code's id is never
  reused, so its history stays unambiguous); ``name`` is UNIQUE and is the only thing a
  rename changes. Existing codes are numbered in codebook order.
- ``decision_log`` and ``suggestion_rows`` hold ``code_id`` (and ``new_code_id``); a
  memo on a segment has no code (NULL). ``theme_rows.promoted_code_id`` follows the
  promoted code; ``promoted_to`` keeps the name it was promoted under (shown once the
  code is deleted).
- ``codebook_edits`` keeps the name as it was at each edit and gains ``code_id``, so a
  code's history can be followed through renames. Old edits get their id by walking the
  history backwards from today's codes; a code deleted long ago gets a reserved id.
- Views named ``decisions``, ``suggestions`` and ``themes`` show exactly the columns the
  old tables had (code names, '' for no code), so every read keeps working; writes go to
  the tables above.
- ``codes.parent`` stays a name: it is a group label, which need not be a code.

No row is lost: a code that decisions name but that is missing from ``codes`` (a
deletion racing a decision in the old code could leave one) is put back, at the end of
the codebook with an empty definition, and the edit history says the upgrade did it.
Suggestions of a code no longer in the codebook are dropped (the machine's, refreshed by
the next run; the old code deleted them with the code).

SQLite-specific: ``sqlite_sequence`` (AUTOINCREMENT's counter) is carried over so that
decision ids keep increasing. On PostgreSQL the step runs on the empty tables of a new
project (there are no files from before step 2 there), so there is nothing to carry.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from coding.store.engine import SQLITE, dialect
from coding.store.migrations.runner import Cursor, Step
from coding.store.migrations.step_001_first_tables import statements

RESTORED_BY = "focus-coding (upgrade step 2)"

NEW_TABLES = """
ALTER TABLE codes RENAME TO codes_v1;
CREATE TABLE codes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, position INTEGER NOT NULL,
  definition TEXT NOT NULL, inclusion TEXT NOT NULL, exclusion TEXT NOT NULL,
  keywords TEXT NOT NULL, examples TEXT NOT NULL, parent TEXT NOT NULL);
CREATE TABLE decision_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, segment_id TEXT NOT NULL REFERENCES segments(id),
  code_id INTEGER REFERENCES codes(id), action TEXT NOT NULL,
  new_code_id INTEGER REFERENCES codes(id), coder TEXT NOT NULL, memo TEXT NOT NULL,
  decided_at TEXT NOT NULL);
CREATE TABLE suggestion_rows (
  segment_id TEXT NOT NULL REFERENCES segments(id),
  code_id INTEGER NOT NULL REFERENCES codes(id), score REAL NOT NULL, source TEXT NOT NULL,
  matched_words TEXT NOT NULL, nearest_example TEXT NOT NULL,
  example_similarity REAL NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (segment_id, code_id));
CREATE TABLE theme_rows (
  run_id TEXT NOT NULL REFERENCES runs(id), number INTEGER NOT NULL, label TEXT NOT NULL,
  name TEXT NOT NULL, terms TEXT NOT NULL, quotes TEXT NOT NULL, size INTEGER NOT NULL,
  covered_by TEXT NOT NULL, similarity REAL NOT NULL, nearest TEXT NOT NULL,
  status TEXT NOT NULL, promoted_to TEXT NOT NULL DEFAULT '', promoted_code_id INTEGER,
  merged_into INTEGER, PRIMARY KEY (run_id, number));
ALTER TABLE codebook_edits ADD COLUMN code_id INTEGER
"""

# decisions_by_pair keeps its old name: the code before migrations runs "CREATE INDEX IF
# NOT EXISTS decisions_by_pair ON decisions(…)" on open, which must find it and move on
# to refusing the file (meta.schema '2') rather than fail on the view.
INDEXES_AND_VIEWS = """
CREATE INDEX decisions_by_pair ON decision_log(segment_id, code_id);
CREATE INDEX suggestions_by_code ON suggestion_rows(code_id);
CREATE VIEW decisions AS
  SELECT d.id, d.segment_id, COALESCE(c.name, '') AS code, d.action,
         COALESCE(n.name, '') AS new_code, d.coder, d.memo, d.decided_at
  FROM decision_log d LEFT JOIN codes c ON c.id = d.code_id
  LEFT JOIN codes n ON n.id = d.new_code_id;
CREATE VIEW suggestions AS
  SELECT s.segment_id, c.name AS code, s.score, s.source, s.matched_words,
         s.nearest_example, s.example_similarity, s.run_id
  FROM suggestion_rows s JOIN codes c ON c.id = s.code_id;
CREATE VIEW themes AS
  SELECT t.run_id, t.number, t.label, t.name, t.terms, t.quotes, t.size, t.covered_by,
         t.similarity, t.nearest, t.status, COALESCE(c.name, t.promoted_to) AS promoted_to,
         t.merged_into
  FROM theme_rows t LEFT JOIN codes c ON c.id = t.promoted_code_id
"""

COPY_CODES = """
INSERT INTO codes (name, position, definition, inclusion, exclusion, keywords, examples,
                   parent)
SELECT name, position, definition, inclusion, exclusion, keywords, examples, parent
FROM codes_v1 ORDER BY position, name
"""

COPY_DECISIONS = """
INSERT INTO decision_log (id, segment_id, code_id, action, new_code_id, coder, memo,
                          decided_at)
SELECT d.id, d.segment_id, c.id, d.action, n.id, d.coder, d.memo, d.decided_at
FROM decisions d LEFT JOIN codes c ON c.name = d.code LEFT JOIN codes n ON n.name = d.new_code
ORDER BY d.id
"""

COPY_SUGGESTIONS = """
INSERT INTO suggestion_rows (segment_id, code_id, score, source, matched_words,
                             nearest_example, example_similarity, run_id)
SELECT s.segment_id, c.id, s.score, s.source, s.matched_words, s.nearest_example,
       s.example_similarity, s.run_id
FROM suggestions s JOIN codes c ON c.name = s.code
"""

# A promoted code renamed under the old code left ``promoted_to`` on its old name; the
# edit history (promotion adds the code, recorded as an 'add') finds it again.
COPY_THEMES = """
INSERT INTO theme_rows (run_id, number, label, name, terms, quotes, size, covered_by,
                        similarity, nearest, status, promoted_to, promoted_code_id,
                        merged_into)
SELECT t.run_id, t.number, t.label, t.name, t.terms, t.quotes, t.size, t.covered_by,
       t.similarity, t.nearest, t.status, t.promoted_to,
       COALESCE(c.id, (SELECT e.code_id FROM codebook_edits e
                       WHERE e.code = t.promoted_to AND e.action = 'add'
                         AND e.code_id IN (SELECT id FROM codes)
                       ORDER BY e.id DESC LIMIT 1)),
       t.merged_into
FROM themes t LEFT JOIN codes c ON c.name = t.promoted_to
"""

ORPHANS = """
SELECT name FROM (SELECT code AS name, id FROM decisions UNION ALL
                  SELECT new_code, id FROM decisions) AS named
WHERE name != '' AND name NOT IN (SELECT name FROM codes)
GROUP BY name ORDER BY MIN(id)
"""


def apply(cursor: Cursor) -> None:
    for statement in statements(NEW_TABLES):
        cursor.execute(statement)
    cursor.execute(COPY_CODES)
    restored = _restore_orphans(cursor)
    _number_history(cursor)
    _log_restored(cursor, restored)
    cursor.execute(COPY_DECISIONS)
    _carry_sequence(cursor, "decisions", "decision_log")
    cursor.execute(COPY_SUGGESTIONS)
    cursor.execute(COPY_THEMES)
    for old in ("decisions", "suggestions", "themes", "codes_v1"):
        cursor.execute(f"DROP TABLE {old}")
    for statement in statements(INDEXES_AND_VIEWS):
        cursor.execute(statement)


def _restore_orphans(cursor: Cursor) -> list[tuple[int, str]]:
    """Codes named by decisions but missing from the codebook, put back at its end."""
    names = [row[0] for row in cursor.execute(ORPHANS).fetchall()]
    restored = []
    for name in names:
        cursor.execute(
            "INSERT INTO codes (name, position, definition, inclusion, exclusion, keywords, "
            "examples, parent) SELECT ?, COALESCE(MAX(position), -1) + 1, '', '', '', '[]', "
            "'[]', '' FROM codes", (name,))
        code_id = cursor.execute("SELECT id FROM codes WHERE name=?", (name,)).fetchone()[0]
        restored.append((code_id, name))
    return restored


def _number_history(cursor: Cursor) -> None:
    """Give every codebook edit the id of the code it changed, newest edit first: a
    rename maps the id back to the old name, an add ends the name's meaning."""
    ids = {row[0]: row[1] for row in cursor.execute("SELECT name, id FROM codes").fetchall()}
    edits = cursor.execute(
        "SELECT id, code, action, before FROM codebook_edits ORDER BY id DESC").fetchall()
    for edit_id, name, action, before in edits:
        code_id = ids[name] if name in ids else _reserve_id(cursor)
        cursor.execute("UPDATE codebook_edits SET code_id=? WHERE id=?", (code_id, edit_id))
        ids[name] = code_id
        if action in ("add", "rename"):
            del ids[name]
        if action == "rename" and before:
            ids[json.loads(before)["name"]] = code_id


def _reserve_id(cursor: Cursor) -> int:
    """A code id for a code deleted before ids existed: never given to another code."""
    row = cursor.execute("SELECT seq FROM sqlite_sequence WHERE name='codes'").fetchone()
    if row is None:
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('codes', 1)")
        return 1
    cursor.execute("UPDATE sqlite_sequence SET seq=? WHERE name='codes'", (row[0] + 1,))
    return row[0] + 1


def _log_restored(cursor: Cursor, restored: list[tuple[int, str]]) -> None:
    when = datetime.now(UTC).isoformat(timespec="seconds")
    for code_id, name in restored:
        after = json.dumps({"name": name, "definition": "", "inclusion": "", "exclusion": "",
                            "keywords": [], "examples": [], "parent": ""})
        cursor.execute("INSERT INTO codebook_edits (code, action, before, after, coder, "
                       "edited_at, code_id) VALUES (?, 'add', '', ?, ?, ?, ?)",
                       (name, after, RESTORED_BY, when, code_id))


def _carry_sequence(cursor: Cursor, old: str, new: str) -> None:
    """AUTOINCREMENT's high-water mark of ``old`` for ``new``: ids keep increasing.
    A PostgreSQL project is always made new, so it has no old ids to carry."""
    if dialect(cursor) != SQLITE:
        return
    row = cursor.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (old,)).fetchone()
    if row is None:
        return
    current = cursor.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (new,)).fetchone()
    cursor.execute("DELETE FROM sqlite_sequence WHERE name=?", (new,))
    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                   (new, max(row[0], current[0] if current else 0)))


STEP = Step(2, "stable code ids: decisions, suggestions, promoted themes and the "
               "codebook history refer to codes by id; views keep the old columns", apply)
