"""The project: a SQLite file, or a project on a PostgreSQL team server. This package
is the only code that reads or writes it."""

from pathlib import Path

from coding.store.address import Address, parse_address
from coding.store.codebook import now
from coding.store.engine import project_exists
from coding.store.project import Project


def exists(address: str | Path | Address) -> bool:
    """Whether the project at a path or ``postgresql://`` URL is there."""
    return project_exists(parse_address(address))


__all__ = ["Address", "Project", "exists", "now", "parse_address"]
