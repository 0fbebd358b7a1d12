"""Accounts on a team server: who may sign in, with a password hashed by argon2.

Accounts belong to the server (the database), not to one project: they live in the
schema :data:`coding.store.address.ACCOUNTS_SCHEMA` beside the projects, and a project
names its members among them (:class:`coding.store.members.MemberStore`). A laptop
project has no accounts. A disabled account cannot sign in or open a project; its
decisions stay, under its name.

Holding the database's URL and password is being the server's administrator: that is
what ``coding users``/``coding members`` and a :class:`~coding.store.Project` opened
without an account act as. People work through the app, signed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coding.errors import AccountError, ProjectError
from coding.store import postgres
from coding.store.address import (
    ACCOUNTS_SCHEMA,
    Address,
    check_project_name,
    check_server_url,
)
from coding.store.codebook import now

_HASHER = PasswordHasher()
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,39}")
MIN_PASSWORD = 10
USERS = """
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL)
"""
#: Read from a project's connection (search path: the project's schema).
ENABLED_USER_SQL = f"SELECT 1 FROM {ACCOUNTS_SCHEMA}.users WHERE name=? AND disabled=0"


@dataclass(frozen=True)
class User:
    name: str
    disabled: bool
    created_at: str


def _accounts(server: str) -> postgres.Connection:
    db = postgres.connect(check_server_url(server), ACCOUNTS_SCHEMA)
    db.execute(USERS)
    return db


def add_user(server: str, name: str, password: str) -> User:
    """A new account; the password is kept only as its argon2 hash."""
    if not _NAME.fullmatch(name):
        raise AccountError(f"{name!r} cannot be an account name.",
                           fix="letters, digits, '.', '-' or '_', starting with a letter "
                               "(e.g. ana or j.smith), at most 40 characters.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password for {name} is too short.",
                           fix=f"use at least {MIN_PASSWORD} characters (a few words).")
    db = _accounts(server)
    try:
        row = db.execute("INSERT INTO users (name, password_hash, created_at) VALUES (?,?,?) "
                         "ON CONFLICT(name) DO NOTHING RETURNING created_at",
                         (name, _HASHER.hash(password), now())).fetchone()
    finally:
        db.close()
    if row is None:
        raise AccountError(f"an account named {name} already exists.",
                           fix="choose another name, or disable the old account first.")
    return User(name, False, row[0])


def users(server: str) -> list[User]:
    db = _accounts(server)
    try:
        return [User(r["name"], bool(r["disabled"]), r["created_at"]) for r in db.execute(
            "SELECT name, disabled, created_at FROM users ORDER BY name").fetchall()]
    finally:
        db.close()


def disable_user(server: str, name: str) -> None:
    """The account can no longer sign in or open a project; nothing it did is removed."""
    db = _accounts(server)
    try:
        changed = db.execute("UPDATE users SET disabled=1 WHERE name=?", (name,)).rowcount
    finally:
        db.close()
    if not changed:
        raise AccountError(f"no account is named {name}.", fix="see coding users list.")


def sign_in(server: str, name: str, password: str) -> str:
    """The account's name when the password is right and the account enabled. Every
    failure says the same, so a sign-in form does not tell which names exist."""
    db = _accounts(server)
    try:
        row = db.execute("SELECT password_hash, disabled FROM users WHERE name=?",
                         (name,)).fetchone()
    finally:
        db.close()
    try:
        if row is None or row["disabled"] or not _HASHER.verify(row["password_hash"],
                                                                 password):
            raise VerificationError
    except (VerificationError, InvalidHashError):
        raise AccountError("the name or the password is wrong, or the account is disabled.",
                           fix="try again, or ask the lab's administrator.") from None
    return name


def projects_of(server: str, account: str) -> list[str]:
    """The projects on the server that ``account`` is a member of, by name; the others
    are not named."""
    db = _accounts(server)
    try:
        schemas = [row[0] for row in db.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name='members' "
            "ORDER BY 1").fetchall()]
        return [schema for schema in schemas if db.execute(
            f'SELECT 1 FROM "{schema}".members WHERE name=?', (account,)).fetchone()]
    finally:
        db.close()


def new_server_project(server: str, name: str, account: str) -> Address:
    """Make the project ``name`` on the server, with ``account`` as its lead."""
    from coding.store.project import Project  # the project builds on accounts

    check_project_name(name, server)
    address = Address(server=check_server_url(server), project=name, account=account)
    if postgres.schema_exists(server, name):
        raise ProjectError(f"the name {name} is taken on this server.", path=name,
                           fix="choose another name.")
    Project(address).close()
    return address
