"""focus-coding: suggest, review and export themes in meeting transcripts, offline.

What a notebook or script imports::

    from coding import run_pipeline, Project, ReviewFilter, find_segments, decide
    report = run_pipeline(["transcripts"], "codebooks/friendtor.yaml", "study.sqlite")
    with Project("study.sqlite") as project:
        ids = find_segments(project, ReviewFilter(status="pending"))

Names are loaded on first use (PEP 562), so ``import coding`` stays quick for the
command line; ``ARCHITECTURE.md`` maps where each lives.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_HOMES = {
    # records, settings, errors
    "Action": "coding.model", "Code": "coding.model", "Codebook": "coding.model",
    "Decision": "coding.model", "Segment": "coding.model", "Status": "coding.model",
    "Transcript": "coding.model", "Turn": "coding.model", "Unit": "coding.model",
    "Settings": "coding.config", "load_settings": "coding.config",
    "CodingError": "coding.errors",
    # files in
    "read_transcript": "coding.readers", "load_codebook": "coding.codebooks",
    "save_codebook": "coding.codebooks",
    # the project file
    "Project": "coding.store",
    # the steps strung together
    "run_pipeline": "coding.pipeline", "import_uploads": "coding.uploads",
    "refresh_suggestions": "coding.pipeline", "export_project": "coding.pipeline",
    # review
    "ReviewFilter": "coding.review.cards", "find_segments": "coding.review.cards",
    "segment_cards": "coding.review.cards", "review_counts": "coding.review.cards",
    "decide": "coding.review.cards", "add_memo": "coding.review.cards",
    "mark_no_theme": "coding.review.cards", "review_progress": "coding.review.cards",
    "undo_last": "coding.review.undo", "undo_last_act": "coding.review.undo",
    "current_status": "coding.store.status",
    "project_agreement": "coding.review.agreement",
    "reconciliation": "coding.review.reconcile",
    "record_consensus": "coding.review.reconcile",
    "export_package": "coding.review.packages", "import_packages": "coding.review.packages",
    # people
    "correct_speakers": "coding.people.roster", "speaker_table": "coding.people.roster",
    # emergent themes
    "fit_themes": "coding.emergent.fit", "ThemeRequest": "coding.emergent.fit",
    "theme_overview": "coding.emergent.fit",
    # tables and files
    "export_tables": "coding.report.tables", "theme_table": "coding.report.tables",
    "segment_table": "coding.report.tables", "write_csv": "coding.report.files",
    "write_xlsx": "coding.report.files",
    "ExportOptions": "coding.report.paper", "paper_tables": "coding.report.paper",
    "export_bundle": "coding.report.bundle", "write_bundle": "coding.report.bundle",
    "methods_facts": "coding.report.methods", "methods_paragraph": "coding.report.methods",
    "audit_trail": "coding.report.methods", "use_as_exemplar": "coding.report.exemplars",
    "SpeakerRole": "coding.model",
    "project_qdpx": "coding.refi", "import_qdpx": "coding.refi",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'coding' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
