"""Make ``project_v1.sqlite``: a small project written by the code BEFORE migrations.

The migration tests (``tests/test_migrations.py``) open this file with today's code and
check that nothing a researcher did is lost or changed. It must therefore be made by the
old code (schema "1", codes keyed by name), so this script is run against a checkout of
that code, not against the package in this repository::

    git worktree add /tmp/before 53b3151      # the last commit before migrations
    PYTHONPATH=/tmp/before .venv/bin/python tests/data/make_v1_project.py \\
        tests/data/project_v1.sqlite

It writes the project file and, next to it, ``project_v1.expected.json``: what the old
code itself read back from the file (every decision, the codebook and its history, the
suggestions per code, the speaker map, participant attributes, emergent themes), so
the tests compare against the old code's own view rather than against a copy of it.

What the project holds: two small transcripts (zoom_small.vtt, teams_small.vtt) run
through the pipeline with codebook_small.yaml and the bundled MiniLM model; decisions of
every kind by two coders (confirm, reject, relabel, a memo on a segment, a memo on a
code); then the codebook edits that matter to a migration: an example quote added, a
definition edited, a code renamed AFTER decisions were made on it (so the decision log
was rewritten by the old code), a code added and deleted; one emergent theme promoted to
a new code, which is then renamed (the old code left the theme pointing at the old
name); a speaker correction; participant attributes.

Deterministic as far as the old code allows: every clock the store reads is replaced by
a fixed, ticking one and run ids by a counter, so only the pipeline's own run timings
and the suggestion scores' last float bits may differ between machines. The embedding
cache is kept (eight vectors, 12 KB: small, and a real file has one); the file is
vacuumed. It keeps the WAL flag in its header, as every file written by the old code
does, so that opening it in WAL mode changes no byte.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import sys
import uuid
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

import coding.pipeline as pipeline
import coding.store.codebook as store_codebook
import coding.store.participants as store_participants
import coding.store.project as store_project
from coding.config import Settings
from coding.model import Action, Code, Decision, Run, Theme
from coding.store import Project

DATA = Path(__file__).resolve().parent
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
_ticks = itertools.count()
_runs = itertools.count(1)


def fixed_now() -> str:
    """A clock that advances one minute per reading, from 1 March 2025 09:00 UTC."""
    return (START + timedelta(minutes=next(_ticks))).isoformat(timespec="seconds")


class _Uuid:
    """Stands in for the ``uuid`` module in the pipeline: run ids from a counter."""

    @staticmethod
    def uuid4() -> uuid.UUID:
        return uuid.UUID(int=next(_runs))


def freeze_clocks() -> None:
    for module in (store_codebook, store_participants, store_project, pipeline):
        if hasattr(module, "now"):
            module.now = fixed_now
    pipeline.uuid = _Uuid


def build(path: Path) -> None:
    """The project, made through the old code's public functions only."""
    pipeline.run_pipeline([DATA / "zoom_small.vtt", DATA / "teams_small.vtt"],
                          DATA / "codebook_small.yaml", path, Settings())
    with Project(path) as project:
        segments = [s.id for s in project.segments()]
        decide(project, segments)
        edit_codebook(project, segments)
        promote_a_theme(project, segments)
        label = next(e.label for e in project.speaker_map() if e.label.startswith("Carmen"))
        project.correct_speakers({label: "Carmen Reyes-Diaz"}, coder="ana")
        project.set_participant_attributes({"Amara Osei": {"role": "facilitator"},
                                            "Ben Kowalski": {"role": "physician"}})


def decide(project: Project, segments: list[str]) -> None:
    """Two coders, every kind of decision (segments 1, 4: Ben's boundary turns; 2, 5:
    Carmen's billing turns; 0, 3: Amara's greeting)."""
    boundaries, practice = "Setting boundaries", "Non-clinical practice challenges"
    at = fixed_now
    project.record_decisions([
        Decision(segments[1], boundaries, Action.CONFIRM, "ana", decided_at=at()),
        Decision(segments[4], boundaries, Action.CONFIRM, "ana", memo="phone off at seven",
                 decided_at=at()),
        Decision(segments[2], practice, Action.CONFIRM, "ana", decided_at=at()),
        Decision(segments[0], boundaries, Action.REJECT, "ana", memo="just a greeting",
                 decided_at=at()),
        Decision(segments[3], "", Action.MEMO, "ana", memo="Laughter in the room.",
                 decided_at=at()),
    ])
    project.record_decisions([
        Decision(segments[1], boundaries, Action.CONFIRM, "ben", decided_at=at()),
        Decision(segments[2], practice, Action.RELABEL, "ben", new_code=boundaries,
                 memo="it is about evenings", decided_at=at()),
        Decision(segments[4], boundaries, Action.RELABEL, "ben", new_code=practice,
                 decided_at=at()),
        Decision(segments[1], boundaries, Action.MEMO, "ben", memo="ask Ana about this one",
                 decided_at=at()),
        Decision(segments[5], practice, Action.CONFIRM, "ben", decided_at=at()),
        Decision(segments[0], practice, Action.REJECT, "ben", decided_at=at()),
    ])


