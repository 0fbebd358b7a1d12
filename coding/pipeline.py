"""The one place the steps are strung together: read, segment, suggest, store, export."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coding.codebooks import load_codebook
from coding.config import Settings
from coding.embed import Embedder, embedder_for_run
from coding.errors import CodingError, ProjectError
from coding.model import Codebook, Feedback, Run, Segment, Transcript, Unit, content_hash
from coding.people.matching import PARTICIPANTS_NAME
from coding.people.on_import import People
from coding.readers import SUPPORTED_SUFFIXES, read_transcript, stored_id, stored_name
from coding.readers.manifest import MANIFEST_NAME, MeetingInfo, read_manifest
from coding.review.learning import SUGGESTION_UPDATE, feedback
from coding.segment import segment_transcript
from coding.store import Project, now
from coding.store import exists as project_exists
from coding.suggest import SCORER_VERSION
from coding.suggest.changes import SuggestionChanges, compare
from coding.topical import episodes_for
from coding.progress import Progress, quiet
from coding.versions import library_versions

if TYPE_CHECKING:
    from coding.report.paper import ExportOptions


#: Meta key: the digest of what the current suggestions were computed from.
SUGGESTION_BASIS = "suggestion_basis"


@dataclass
class RunReport:
    """What a run did, in words a researcher can read."""

    run_id: str
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # file -> reason
    warnings: dict[str, list[str]] = field(default_factory=dict)  # file -> what to check
    segments: int = 0
    suggestions: int = 0
    learned_from: int = 0  # decisions recorded when the suggestions were learned
    last_decision: int = 0  # id of the newest decision when they were made
    changes: SuggestionChanges | None = None  # what this update changed, for the screen
    timings: dict[str, float] = field(default_factory=dict)
    #: True when nothing the suggestions depend on changed since they were made (same
    #: segments, codebook, decisions, settings and model), so they were kept as they were.
    suggestions_kept: bool = False


def find_transcripts(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and transcript files (by extension) inside given folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix.lower() in SUPPORTED_SUFFIXES
                                and p.name not in (MANIFEST_NAME, PARTICIPANTS_NAME)
                                # hidden files, and the lock files Word and Excel leave
                                # beside an open document ('~$meeting.docx')
                                and not p.name.startswith((".", "~$"))))
        else:
            found.append(path)
    return found


def run_pipeline(transcripts: Sequence[str | Path], codebook: str | Path | Codebook | None,
                 project: str | Path, settings: Settings | None = None,
                 progress: Progress | None = None,
                 meetings: Mapping[str, MeetingInfo] | None = None, *,
                 participants_csv: str | Path | None = None, pseudonymise: bool | None = None,
                 mask_list: str | Path | None = None,
                 key_path: str | Path | None = None,
                 embedder: Embedder | None = None) -> RunReport:
    """Import transcripts and a codebook into a project and refresh every suggestion.

    ``codebook`` None keeps the project's own codebook (as edited in the app).
    ``meetings`` gives meeting number and date per file name, ahead of a manifest or
    the name itself. A file that cannot be read is skipped with its reason in the
    report; the others still import. Files already in the project are recognised by
    content and left alone.

    ``participants_csv`` gives participants' attributes (role, site …). ``pseudonymise``
    replaces every participant by a pseudonym and masks names in the words before
    anything is stored (None: as the project already is); the key goes to ``key_path``
    (default: :func:`coding.paths.default_key_path`), never into the project, and
    ``mask_list`` names other people and places to mask. See :mod:`coding.people.pseudonyms`.

    ``embedder`` makes the sentence vectors instead of ``settings.model`` (see
    :func:`coding.embed.embedder_for_run`); the run record names its model.
    """
    progress = progress or quiet
    report = RunReport(run_id=uuid.uuid4().hex[:12])
    started, clock = now(), time.perf_counter()
    book = load_codebook(codebook) if isinstance(codebook, str | Path) else codebook
    with Project(project) as store:
        settings = settings or Settings(unit=Unit(store.meta("unit") or Settings.unit))
        _check_unit(store, settings)
        embedder = embedder_for_run(settings, store, embedder)
        people = People.for_project(store, settings, participants_csv=participants_csv,
                                    pseudonymise=pseudonymise, mask_list=mask_list,
                                    key_path=key_path)
        _import(store, find_transcripts(transcripts), settings, report, progress,
                meetings or {}, people)
        report.timings["import_s"] = round(time.perf_counter() - clock, 3)
        if book is not None:
            store.set_codebook(book)
        segments = store.segments()
        basis = suggestion_basis(store, settings, embedder.key, segments)
        report.suggestions_kept = basis == store.meta(SUGGESTION_BASIS)
        scored = segments if store.code_names() and not report.suggestions_kept else []
        waiting = _embed_once(store, embedder, scored, report, progress)
        _find_episodes(store, embedder, waiting, report, progress)
        if report.suggestions_kept:
            _keep_suggestions(store, segments, report, progress)
        elif _suggest(store, settings, embedder, segments, report, progress):
            store.set_meta(SUGGESTION_BASIS, basis)
        report.timings["total_s"] = round(time.perf_counter() - clock, 3)
        store.record_run(Run(id=report.run_id, started_at=started, finished_at=now(),
                             settings={**settings.to_dict(), "model": embedder.key,
                                       "runtime": embedder.runtime},
                             versions=library_versions(embedder.key),
                             timings=report.timings, counts=_counts(report)))
    return report


def refresh_suggestions(project: str | Path, settings: Settings | None = None,
                        progress: Progress | None = None, *,
                        embedder: Embedder | None = None) -> RunReport:
    """Score every segment again against the project's codebook as it is now."""
    return run_pipeline([], None, project, settings, progress, embedder=embedder)


