"""The members of a project on a team server, and the role each has (step 6).

Who may do what is :mod:`coding.store.roles`; who may sign in is
:mod:`coding.store.accounts`. Adding, changing and removing members is a lead's write
(the role guard refuses it to others); the first member of a project must be a lead,
and its last lead cannot be removed, so a project is never left without one.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from coding.errors import AccountError
from coding.store.accounts import ENABLED_USER_SQL
from coding.store.address import Address
from coding.store.codebook import now
from coding.store.roles import Role


@dataclass(frozen=True)
class Member:
    name: str
    role: Role
    added_by: str
    added_at: str


class MemberStore:
    """Mixin of :class:`coding.store.Project`: its members."""

    db: Any
    address: Address
    account: str | None

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def members(self) -> list[Member]:
        return [Member(r["name"], Role(r["role"]), r["added_by"], r["added_at"])
                for r in self.db.execute("SELECT * FROM members ORDER BY name").fetchall()]

    def member_role(self, name: str) -> Role | None:
        row = self.db.execute("SELECT role FROM members WHERE name=?", (name,)).fetchone()
        return Role(row[0]) if row else None

    def set_member(self, name: str, role: Role | str) -> None:
        """Make the account ``name`` a member with ``role`` (or change its role)."""
        role = Role(role)
        if not self.address.on_server:
            raise AccountError("a project file on this computer has no members.",
                               fix="copy it to a team server first (coding copy), then add "
                                   "members there.")
        with self.transaction() as db:
            if db.execute(ENABLED_USER_SQL, (name,)).fetchone() is None:
                raise AccountError(f"the server has no enabled account named {name}.",
                                   fix=f"add it first: coding users add {name} --server …")
            if role != Role.LEAD and not self._other_leads(db, name):
                raise AccountError(f"{self.address.name} needs a lead; {name} is its only "
                                   "one.", fix="make another member lead first.")
            db.execute("INSERT INTO members VALUES (?,?,?,?) ON CONFLICT(name) DO UPDATE "
                       "SET role=excluded.role", (name, role.value,
                                                  self.account or "administrator", now()))

    def remove_member(self, name: str) -> None:
        """The account can no longer open the project; its decisions stay."""
        with self.transaction() as db:
            if self.member_role(name) is None:
                raise AccountError(f"{name} is not a member of {self.address.name}.",
                                   fix="see coding members list.")
            if self.member_role(name) == Role.LEAD and not self._other_leads(db, name):
                raise AccountError(f"{name} is the only lead of {self.address.name}.",
                                   fix="make another member lead first.")
            db.execute("DELETE FROM members WHERE name=?", (name,))

    @staticmethod
    def _other_leads(db: Any, name: str) -> bool:
        return db.execute("SELECT 1 FROM members WHERE role=? AND name<>?",
                          (Role.LEAD.value, name)).fetchone() is not None
