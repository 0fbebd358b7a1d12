"""The methods paragraph a researcher can paste into the paper, and the audit trail.

Every figure in the paragraph is read from the project's own records (runs, codebook
edits, decisions, transcripts) into :class:`MethodsFacts` first, so a test can hold the
text to the records; nothing is typed in by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from coding.model import Action, EditAction, Run
from coding.report.paper import BOOTSTRAP, ExportOptions
from coding.review.agreement import ALL_THEMES, CONSENSUS, project_agreement
from coding.store import Project
from coding.store.status import status_acts
from coding.versions import library_versions


@dataclass(frozen=True)
class MethodsFacts:
    """The figures the methods paragraph states, each from the project's records."""

    version: str
    meetings: int
    first_date: str
    last_date: str
    words: int
    unit: str
    segments: int
    themes: int
    parents: int
    edits: dict[str, int]  # codebook edits after the first load, by action
    model: str
    threshold: float | None
    runs: int
    learned_from: int
    coders: tuple[str, ...]
    blind: bool
    reviewed: int  # segments with at least one decision on a theme
    decisions: dict[str, int]  # confirm / reject / relabel decisions of the coders
    reconciled: int  # (segment, theme) pairs the team decided by consensus
    alpha: tuple[float, float, float] | None  # pooled α with its 95% interval
    compared: int  # segments the agreement figure rests on
    pseudonymised: str  # "import", "export" or ""
    facilitators: tuple[str, ...]
    suggestions_counted: bool  # the export counts unreviewed suggestions too


def _suggestion_runs(project: Project) -> list[Run]:
    return [run for run in project.runs() if "threshold" in run.settings]


def _edits_after_load(project: Project) -> dict[str, int]:
    """Codebook edits after the codebook was first loaded (the first import's time)."""
    edits = project.codebook_edits()
    first = min((e.edited_at for e in edits), default="")
    later = [e for e in edits if e.edited_at > first] if first else []
    counts = Counter(e.action.value for e in later)
    return {action.value: counts.get(action.value, 0) for action in EditAction}