def _check_unit(store: Project, settings: Settings) -> None:
    unit = store.meta("unit")
    if unit is None:
        store.set_meta("unit", settings.unit.value)
    elif unit != settings.unit.value:
        raise ProjectError(f"this project codes by {unit}, not by {settings.unit.value}.",
                           path=store.path,
                           fix=f"use --unit {unit}, or start a new project file.")


def _import(store: Project, paths: list[Path], settings: Settings, report: RunReport,
            progress: Progress, meetings: Mapping[str, MeetingInfo], people: People) -> None:
    """Read every file, pseudonymise the batch if asked, then store each transcript in
    its own transaction."""
    # A file already stored (by its bytes) is not read again, unless the batch is being
    # pseudonymised: then every file's speakers take part in matching them.
    known = None if people.pseudonymise else store.has_transcript
    transcripts = _read_all(paths, report, progress, meetings, known)
    for transcript in people.prepare(transcripts, settings):
        try:
            _store_transcript(store, transcript, settings, report)
        except CodingError as error:
            report.skipped[transcript.name] = str(error)
    try:
        people.after_import(store)
    except CodingError as error:
        report.skipped[people.attributes[0] if people.attributes else "participants"] = \
            str(error)


def _read_all(paths: list[Path], report: RunReport, progress: Progress,
              meetings: Mapping[str, MeetingInfo],
              known: Callable[[str], bool] | None = None) -> list[Transcript]:
    """The transcripts in ``paths``; a file whose id ``known`` recognises is only
    reported as unchanged (parsing a long file costs more than hashing it)."""
    manifests: dict[Path, dict[str, MeetingInfo]] = {}
    transcripts = []
    for done, path in enumerate(paths, start=1):
        progress("import", done - 1, len(paths), f"file {done} of {len(paths)}: {path.name}")
        try:
            if known is not None and (stored := stored_id(path)) and known(stored):
                report.unchanged.append(stored_name(path))
                continue
            if path.parent not in manifests:
                manifests[path.parent] = read_manifest(path.parent)
            info = meetings.get(path.name) or manifests[path.parent].get(path.name)
            transcripts.append(read_transcript(path, info))
        except CodingError as error:
            report.skipped[path.name] = str(error)
        except OSError as error:
            report.skipped[path.name] = f"{path}: cannot be read ({error.strerror})."
    progress("import", len(paths), len(paths))
    return transcripts


