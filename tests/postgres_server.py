"""A throw-away PostgreSQL server for the tests and the load benchmark.

It runs Debian's PostgreSQL binaries (``apt-get install postgresql``; the Makefile does
it) in a temporary folder, on a unix socket only (no TCP port), with the C locale, so
text sorts by code point as in SQLite and exports match byte for byte. ``initdb``
refuses to run as root, so as root the server runs as the ``postgres`` user.

If the server cannot start, :func:`start` raises :class:`ServerError` with the reason:
the tests that need it fail with that message; they are never skipped.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BIN_FOLDERS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
DATABASE = "coding"


class ServerError(RuntimeError):
    """PostgreSQL could not be started for the tests."""


@dataclass
class Server:
    folder: Path
    bin: Path
    owner: str | None

    @property
    def socket(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str = DATABASE) -> str:
        """The database's URL (add ``/PROJECT`` for a project's address)."""
        return f"postgresql://postgres@/{database}?host={self.socket}"

    def project(self, name: str) -> str:
        return f"postgresql://postgres@/{DATABASE}/{name}?host={self.socket}"

    def stop(self) -> None:
        _run(self, "pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _binaries() -> Path:
    for folder in BIN_FOLDERS:
        if (folder / "initdb").exists():
            return folder
    raise ServerError("PostgreSQL's binaries are not installed (no "
                      "/usr/lib/postgresql/*/bin/initdb): run `make test`, which installs "
                      "them, or `sudo apt-get install postgresql`.")


def _run(server: Server, program: str, *args: str) -> None:
    command = [str(server.bin / program), *args]
    if server.owner:
        command = ["runuser", "-u", server.owner, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")


def start(durable: bool = False) -> Server:
    """Start a new server with an empty database :data:`DATABASE`. ``durable``: sync
    commits to disk as a production server does (the tests need not; a benchmark does)."""
    binaries = _binaries()
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="coding-pg-"))
    server = Server(folder, binaries, owner)
    (folder / "socket").mkdir()
    if owner:
        user = pwd.getpwnam(owner)
        for path in (folder, folder / "socket"):
            os.chown(path, user.pw_uid, user.pw_gid)
    _run(server, "initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust",
         "--locale=C", "--encoding=UTF8", "--no-sync")
    _run(server, "pg_ctl", "-D", str(folder / "data"), "-w", "-l", str(folder / "log"),
         "-o", f"-c listen_addresses='' -k {folder / 'socket'} "
               f"-c fsync={'on' if durable else 'off'} -c max_connections=60", "start")
    _run(server, "createdb", "-h", str(server.socket), "-U", "postgres", DATABASE)
    return server
