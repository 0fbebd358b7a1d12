"""Who may change what in a project with members: the one home of the role rule.

- **lead**: everything — the codebook, blind coding, imports and runs, participants,
  emergent themes, reconciliation, the members;
- **coder**: reviews (decisions and memos, under their own name) and the embedding cache
  the review screen fills;
- **viewer**: reads and exports; changes nothing.

The rule is enforced where every write passes: the connection of a project opened by a
coder or viewer is wrapped in :class:`Guard`, which refuses any statement that writes a
table the role may not write, before it runs (so a new write anywhere in the store is
covered without being listed). Inside a transaction the refusal rolls everything back.
A project without members (every laptop project) has no roles and no guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any

from coding.errors import RoleError


class Role(StrEnum):
    LEAD = "lead"
    CODER = "coder"
    VIEWER = "viewer"


#: The tables each role other than lead may write.
WRITES: Mapping[Role, frozenset[str]] = {
    # Coders review and write memos: on segments (decision_log), on codes, in the journal.
    Role.CODER: frozenset({"decision_log", "embeddings", "code_memos", "journal"}),
    Role.VIEWER: frozenset(),
}

#: What a table holds, as a person would say it, for the refusal.
_WHAT = {"codes": "the codebook", "codebook_edits": "the codebook",
         "meta": "the project's settings (such as blind coding)",
         "decision_log": "decisions", "members": "the members", "speakers": "participants",
         "speaker_edits": "participants", "participant_attributes": "participants",
         "participant_roles": "participants", "exemplars": "the chosen exemplars"}
_WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE|ALTER|DROP)\s+"
                    r"(?:TABLE\s+|INDEX\s+|VIEW\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"
                    r"\"?(\w+)", re.IGNORECASE)


def written_table(sql: str) -> str | None:
    """The table a statement writes, or None for a read (or BEGIN/COMMIT)."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


def may_write(role: Role | None, table: str) -> bool:
    return role is None or role == Role.LEAD or table in WRITES[role]


def refusal(user: str, role: Role, project: str, table: str) -> RoleError:
    what = _WHAT.get(table, "the project")
    allowed = {Role.CODER: "review segments and write memos", Role.VIEWER: "read and export"}
    return RoleError(f"{user} is a {role} of {project}: a {role} may {allowed[role]}; "
                     f"changing {what} is for the project's lead.",
                     fix="ask a lead of the project to make this change, or to give you "
                         "the lead role (coding members set).")


def check_decider(user: str, role: Role | None, coder: str) -> None:
    """A coder decides under their own name only; a lead may also record the team's
    consensus or another name (reconciling, importing)."""
    if role == Role.CODER and coder.strip() != user:
        raise RoleError(f"{user} cannot record a decision as {coder!r}.",
                        fix="decisions are recorded under the signed-in name.")


class _Checked:
    """The writes of a connection or cursor, checked against a role first."""

    def __init__(self, raw: Any, user: str, role: Role, project: str) -> None:
        self._raw, self._user, self._role, self._project = raw, user, role, project

    def _check(self, sql: str) -> None:
        table = written_table(sql)
        if table is not None and not may_write(self._role, table):
            raise refusal(self._user, self._role, self._project, table)

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        self._check(sql)
        result = self._raw.execute(sql, parameters)
        return self if result is self._raw else result

    def executemany(self, sql: str, rows: Any) -> Any:
        self._check(sql)
        result = self._raw.executemany(sql, rows)
        return self if result is self._raw else result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __setattr__(self, name: str, value: Any) -> None:  # e.g. a cursor's row_factory
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._raw, name, value)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._raw)


class Guard(_Checked):
    """A project connection for one person in one role (see the module's doc)."""

    def cursor(self) -> _Checked:
        return _Checked(self._raw.cursor(), self._user, self._role, self._project)