def _store_transcript(store: Project, transcript: Transcript, settings: Settings,
                      report: RunReport) -> None:
    if store.has_transcript(transcript.id):  # known by content: nothing to segment again
        report.unchanged.append(transcript.name)
        return
    segments = segment_transcript(transcript, settings.unit)
    if store.add_transcript(transcript, segments, settings.unit.value):
        report.imported.append(transcript.name)
        if transcript.warnings:
            report.warnings[transcript.name] = list(transcript.warnings)
    else:
        report.unchanged.append(transcript.name)


def suggestion_basis(store: Project, settings: Settings, model: str,
                     segments: Sequence[Segment]) -> str:
    """A digest of everything the suggestions are computed from: the segments, the
    codebook, the latest decision, blind coding, the settings, the model, the library
    versions and the scorer's version. The same digest twice means a refresh would give
    the same suggestions."""
    last_decision, _ = store.decision_tally()
    return content_hash(json.dumps({
        "segments": content_hash("\n".join(f"{s.id}\t{s.speaker}" for s in segments)),
        "codebook": asdict(store.codebook()), "last_decision": last_decision,
        "blind": store.blind(), "settings": settings.to_dict(), "model": model,
        "scorer": SCORER_VERSION,
        "versions": library_versions(model)}, sort_keys=True, default=str))


def _embed_once(store: Project, embedder: Embedder, segments: Sequence[Segment],
                report: RunReport, progress: Progress) -> list[str]:
    """One embedding pass, longest texts first, over every text this run needs: the
    turns of transcripts waiting for episodes and the segments to score. Episodes and
    suggestions then find their vectors in the embedder's memory. Returns the waiting
    transcripts' ids."""
    clock = time.perf_counter()
    waiting = store.transcripts_without_episodes()
    texts = [turn.text for transcript_id in waiting for turn in store.turns(transcript_id)]
    texts.extend(segment.text for segment in segments)
    if texts:  # nothing new: the model is not even loaded
        embedder.encode(texts, progress=lambda done, total: progress("embed", done, total))
    report.timings["embed_s"] = round(time.perf_counter() - clock, 3)
    return waiting


def _find_episodes(store: Project, embedder: Embedder, waiting: list[str],
                   report: RunReport, progress: Progress) -> None:
    """Topical episodes for transcripts that have none yet (new ones, or older projects)."""
    clock = time.perf_counter()
    names = {t.id: t.name for t in store.transcripts_in_meeting_order()}
    for done, transcript_id in enumerate(waiting):
        where = f"file {done + 1} of {len(waiting)}: {names.get(transcript_id, transcript_id)}"
        progress("episodes", done, len(waiting), where)
        turns = store.turns(transcript_id)
        vectors = embedder.encode([turn.text for turn in turns])
        store.set_episodes(transcript_id, episodes_for(
            transcript_id, turns, vectors, names=[*store.participants(),
                                                  *store.speaker_labels()]))
    progress("episodes", len(waiting), len(waiting))
    report.timings["episodes_s"] = round(time.perf_counter() - clock, 3)


def _keep_suggestions(store: Project, segments: Sequence[Segment], report: RunReport,
                      progress: Progress) -> None:
    """Nothing changed since the suggestions were made: say what they are, touch nothing."""
    report.changes = SuggestionChanges(new=0, withdrawn=0, switched=0, moved=())
    last = next((run for run in reversed(store.runs()) if "suggestions" in run.counts), None)
    report.segments = len(segments)
    report.suggestions = last.counts["suggestions"] if last else 0
    if last:
        report.learned_from = last.counts.get("learned_from", 0)
        report.last_decision = last.counts.get("last_decision", 0)
    progress("suggest", 1, 1)


