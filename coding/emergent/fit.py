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
from coding.emergent.coverage import COVERAGE_SHARE, coverage
from coding.emergent.draft import write_draft
from coding.emergent.model import ThemeModel
from coding.errors import CodingError, ProjectError
from coding.labels import clock, meeting_label, shorten
from coding.emergent.smalltalk import SMALL_TALK_NUMBER, small_talk_reasons, small_talk_theme
from coding.model import Code, EmergentTheme, Run, Segment, SpeakerRole, Status
from coding.store import Project, now
from coding.store import exists as project_exists
from coding.talk import name_words
from coding.versions import library_versions

Progress = Callable[[str, int, int], None]
#: The steps of a fit after embedding, as the progress bar names them.
FIT_STEPS = ("reduce", "cluster", "label", "compare")


@dataclass(frozen=True)
class ThemeRequest:
    """Which segments to fit on and with what settings (empty subset = everything).
    ``facilitators`` (participants whose role is facilitator) have their short turns
    set apart as moderation (:mod:`coding.emergent.smalltalk`)."""

    meetings: tuple[str, ...] = ()  # transcript ids
    speakers: tuple[str, ...] = ()
    n_themes: int | None = None  # None: chosen from the number of segments
    min_theme_size: int = 10
    seed: int = 0
    coverage_share: float = COVERAGE_SHARE  # of members voting for the code
    facilitators: tuple[str, ...] = ()


@dataclass
class ThemeReport:
    run_id: str
    themes: list[EmergentTheme] = field(default_factory=list)
    segments: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    small_talk: int = 0  # segments set apart as non-substantive talk

    @property
    def found(self) -> int:
        """How many themes were found (the small-talk group is not one)."""
        return sum(1 for theme in self.themes if theme.number != SMALL_TALK_NUMBER)


def fit_themes(project: str | Path, request: ThemeRequest | None = None,
               settings: Settings | None = None,
               progress: Progress | None = None, *,
               embedder: Embedder | None = None) -> ThemeReport:
    """Fit themes on the project's (chosen) segments and store them as a new run; small
    talk is set apart in one group first.

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
        names = project_names(store)
        reasons = small_talk_reasons([s.text for s in segments], [s.speaker for s in segments],
                                     facilitator_labels(store, request.facilitators
                                                        or facilitators_of(store)), names)
        kept = [s for s, reason in zip(segments, reasons) if reason is None]
        embedder = embedder_for_run(settings, store, embedder)
        progress("embed", 0, len(kept))
        vectors = embedder.encode([s.text for s in kept],
                                  progress=lambda done, total: progress("embed", done, total))
        report.timings["embeddings_s"] = round(time.perf_counter() - clock_start, 3)
        model = ThemeModel(n_themes=request.n_themes, min_theme_size=request.min_theme_size,
                           embedder=embedder, random_state=request.seed,
                           names=sorted(names)).fit(
            [s.text for s in kept], vectors, [s.transcript_id for s in kept],
            progress=lambda step: progress(step, FIT_STEPS.index(step), len(FIT_STEPS)))
        report.timings["fit_s"] = round(time.perf_counter() - clock_start, 3)
        progress("compare", 3, len(FIT_STEPS))
        verdicts = coverage(kept, [np.flatnonzero(model.labels_ == found.number)
                                   for found in model.themes_],
                            store.codebook(), embedder, request.coverage_share,
                            confirmed_texts(store), keyword_cache=store)
        report.themes = [
            EmergentTheme(run_id=report.run_id, number=found.number, label=found.label,
                  terms=found.terms, quotes=tuple(kept[i].id for i in found.quotes),
                  size=found.size, covered_by=verdict.code, similarity=verdict.similarity,
                  nearest=verdict.nearest)
            for found, verdict in zip(model.themes_, verdicts)]
        chatter = [(s, reason) for s, reason in zip(segments, reasons) if reason is not None]
        if chatter:
            report.themes.append(small_talk_theme(report.run_id, [s for s, _ in chatter],
                                                  [reason for _, reason in chatter]))
        report.segments, report.small_talk = len(segments), len(chatter)
        report.timings["total_s"] = round(time.perf_counter() - clock_start, 3)
        store.save_theme_fit(_run(report, model, request, embedder, started), report.themes,
                             [s.id for s in kept] + [s.id for s, _ in chatter],
                             np.concatenate([model.labels_,
                                             np.full(len(chatter), SMALL_TALK_NUMBER)]),
                             # small talk is not drawn on the map; (0, 0) is its centre
                             np.vstack([model.coordinates_,
                                        np.zeros((len(chatter), 2), np.float32)]))
        progress("compare", len(FIT_STEPS), len(FIT_STEPS))
    return report


def _run(report: ThemeReport, model: ThemeModel, request: ThemeRequest,
         embedder: Embedder, started: str) -> Run:
    """The run record of a fit: what the settings form shows again for this fit."""
    themes = [t for t in report.themes if t.number != SMALL_TALK_NUMBER]
    return Run(id=report.run_id, started_at=started, finished_at=now(),
               settings={"kind": "themes", **model.get_params(),
                         "themes_found": model.n_themes_,
                         "meetings": list(request.meetings),
                         "speakers": list(request.speakers),
                         "facilitators": list(request.facilitators),
                         "coverage_share": request.coverage_share},
               versions=library_versions(embedder.key), timings=report.timings,
               counts={"segments": report.segments, "themes": len(themes),
                       "new": sum(1 for t in themes if not t.covered_by),
                       "small_talk": report.small_talk})


def facilitators_of(store: Project) -> tuple[str, ...]:
    """The participants whose role is facilitator (set on the Participants screen)."""
    return tuple(sorted(name for name, role in store.participant_roles().items()
                        if role == SpeakerRole.FACILITATOR))


def facilitator_labels(store: Project, facilitators: Sequence[str]) -> set[str]:
    """The speaker labels the transcripts write the facilitators (participants) with."""
    chosen = set(facilitators)
    return {entry.label for entry in store.speaker_map()
            if entry.participant in chosen or entry.label in chosen}


def fit_settings(store: Project, run_id: str | None) -> dict[str, object]:
    """The settings a fit was made with, as its run records them ({} for no fit): what
    the settings form shows while that fit's themes are listed."""
    return next((dict(run.settings) for run in store.runs() if run.id == run_id), {})


