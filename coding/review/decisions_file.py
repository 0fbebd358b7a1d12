"""Decisions from a CSV file, so a script can do what a coder does in the app.

Columns: ``segment_id, theme, action`` and optionally ``new_theme, coder, memo``.
``action`` is confirm, reject, relabel (needs new_theme) or memo. Every row is checked
before any is stored: one bad row means nothing is written.
"""

from __future__ import annotations

import csv
from pathlib import Path

from coding.errors import DecisionError
from coding.model import Action, Decision
from coding.store import Project

REQUIRED = ("segment_id", "theme", "action")


def read_decisions(path: str | Path, coder: str = "") -> list[tuple[int, Decision]]:
    """(line number, decision) for each row; ``coder`` fills rows that name none."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError as error:
        raise DecisionError("decisions file not found.", path=path,
                            fix="check the path.") from error
    with handle:
        reader = csv.DictReader(handle)
        columns = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            raise DecisionError(f"missing column(s) {', '.join(missing)}; found "
                                f"{', '.join(columns) or 'none'}.", path=path, line=1,
                                fix="use the header: segment_id,theme,action,new_theme,coder,memo")
        return [(line, _decision(path, line, row, coder))
                for line, row in enumerate(reader, start=2)]


def _decision(path: Path, line: int, raw: dict[str, str | None], coder: str) -> Decision:
    row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items()}
    try:
        action = Action(row["action"].lower())
    except ValueError as error:
        raise DecisionError(f"unknown action {row['action']!r}.", path=path, line=line,
                            fix=f"use one of: {', '.join(a.value for a in Action)}.") from error
    return Decision(segment_id=row["segment_id"], code=row["theme"], action=action,
                    coder=row.get("coder") or coder, new_code=row.get("new_theme", ""),
                    memo=row.get("memo", ""))


def record_decisions_csv(project: Project, path: str | Path, coder: str = "") -> int:
    """Check and append every decision of the file; returns how many were stored."""
    rows = read_decisions(path, coder)
    try:
        return project.record_decisions([decision for _, decision in rows])
    except DecisionError as error:
        line = rows[error.row - 1][0] if error.row else None
        raise DecisionError(error.problem, path=path, line=line, fix=error.fix) from error