def methods_facts(project: Project, options: ExportOptions) -> MethodsFacts:
    transcripts = project.transcript_overview()
    dates = sorted(d for d in transcripts["date"].dropna() if d)
    runs = _suggestion_runs(project)
    latest = runs[-1] if runs else None
    codebook = project.codebook()
    decisions = project.decisions()
    human = [d for d in decisions if d.coder != CONSENSUS and status_acts(d)]
    coders = tuple(sorted({d.coder for d in human}))
    consensus = {(d.segment_id, d.code) for d in decisions if d.coder == CONSENSUS}
    alpha, compared = None, 0
    if len(coders) >= 2:
        report = project_agreement(project, list(coders), bootstrap=BOOTSTRAP)
        pooled = report.themes.set_index("theme").loc[ALL_THEMES]
        if pooled["alpha"] == pooled["alpha"]:
            alpha = (float(pooled["alpha"]), float(pooled["alpha_low"]),
                     float(pooled["alpha_high"]))
        compared = report.compared
    roles = project.participant_roles()
    return MethodsFacts(
        version=library_versions("")["focus-coding"], meetings=len(transcripts),
        first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "",
        words=int(transcripts["words"].sum()), unit=project.meta("unit") or "segment",
        segments=int(transcripts["segments"].sum()), themes=len(codebook.codes),
        parents=len({c.parent for c in codebook.codes if c.parent}),
        edits=_edits_after_load(project),
        model=str(latest.settings.get("model", "")) if latest else "",
        threshold=latest.settings.get("threshold") if latest else None, runs=len(runs),
        learned_from=int(latest.counts.get("learned_from", 0)) if latest else 0,
        coders=coders, blind=project.blind(),
        reviewed=len({d.segment_id for d in human}),
        decisions={a.value: sum(d.action == a for d in human)
                   for a in (Action.CONFIRM, Action.REJECT, Action.RELABEL)},
        reconciled=len(consensus), alpha=alpha, compared=compared,
        pseudonymised="import" if project.pseudonymised()
        else "export" if options.pseudonymise else "",
        facilitators=tuple(sorted(p for p, r in roles.items() if r.value != "participant")),
        suggestions_counted=options.include_suggested)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def methods_paragraph(facts: MethodsFacts, rule_sentence: str = "") -> str:
    """The paragraph, from the facts only (paragraphs separated by a blank line)."""
    span = f" from {facts.first_date} to {facts.last_date}" if facts.first_date else ""
    text = [f"Transcripts of {facts.meetings} meetings{span} ({facts.words:,} words) were "
            f"coded with focus-coding {facts.version}, which runs entirely on the "
            f"researchers' computer. The unit of coding was the {facts.unit} "
            f"({facts.segments:,} {facts.unit}s)."]
    edits = sum(facts.edits.values())
    grouped = f", grouped under {facts.parents} parent themes" if facts.parents else ""
    changes = (" It was changed " + str(edits) + " times after it was first loaded (" +
               ", ".join(f"{n} {a}" for a, n in facts.edits.items() if n) + ")."
               if edits else " It was not changed after it was first loaded.")
    text.append(f"The codebook held {facts.themes} themes{grouped}.{changes}")
    if facts.runs:
        text.append(f"The software suggested themes for each {facts.unit} from the "
                    f"codebook's keywords and from sentence-embedding similarity (model "
                    f"{facts.model}, threshold {facts.threshold}); the latest of "
                    f"{facts.runs} suggestion runs learned from {facts.learned_from} coder "
                    "decisions. " + ("Suggestions not yet reviewed are counted too "
                                     "(a preliminary analysis)." if facts.suggestions_counted
                                     else "Only suggestions a researcher confirmed count."))
    if facts.facilitators:
        text.append(f"The turns of {len(facts.facilitators)} facilitator(s) or observer(s) "
                    "received no suggestions and were left out of the counts.")
    total = sum(facts.decisions.values())
    if facts.coders:
        blind = ("blind to each other's decisions" if facts.blind
                 else "with blind coding off at the time of export")
        text.append(
            f"{len(facts.coders)} coder(s) reviewed {facts.reviewed:,} {facts.unit}s "
            f"({blind}); of their {total:,} decisions on suggested or applied themes, "
            f"{_share(facts.decisions['confirm'], total)} confirmed, "
            f"{_share(facts.decisions['reject'], total)} rejected and "
            f"{_share(facts.decisions['relabel'], total)} relabelled one.")
    if facts.alpha:
        value, low, high = facts.alpha
        text.append(f"Agreement over all themes was Krippendorff's α = {value:.2f} (95% CI "
                    f"{low:.2f} to {high:.2f}; n = {facts.compared} {facts.unit}s judged by "
                    f"two or more coders; {BOOTSTRAP} bootstrap resamples).")
    if len(facts.coders) >= 2:
        text.append(f"The team reconciled {facts.reconciled} disagreement(s) by consensus. "
                    + rule_sentence)
    if facts.pseudonymised:
        when = "when the transcripts were imported" if facts.pseudonymised == "import" \
            else "in every exported file"
        text.append(f"Participants are identified by pseudonyms, and their names were "
                    f"masked in the quotes {when}.")
    return " ".join(text[:2]) + "\n\n" + " ".join(text[2:])


def audit_trail(project: Project) -> pd.DataFrame:
    """Dated log of imports, runs, codebook edits, speaker corrections and reconciliations,
    oldest first."""
    rows = [(r["imported_at"], "import", "", f"{r['file']} ({r['segments']} segments)")
            for _, r in project.transcript_overview().iterrows()]
    rows += [(run.started_at, "suggestion run", "",
              f"model {run.settings.get('model')}, threshold {run.settings.get('threshold')}, "
              f"{run.counts.get('suggestions', 0)} suggestions, learned from "
              f"{run.counts.get('learned_from', 0)} decisions")
             for run in _suggestion_runs(project)]
    rows += [(e.edited_at, f"codebook: {e.action.value}", e.coder,
              e.code + (f" (was {e.before.name})" if e.action == EditAction.RENAME and e.before
                        else "")) for e in project.codebook_edits()]
    rows += [(when, "speaker corrected", who, f"{label}: {before} → {after}")
             for when, who, label, before, after in project.speaker_edits()]
    rows += [(d.decided_at, "reconciliation", CONSENSUS,
              f"{d.code}: {d.action.value} on {d.segment_id}")
             for d in project.decisions() if d.coder == CONSENSUS]
    frame = pd.DataFrame(rows, columns=["when", "event", "who", "detail"])
    return frame.sort_values(["when", "event", "detail"], kind="stable").reset_index(drop=True)