def project_names(store: Project) -> set[str]:
    """Every word of the project's speaker labels, participants and pseudonyms (and of
    the names in its participant attributes): what a label must never say."""
    return name_words({*store.speaker_labels(), *store.participants(),
                       *store.participant_attributes()})


def confirmed_texts(store: Project) -> dict[str, list[str]]:
    """The texts of the segments coders confirmed, by code name."""
    by_code: dict[str, list[str]] = {}
    for (segment_id, code), status in store.pair_statuses().items():
        if status == Status.CONFIRMED:
            by_code.setdefault(code, []).append(segment_id)
    texts = store.segment_texts([i for ids in by_code.values() for i in ids])
    return {code: [texts[i] for i in ids if i in texts] for code, ids in by_code.items()}


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
    """A codebook entry to start from, written from the theme's most central quotes
    (:func:`coding.emergent.draft.write_draft`). The researcher edits it before saving."""
    nearest = next((c for c in store.codebook().codes if c.name == theme.nearest), None)
    return write_draft(theme, _segment_texts(store, theme.quotes), project_names(store),
                       parent=nearest.parent if nearest else "", examples=examples)


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
    themes = store.themes(run_id)
    # Small talk is listed last, whatever its size: it is set apart, not a theme.
    themes.sort(key=lambda theme: theme.number == SMALL_TALK_NUMBER)
    for theme in themes:
        mine = segments[segments["number"] == theme.number]
        rows.append({
            "number": theme.number, "theme": theme.title, "status": theme.status.value,
            "small_talk": theme.number == SMALL_TALK_NUMBER,
            "codebook": _verdict(theme),
            "size": theme.size, "meetings": mine["meeting_label"].nunique(),
            "participants": mine["speaker"].nunique(), "terms": ", ".join(theme.terms),
            "quotes": [_quote(by_id.loc[q]) for q in theme.quotes if q in by_id.index]})
    return pd.DataFrame(rows)


def _verdict(theme: EmergentTheme) -> str:
    if theme.number == SMALL_TALK_NUMBER:
        return "set apart: " + ", ".join(theme.terms)
    if theme.covered_by:
        return f"covered by {theme.covered_by} (similarity {theme.similarity:.2f})"
    return f"new (nearest code {theme.nearest or '-'}: similarity {theme.similarity:.2f})"


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
