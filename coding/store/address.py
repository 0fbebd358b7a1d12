"""Where a project lives: a SQLite file on this computer, or a project on a PostgreSQL
team server.

A project is addressed by a path (``projects/friendtor.sqlite``) or by a URL naming the
server, the database and the project: ``postgresql://user@host:5432/lab/friendtor``.
On the server each project is one schema of the database (so a lab keeps one database
and many projects); the accounts of the server live beside them, in the schema
:data:`ACCOUNTS_SCHEMA`. Everything after the URL's path is passed to libpq as written
(``?host=/run/postgresql`` for a unix socket, ``?sslmode=require`` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from coding.errors import ProjectError

SCHEMES = ("postgresql://", "postgres://")
#: The schema of a server's accounts (users); never a project's name.
ACCOUNTS_SCHEMA = "coding_accounts"
_PROJECT_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
URL_FIX = ("write postgresql://USER@HOST:PORT/DATABASE/PROJECT, the project in lower-case "
           "letters, digits and _ (e.g. postgresql://coder@lab-server/coding/friendtor).")


@dataclass(frozen=True)
class Address:
    """A parsed project address. ``server`` is None for a SQLite file."""

    path: Path | None = None
    server: str | None = None  # libpq URL of the database, without the project
    project: str | None = None  # the schema on the server
    #: Who opens it (a signed-in account), when the address is handed around the app.
    account: str | None = None

    @property
    def on_server(self) -> bool:
        return self.server is not None

    @property
    def name(self) -> str:
        """What a person calls the project: the file's stem, or the project's name."""
        return self.project if self.on_server else self.path.stem  # type: ignore[union-attr]

    @property
    def stem(self) -> str:
        """:attr:`name`, under the name a file's path gives it (the app shows ``.stem``)."""
        return self.name

    def __str__(self) -> str:
        """The address as written, without a password (for messages and screens)."""
        if not self.on_server:
            return str(self.path)
        return hide_password(server_address(self.server, self.project))  # type: ignore[arg-type]


def is_server_url(address: str | Path) -> bool:
    return isinstance(address, str) and address.startswith(SCHEMES)


def parse_address(address: str | Path | Address) -> Address:
    """A path, or a ``postgresql://…/DATABASE/PROJECT`` URL, as an :class:`Address`."""
    if isinstance(address, Address):
        return address
    if not is_server_url(address):
        return Address(path=Path(address))
    parts = urlsplit(str(address))
    segments = [part for part in parts.path.split("/") if part]
    if len(segments) != 2:
        raise ProjectError("a server address names the database and the project.",
                           path=hide_password(str(address)), fix=URL_FIX)
    database, project = segments
    check_project_name(project, str(address))
    server = urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))
    return Address(server=server, project=project)


def server_address(server: str, project: str) -> str:
    """The address of ``project`` on the database ``server`` (a URL without project)."""
    check_project_name(project, server)
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"{parts.path.rstrip('/')}/{project}",
                       parts.query, ""))


def check_project_name(project: str, where: str) -> None:
    if not _PROJECT_NAME.fullmatch(project) or project == ACCOUNTS_SCHEMA \
            or project.startswith("pg_") or project in ("public", "information_schema"):
        raise ProjectError(f"{project!r} cannot name a project on a server.",
                           path=hide_password(where), fix=URL_FIX)


def check_server_url(server: str) -> str:
    """A database URL (``postgresql://…/DATABASE``), checked; for accounts and listing."""
    parts = urlsplit(server) if is_server_url(server) else None
    if parts is None or len([p for p in parts.path.split("/") if p]) != 1:
        raise ProjectError("not the address of a database on a PostgreSQL server.",
                           path=hide_password(server),
                           fix="write postgresql://USER@HOST:PORT/DATABASE "
                               "(e.g. postgresql://coder@lab-server/coding).")
    return server


def hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