def _suggest(store: Project, settings: Settings, embedder: Embedder,
             segments: Sequence[Segment], report: RunReport, progress: Progress) -> bool:
    """Score every segment; False when there was nothing to score."""
    clock = time.perf_counter()
    if not store.code_names() or not segments:
        # No themes yet (a codebook started from scratch), or no transcript imported (every
        # file refused): nothing to score, and the refusals are the report.
        store.replace_suggestions([s.id for s in segments], [], report.run_id)
        report.segments = len(segments)
        progress("suggest", 1, 1, "no themes to suggest" if segments else "no segments")
        return False
    progress("model", 0, 1, "once per session")
    # Imported here: scikit-learn and spaCy cost seconds, and only scoring needs them.
    from coding.suggest.checks import learning_sentence
    from coding.suggest.learned import LearnedSuggester

    last_decision, decided = store.decision_tally()
    # In blind coding no coder may see another's decisions, not even through suggestions
    # learned from them: learning waits until the lead opens reconciliation.
    blind = store.blind()
    taught = Feedback() if blind else feedback(store)
    suggester = LearnedSuggester(
        embedder, threshold=settings.threshold, keyword_weight=settings.keyword_weight,
        min_words=settings.min_words, context_weight=settings.context_weight,
        regularisation=settings.regularisation, margin=settings.margin,
        min_positives=settings.min_positives, min_negatives=settings.min_negatives,
        min_confidence=settings.min_confidence, random_state=settings.seed,
        keyword_cache=store,
    ).fit(store.codebook(), segments, taught, progress=lambda done, total: progress(
        "suggest", done, total, f"reading segments for meaning: {done:,} of {total:,}"))
    # Facilitators' and observers' turns are context: no suggestions there.
    uncounted = store.uncounted_segment_ids()
    suggestions = [s for s in suggester.suggest() if s.segment_id not in uncounted]
    report.changes = compare(store.suggested_pairs(),
                             ((s.segment_id, s.code) for s in suggestions))
    learned = learning_sentence(suggester.checks_)
    store.set_meta(SUGGESTION_UPDATE, report.changes.sentence.rstrip(".")
                   + (f"; {learned}." if learned else "."))
    relevance = {segment.id: round(float(chance), 4)
                 for segment, chance in zip(segments, suggester.relevance())
                 if segment.id not in uncounted}
    store.replace_suggestions([s.id for s in segments], suggestions, report.run_id,
                              model=embedder.key, relevance=relevance)
    report.segments, report.suggestions = len(segments), len(suggestions)
    report.learned_from = 0 if blind else decided
    report.last_decision = 0 if blind else last_decision
    report.timings["suggest_s"] = round(time.perf_counter() - clock, 3)
    progress("suggest", len(segments), len(segments),
             f"{len(suggestions):,} suggestions on {len(segments):,} segments")
    return True


def _counts(report: RunReport) -> dict[str, int]:
    return {"imported": len(report.imported), "unchanged": len(report.unchanged),
            "skipped": len(report.skipped), "segments": report.segments,
            "suggestions": report.suggestions, "learned_from": report.learned_from,
            "last_decision": report.last_decision,
            "suggestions_kept": int(report.suggestions_kept)}


def export_project(project: str | Path, out_dir: str | Path, include_suggested: bool = False,
                   exemplars: int = Settings.exemplars, options: ExportOptions | None = None,
                   key_path: str | Path | None = None) -> list[Path]:
    """Every export file (theme table as CSV, XLSX and DOCX, per-meeting counts, segment
    table, codebook report …) into ``out_dir``; ``options`` overrides the two flags."""
    if not project_exists(project):
        raise ProjectError("project file not found.", path=project,
                           fix="run 'coding run' first, or check the path.")
    # Imported here: the writers bring pandas, matplotlib, openpyxl and python-docx,
    # which a run that does not export never needs.
    from coding.report.bundle import export_bundle, write_bundle
    from coding.report.paper import ExportOptions

    chosen = options or ExportOptions(include_suggested=include_suggested, exemplars=exemplars)
    with Project(project) as store:
        bundle = export_bundle(store, chosen, key_path)
    if not chosen.include_suggested and bundle.paper.confirmed == 0:
        raise ProjectError(
            "nothing is confirmed yet, so the theme table would be all zeros; no file was "
            "written.", path=project,
            fix="review suggestions on the app's Review screen (or 'coding decide'), or "
                "export them marked as unreviewed with --include-suggestions.")
    return write_bundle(bundle, out_dir)
