"""Where project files live: one folder in the user's data directory, unless told otherwise.

``FOCUS_CODING_HOME`` overrides the folder (for a shared drive, or tests);
``FOCUS_CODING_SERVER`` puts the app in server mode (projects on a PostgreSQL server).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_data_dir

from coding.errors import ProjectError

SUFFIX = ".sqlite"
_NAME = re.compile(r"^[\w][\w .()-]{0,79}$")


def projects_folder() -> Path:
    """The folder that holds the user's projects (created on first use)."""
    folder = Path(os.environ.get("FOCUS_CODING_HOME") or user_data_dir("focus-coding"))
    return folder.expanduser()


def team_server() -> str | None:
    """The team server's database (``postgresql://USER@HOST/DATABASE``) when the app runs
    in server mode — set by ``FOCUS_CODING_SERVER`` — else None (projects are files)."""
    return os.environ.get("FOCUS_CODING_SERVER") or None


def list_projects(folder: Path | None = None) -> list[Path]:
    """Project files in the folder, most recently changed first."""
    folder = folder or projects_folder()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)


def new_project_path(name: str, folder: Path | None = None) -> Path:
    """The file for a new project called ``name``; refuses names that are paths or taken."""
    name = name.strip().removesuffix(SUFFIX)
    if not _NAME.match(name):
        raise ProjectError(
            f"{name!r} cannot be a project name.",
            fix="use letters, digits, spaces, dots, dashes or underscores (no slashes), "
                "at most 80 characters, e.g. 'friendtor 2025'.")
    path = (folder or projects_folder()) / f"{name}{SUFFIX}"
    if path.exists():
        raise ProjectError("a project with this name already exists.", path=path,
                           fix="open it instead, or choose another name.")
    return path


def default_key_path(project: str | Path) -> Path:
    """Where a pseudonymised project's key goes unless told otherwise: a ``keys`` folder
    beside the project file, so the project can be shared without it."""
    project = Path(project)
    return project.parent / "keys" / f"{project.stem}.key.csv"

def upload_name(name: str) -> str:
    """The file name alone: folders (either slash), leading dots and control characters
    go. Empty when nothing usable is left."""
    last = name.replace("\\", "/").split("/")[-1]
    return "".join(c for c in last if c.isprintable()).strip().lstrip(".")