def edit_codebook(project: Project, segments: list[str]) -> None:
    boundaries = project.stored_code("Setting boundaries")
    text = project.rows("SELECT text FROM segments WHERE id=?", (segments[4],))[0][0]
    with_example = replace(boundaries, examples=(*boundaries.examples, text.strip()))
    project.save_code(with_example, coder="ana", original=boundaries)
    practice = project.stored_code("Non-clinical practice challenges")
    reworded = replace(practice, definition="Running a practice: billing, staffing, notes.")
    project.save_code(reworded, coder="ben", original=practice)
    # The rename the migration must carry: decisions and suggestions use the old name.
    project.save_code(replace(with_example, name="Boundaries"), coder="ana",
                      original=with_example)
    temporary = Code(name="Temporary", definition="Added by mistake.")
    project.save_code(temporary, coder="ben")
    project.delete_code(temporary, coder="ben")


def promote_a_theme(project: Project, segments: list[str]) -> None:
    """An emergent-theme fit written as the theme screen would, without BERTopic (two
    tiny transcripts are too few to fit); theme 0 is promoted to a new code."""
    run = Run(id="fit-v1", started_at=fixed_now(), finished_at=fixed_now(),
              settings={"fixture": True})
    themes = [Theme(run_id=run.id, number=0, label="0_team_support", terms=("team",),
                    quotes=tuple(segments[:2]), size=2, name="Peer support"),
              Theme(run_id=run.id, number=1, label="1_billing_staffing",
                    terms=("billing", "staffing"), quotes=(segments[5],), size=1,
                    covered_by="Non-clinical practice challenges", similarity=0.61,
                    nearest="Non-clinical practice challenges")]
    numbers = np.array([0, 0, 1])
    project.save_theme_fit(run, themes, [segments[0], segments[1], segments[5]], numbers,
                           np.zeros((3, 2)))
    promoted = Code(name="Peer support", definition="Colleagues holding each other up.")
    project.promote_theme(run.id, 0, promoted, coder="ana")
    # The old code left the theme's promoted_to on the old name; ids fix that.
    project.save_code(replace(promoted, name="Peer support among friendtors"), coder="ben",
                      original=promoted)


def expected(project: Project) -> dict:
    """What the old code reads back: the reference the migrated file must match."""
    suggested = project.rows("SELECT code, COUNT(*) FROM suggestions GROUP BY code "
                             "ORDER BY code")
    return {
        "made_by": "coding at 53b3151 (schema 1)",
        "decisions": [asdict(d) for d in project.decisions()],
        "codebook": asdict(project.codebook()),
        "codebook_edits": [
            {"code": e.code, "action": e.action.value,
             "before": e.before.name if e.before else None,
             "after": e.after.name if e.after else None,
             "coder": e.coder, "edited_at": e.edited_at} for e in project.codebook_edits()],
        "suggestions": {row[0]: row[1] for row in suggested},
        "suggestion_rows": project.rows("SELECT COUNT(*) FROM suggestions")[0][0],
        "speaker_map": [asdict(entry) for entry in project.speaker_map()],
        "participant_attributes": project.participant_attributes(),
        "themes": [{"number": t.number, "name": t.name, "status": t.status.value,
                    "promoted_to": t.promoted_to, "covered_by": t.covered_by}
                   for t in project.themes("fit-v1")],
    }


def shrink(path: Path) -> None:
    """Vacuum and leave no -wal file. (Were the embedding cache big, this is where to
    delete it: the store refills it on demand.)"""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def main(target: str) -> None:
    path = Path(target).resolve()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    freeze_clocks()
    build(path)
    shrink(path)
    with Project(path) as project:
        reference = expected(project)
    json_path = path.with_name(path.stem + ".expected.json")
    json_path.write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    print(f"{path.name}: {path.stat().st_size:,} bytes, "
          f"{len(reference['decisions'])} decisions; {json_path.name} written")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT.sqlite   (run with PYTHONPATH=<old checkout>)")
    main(sys.argv[1])
