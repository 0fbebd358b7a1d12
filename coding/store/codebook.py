"""The codebook inside a project: themes, and every edit made to them.

Editing a theme is a decision too: each add, edit, rename and delete is appended to
``codebook_edits`` with the theme before and after, and never removed. Two coders
editing the same theme cannot silently overwrite each other: an edit names the version
it started from and is refused if the stored theme has changed since.

Each theme has an id, given once when it is added (migration step 2): decisions,
suggestions and promoted themes refer to the id, so a rename changes one row of
``codes`` and nothing else. The edit history keeps the name at each edit with the id.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import asdict
from datetime import UTC, datetime

from coding.errors import CodebookError, EditConflictError
from coding.model import Code, Codebook, CodebookEdit, EditAction

MAX_NAME_LENGTH = 80


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _code_json(code: Code | None) -> str:
    return json.dumps(asdict(code)) if code is not None else ""


def _code_from_json(text: str) -> Code | None:
    if not text:
        return None
    fields = json.loads(text)
    fields["keywords"] = tuple(fields["keywords"])
    fields["examples"] = tuple(fields["examples"])
    return Code(**fields)


def _code_from_row(row: sqlite3.Row) -> Code:
    return Code(name=row["name"], definition=row["definition"], inclusion=row["inclusion"],
                exclusion=row["exclusion"], keywords=tuple(json.loads(row["keywords"])),
                examples=tuple(json.loads(row["examples"])), parent=row["parent"])


def _fields(code: Code) -> tuple[str, ...]:
    """The columns of ``codes`` after ``position``, in table order."""
    return (code.name, code.definition, code.inclusion, code.exclusion,
            json.dumps(list(code.keywords)), json.dumps(list(code.examples)), code.parent)


def check_code(code: Code) -> None:
    """Refuse a theme name that would break the table. A parent is a group label (it
    need not be a theme itself) but cannot be the theme."""
    name = code.name
    if not name.strip():
        raise CodebookError("a theme needs a name.", fix="type a short name, e.g. Burnout.")
    if name != name.strip() or "\n" in name or len(name) > MAX_NAME_LENGTH:
        raise CodebookError(f"the theme name {name[:40]!r} is not usable.",
                            fix=f"one line, no leading or trailing spaces, at most "
                                f"{MAX_NAME_LENGTH} characters.")
    if code.parent == name:
        raise CodebookError(f"the theme {name!r} cannot be its own parent.",
                            fix="choose another parent, or none.")


class CodebookEditing:
    """Mixin of :class:`coding.store.Project`: reading and changing the codebook."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def meta(self, key: str) -> str | None:
        raise NotImplementedError

    # -- reading ------------------------------------------------------------------------

    def codebook(self) -> Codebook:
        rows = self.db.execute("SELECT * FROM codes ORDER BY position, name").fetchall()
        return Codebook(name=self.meta("codebook") or "",
                        codes=tuple(_code_from_row(row) for row in rows))

    def code_names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM codes ORDER BY position, name")]

    def stored_code(self, name: str) -> Code | None:
        row = self.db.execute("SELECT * FROM codes WHERE name=?", (name,)).fetchone()
        return _code_from_row(row) if row else None

    def codebook_edits(self) -> list[CodebookEdit]:
        rows = self.db.execute("SELECT * FROM codebook_edits ORDER BY id").fetchall()
        return [CodebookEdit(code=r["code"], action=EditAction(r["action"]),
                             before=_code_from_json(r["before"]),
                             after=_code_from_json(r["after"]), coder=r["coder"],
                             edited_at=r["edited_at"], code_id=r["code_id"]) for r in rows]

    def code_history(self, name: str) -> list[CodebookEdit]:
        """Every edit of the theme now called ``name``, under whatever name it had."""
        row = self.db.execute("SELECT id FROM codes WHERE name=?", (name,)).fetchone()
        return [edit for edit in self.codebook_edits()
                if row is not None and edit.code_id == row[0]]

    def _decided_codes(self) -> set[str]:
        return {row[0] for row in self.db.execute(
            "SELECT code FROM decisions UNION SELECT new_code FROM decisions")}

    # -- a whole codebook file ----------------------------------------------------------

    def set_codebook(self, codebook: Codebook, coder: str = "codebook file") -> None:
        """Add or update the codebook's themes; a dropped theme goes only if nobody decided
        on it. Every change is recorded in the edit history."""
        with self.transaction() as db:
            decided = self._decided_codes()  # inside: no decision can slip in before a delete
            for position, code in enumerate(codebook.codes):
                before = self.stored_code(code.name)
                self._write(db, code, position)
                if before != code:
                    action = EditAction.ADD if before is None else EditAction.EDIT
                    self._log(db, code.name, action, before, code, coder)
            for name in set(self.code_names()) - set(codebook.names):
                db.execute("DELETE FROM suggestion_rows WHERE code_id=(SELECT id FROM codes "
                           "WHERE name=?)", (name,))
                if name not in decided:
                    self._log(db, name, EditAction.DELETE, self.stored_code(name), None, coder)
                    db.execute("DELETE FROM codes WHERE name=?", (name,))
            db.execute("INSERT INTO meta VALUES ('codebook', ?) ON CONFLICT(key) DO UPDATE "
                       "SET value=excluded.value", (codebook.name,))

    # -- one theme at a time (the app's Codebook screen) -----------------------------------

    def save_code(self, code: Code, coder: str, original: Code | None = None) -> EditAction:
        """Add a theme (``original`` None) or change the theme ``original`` into ``code``.

        Refused with :class:`EditConflictError` if the stored theme is no longer
        ``original`` (another coder changed it meanwhile), so nothing is overwritten.
        A rename keeps the theme's id, so its suggestions and decisions go with it.
        """
        if not coder.strip():
            raise CodebookError("no coder name is given.", fix="say who edits the codebook.")
        with self.transaction() as db:
            names = set(self.code_names())
            check_code(code)
            if original is None:
                action = self._add(db, code, names, coder)
            else:
                action = self._change(db, code, original, names, coder)
        return action

    def _add(self, db: sqlite3.Connection, code: Code, names: set[str],
             coder: str) -> EditAction:
        if code.name in names:
            raise EditConflictError(f"a theme named {code.name!r} already exists.",
                                    fix="choose another name, or edit that theme.")
        self._write(db, code, len(names))
        self._log(db, code.name, EditAction.ADD, None, code, coder)
        return EditAction.ADD

    def _change(self, db: sqlite3.Connection, code: Code, original: Code, names: set[str],
                coder: str) -> EditAction:
        stored = self.stored_code(original.name)
        if stored != original:
            raise EditConflictError(
                f"the theme {original.name!r} was changed or removed by someone else "
                "since you opened it.", fix="reload the codebook and make your edit again.")
        if code == stored:
            return EditAction.EDIT
        if code.name == original.name:
            position = self._position(original.name)
            self._write(db, code, position)
            self._log(db, code.name, EditAction.EDIT, stored, code, coder)
            return EditAction.EDIT
        if code.name in names:
            raise EditConflictError(f"a theme named {code.name!r} already exists.",
                                    fix="choose another name.")
        self._rename(db, original.name, code)
        self._log(db, code.name, EditAction.RENAME, stored, code, coder)
        return EditAction.RENAME

    @staticmethod
    def _rename(db: sqlite3.Connection, old: str, code: Code) -> None:
        """One row changes (and the themes grouped under the old name, whose parent
        label it is); everything that refers to the theme does so by id."""
        db.execute("UPDATE codes SET name=?, definition=?, inclusion=?, exclusion=?, "
                   "keywords=?, examples=?, parent=? WHERE name=?",
                   (*_fields(code), old))
        db.execute("UPDATE codes SET parent=? WHERE parent=?", (code.name, old))

    def delete_code(self, original: Code, coder: str) -> None:
        """Remove a theme nobody has decided on yet; its suggestions go with it."""
        with self.transaction() as db:
            if self.stored_code(original.name) != original:
                raise EditConflictError(
                    f"the theme {original.name!r} was changed or removed by someone else.",
                    fix="reload the codebook and look again.")
            if original.name in self._decided_codes():
                raise CodebookError(
                    f"coders have already decided on {original.name!r}; deleting it would "
                    "lose their work.", fix="rename it, or reject its segments first.")
            children = [r[0] for r in db.execute("SELECT name FROM codes WHERE parent=?",
                                                 (original.name,))]
            if children:
                raise CodebookError(f"{original.name!r} is the parent of "
                                    f"{', '.join(children)}.",
                                    fix="give those themes another parent first.")
            self._log(db, original.name, EditAction.DELETE, original, None, coder)
            db.execute("DELETE FROM suggestion_rows WHERE code_id=(SELECT id FROM codes "
                       "WHERE name=?)", (original.name,))
            db.execute("DELETE FROM codes WHERE name=?", (original.name,))

    # -- helpers ------------------------------------------------------------------------

    def _position(self, name: str) -> int:
        row = self.db.execute("SELECT position FROM codes WHERE name=?", (name,)).fetchone()
        return row[0]

    @staticmethod
    def _write(db: sqlite3.Connection, code: Code, position: int) -> None:
        """Add the theme, or update the one of that name in place (keeping its id)."""
        db.execute("INSERT INTO codes (name, position, definition, inclusion, exclusion, "
                   "keywords, examples, parent) VALUES (?,?,?,?,?,?,?,?) "
                   "ON CONFLICT(name) DO UPDATE SET position=excluded.position, "
                   "definition=excluded.definition, inclusion=excluded.inclusion, "
                   "exclusion=excluded.exclusion, keywords=excluded.keywords, "
                   "examples=excluded.examples, parent=excluded.parent",
                   (code.name, position, *_fields(code)[1:]))

    @staticmethod
    def _log(db: sqlite3.Connection, name: str, action: EditAction, before: Code | None,
             after: Code | None, coder: str) -> None:
        """Append to the history; the theme ``name`` must still (or already) be stored,
        for its id is kept with the edit."""
        db.execute("INSERT INTO codebook_edits (code, action, before, after, coder, "
                   "edited_at, code_id) VALUES (?,?,?,?,?,?,(SELECT id FROM codes "
                   "WHERE name=?))",
                   (name, action.value, _code_json(before), _code_json(after), coder.strip(),
                    now(), name))

