"""Emergent themes for a project: fit, compare with the codebook, review, promote.

Each fit reads the chosen segments and their cached embeddings, runs
:class:`~coding.emergent.model.ThemeModel`, judges each theme covered or new
against the codebook, and stores the themes with a run record. The researcher then
renames, merges, discards or promotes themes; a promoted theme becomes a code whose
suggestions come from :func:`coding.pipeline.refresh_suggestions` like any other, and
the model never confirms a code.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from coding.config import Settings
from coding.embed import Embedder, embedder_for_run
from coding.emergent.coverage import COVERAGE_THRESHOLD, coverage
from coding.emergent.model import ThemeModel
from coding.errors import CodingError, ProjectError
from coding.labels import clock, meeting_label, shorten
from coding.model import Code, EmergentTheme, Run, Segment
from coding.store import Project, now
from coding.store import exists as project_exists
from coding.versions import library_versions

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ThemeRequest:
    """Which segments to fit on and with what settings (empty subset = everything)."""

    meetings: tuple[str, ...] = ()  # transcript ids
    speakers: tuple[str, ...] = ()
    n_themes: int | None = None  # None: chosen from the number of segments
    min_theme_size: int = 10
    seed: int = 0
    coverage_threshold: float = COVERAGE_THRESHOLD


@dataclass
class ThemeReport:
    run_id: str
    themes: list[EmergentTheme] = field(default_factory=list)
    segments: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def fit_themes(project: str | Path, request: ThemeRequest | None = None,
               settings: Settings | None = None,
               progress: Progress | None = None, *,
               embedder: Embedder | None = None) -> ThemeReport:
    """Fit themes on the project's (chosen) segments and store them as a new run.

    ``embedder`` makes the vectors instead of ``settings.model``; the run names its model."""
    request, settings = request or ThemeRequest(), settings or Settings()
    progress = progress or (lambda stage, done, total: None)
    report = ThemeReport(run_id=uuid.uuid4().hex[:12])
    started, clock_start = now(), time.perf_counter()
    if not project_exists(project):
        raise ProjectError("project file not found.", path=project,
                           fix="run 'coding run' first, or check the path.")
    with Project(project) as store:
        segments = chosen_segments(store, request)
        embedder = embedder_for_run(settings, store, embedder)
        progress("embed", 0, len(segments))
        vectors = embedder.encode([s.text for s in segments])
        report.timings["embeddings_s"] = round(time.perf_counter() - clock_start, 3)
        progress("themes", 0, 1)
        model = ThemeModel(n_themes=request.n_themes, min_theme_size=request.min_theme_size,
                           embedder=embedder, random_state=request.seed).fit(
            [s.text for s in segments], vectors, [s.transcript_id for s in segments])
        report.timings["fit_s"] = round(time.perf_counter() - clock_start, 3)
        verdicts = coverage(model.centroids_, store.codebook(), embedder,
                            request.coverage_threshold)
        report.themes = [
            EmergentTheme(run_id=report.run_id, number=found.number, label=found.label,
                  terms=found.terms, quotes=tuple(segments[i].id for i in found.quotes),
                  size=found.size, covered_by=verdict.code, similarity=verdict.similarity,
                  nearest=verdict.nearest)
            for found, verdict in zip(model.themes_, verdicts)]
        report.segments = len(segments)
        report.timings["total_s"] = round(time.perf_counter() - clock_start, 3)
        run = Run(id=report.run_id, started_at=started, finished_at=now(),
                  settings={"kind": "themes", **model.get_params(),
                            "meetings": list(request.meetings),
                            "speakers": list(request.speakers),
                            "coverage_threshold": request.coverage_threshold},
                  versions=library_versions(embedder.model), timings=report.timings,
                  counts={"segments": len(segments), "themes": len(report.themes),
                          "new": sum(1 for t in report.themes if not t.covered_by)})
        store.save_theme_fit(run, report.themes, [s.id for s in segments], model.labels_,
                             model.coordinates_)
        progress("themes", 1, 1)
    return report


def chosen_segments(store: Project, request: ThemeRequest) -> list[Segment]:
    """The request's segments, meeting by meeting in spoken order."""
    segments = store.segments(request.meetings or None)
    if request.speakers:
        segments = [s for s in segments if s.speaker in set(request.speakers)]
    if not segments:
        raise CodingError("no segments match this choice of meetings and speakers.",
                          fix="choose more meetings or speakers, or import transcripts.")
    return segments


def draft_code(store: Project, theme: EmergentTheme, examples: int = 3) -> Code:
    """A codebook entry to start from: named after the theme, defined by its terms,
    with its most typical quotes as examples. The researcher edits it before saving."""
    texts = _segment_texts(store, theme.quotes[:examples])
    terms = list(theme.terms[:5])
    listed = ", ".join(terms[:-1]) + (f" and {terms[-1]}" if len(terms) > 1 else terms[0])
    return Code(name=theme.title.replace(" · ", ", ").capitalize()[:80],
                definition=f"Participants talk about {listed}.",
                keywords=tuple(t for t in terms if " " not in t),
                examples=tuple(texts))


def _segment_texts(store: Project, ids: Sequence[str]) -> list[str]:
    texts = store.segment_texts(ids)
    return [texts[i] for i in ids if i in texts]


def theme_segments(store: Project, run_id: str | None = None) -> pd.DataFrame:
    """One row per segment of a fit: theme title, map position, speaker, meeting, time."""
    run_id = run_id or store.latest_theme_run()
    frame = store.theme_segment_details(run_id)
    titles = {t.number: t.title for t in store.themes(run_id)}
    frame["theme"] = frame["number"].map(titles)
    frame["meeting_label"] = [meeting_label(m, t) for m, t in
                              zip(frame["meeting"], frame["transcript"])]
    return frame


def theme_overview(store: Project, run_id: str | None = None) -> pd.DataFrame:
    """The theme list: title, status, covered/new, size, spread, terms, quotes."""
    run_id = run_id or store.latest_theme_run()
    if run_id is None:
        return pd.DataFrame()
    segments = theme_segments(store, run_id)
    by_id = segments.set_index("segment_id")
    rows = []
    for theme in store.themes(run_id):
        mine = segments[segments["number"] == theme.number]
        rows.append({
            "number": theme.number, "theme": theme.title, "status": theme.status.value,
            "codebook": (f"covered by {theme.covered_by} ({theme.similarity:.2f})"
                         if theme.covered_by else
                         f"new (nearest {theme.nearest or '-'}: {theme.similarity:.2f})"),
            "size": theme.size, "meetings": mine["meeting_label"].nunique(),
            "participants": mine["speaker"].nunique(), "terms": ", ".join(theme.terms),
            "quotes": [_quote(by_id.loc[q]) for q in theme.quotes if q in by_id.index]})
    return pd.DataFrame(rows)


def _quote(row: pd.Series) -> str:
    when = clock(row["start"])
    tag = " · ".join(part for part in (row["speaker"], row["meeting_label"], when) if part)
    return f"“{shorten(row['text'])}” — {tag}"


def theme_counts(segments: pd.DataFrame, by: str) -> pd.DataFrame:
    """Segments per theme (rows) and meeting or speaker (columns), in time order."""
    if segments.empty:
        return pd.DataFrame()
    order = list(dict.fromkeys(segments[by]))
    table = pd.crosstab(segments["theme"], segments[by]).reindex(columns=order, fill_value=0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index].astype(np.int64)
