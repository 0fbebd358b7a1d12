"""The theme table a journal accepts, and the per-meeting counts beside it.

Readable headers, themes grouped under their parent, n and % of coded segments,
participants and meetings as n of N, the meetings by title and date, first and last
meeting, and exemplar quotes tagged pseudonym · meeting · time. A caption and a note
say what was counted (which decisions, who, what was left out), so the table can go
into a manuscript as it is. :mod:`coding.report.docx` and :mod:`coding.report.files`
write it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from coding.config import Settings
from coding.labels import clock
from coding.model import Code, SpeakerRole, Status
from coding.report.counting import ALL_CODERS, Counted, counted_decisions, describe_rule
from coding.report.tables import _exemplars, _segments, included, segment_codes
from coding.review.agreement import CONSENSUS, project_agreement, project_coders
from coding.store import Project

PARENT, THEME, DEFINITION = "Parent theme", "Theme", "Definition"
SEGMENTS, PERCENT = "Segments (n)", "Segments (% of coded)"
PARTICIPANTS, MEETINGS = "Participants (n/N)", "Meetings (n/N)"
WHICH_MEETINGS, FIRST, LAST = "Meetings (title, date)", "First meeting", "Last meeting"
SUGGESTED = "Of which suggested, not reviewed (n)"
ALPHA, KAPPA = "Krippendorff's α [95% CI]", "Fleiss' κ [95% CI]"
TOTAL = "Total"
NO_PARENT = ""
#: Resamples behind the agreement intervals (fixed seed: same project, same figures).
BOOTSTRAP = 1000


@dataclass(frozen=True)
class ExportOptions:
    """What an export counts and shows; the defaults are the honest ones."""

    include_suggested: bool = False  # count unreviewed suggestions too (marked)
    include_facilitators: bool = False  # count facilitators' and observers' turns
    rule: str = ALL_CODERS  # where coders disagree and the team has not reconciled
    exemplars: int = Settings.exemplars
    pseudonymise: bool = False  # replace participants by pseudonyms in every file


@dataclass(frozen=True)
class PaperTables:
    """The theme table for the paper, the theme × meeting counts, and their words."""

    themes: pd.DataFrame
    by_meeting: pd.DataFrame
    caption: str
    note: str
    disagreements: pd.DataFrame = field(default_factory=pd.DataFrame)
    confirmed: int = 0  # segment × theme pairs confirmed (0: nothing reviewed yet)


#: The honest defaults: confirmed only, facilitators left out, all coders must agree.
DEFAULTS = ExportOptions()


def paper_tables(project: Project, options: ExportOptions = DEFAULTS, *,
                 segments: pd.DataFrame | None = None,
                 codes: pd.DataFrame | None = None) -> PaperTables:
    """The paper's tables; ``segments`` (:func:`_segments`) and ``codes``
    (:func:`segment_codes` under ``options``) when the caller has read them already."""
    segments = _segments(project) if segments is None else segments
    if codes is None:
        codes = segment_codes(project, rule=options.rule,
                              include_facilitators=options.include_facilitators,
                              segments=segments)
    counted = counted_decisions(project.decisions(), options.rule)
    rows = included(codes, options.include_suggested).drop_duplicates(["theme", "segment_id"])
    people = segments if options.include_facilitators else \
        segments[segments["role"] == SpeakerRole.PARTICIPANT.value]
    meetings = segments.drop_duplicates("transcript").sort_values("meeting_order")
    chosen = project.chosen_exemplars()
    coded = rows["segment_id"].nunique()
    records = [_theme_row(code, rows[rows["theme"] == code.name], coded,
                          people["speaker"].nunique(), len(meetings), options,
                          chosen.get(code.name, []))
               for code in _grouped(project.codebook().codes)]
    themes = _with_agreement(project, pd.DataFrame(records))
    confirmed = int((codes["status"] == Status.CONFIRMED.value).sum())
    return PaperTables(
        themes=themes, by_meeting=_by_meeting(rows, meetings, themes[THEME]),
        caption=_caption(project, options, len(meetings), people["speaker"].nunique()),
        note=_note(project, options, counted, coded, segments),
        disagreements=_open(codes, counted), confirmed=confirmed)


def _grouped(codes: tuple[Code, ...]) -> list[Code]:
    """Codes grouped by parent theme, groups in the order the codebook first names them,
    then the codes without a parent."""
    groups: dict[str, list[Code]] = {}
    for code in codes:
        groups.setdefault(code.parent, []).append(code)
    alone = groups.pop(NO_PARENT, [])
    return [code for members in groups.values() for code in members] + alone


def _where(row: pd.Series) -> str:
    return row["meeting_name"] + (f" ({row['date']})" if row["date"] else "")


def _theme_row(code: Code, rows: pd.DataFrame, coded: int, people: int, meetings: int,
               options: ExportOptions, chosen: list[str]) -> dict[str, object]:
    met = rows.sort_values("meeting_order").drop_duplicates("transcript")
    record: dict[str, object] = {
        PARENT: code.parent, THEME: code.name, DEFINITION: code.definition,
        SEGMENTS: len(rows), PERCENT: round(100 * len(rows) / coded, 1) if coded else 0.0,
        PARTICIPANTS: f"{rows['speaker'].nunique()}/{people}",
        MEETINGS: f"{len(met)}/{meetings}",
        WHICH_MEETINGS: "; ".join(_where(r) for _, r in met.iterrows()),
        FIRST: _where(met.iloc[0]) if len(met) else "",
        LAST: _where(met.iloc[-1]) if len(met) else ""}
    if options.include_suggested:
        record[SUGGESTED] = int((rows["status"] == Status.PENDING.value).sum())
    quotes = _exemplars(rows, options.exemplars, chosen)
    for number in range(1, options.exemplars + 1):
        record[f"Exemplar {number}"] = quotes[number - 1] if number <= len(quotes) else ""
    return record


def _with_agreement(project: Project, table: pd.DataFrame) -> pd.DataFrame:
    """α and mean κ with their 95% bootstrap interval, when two human coders decided."""
    coders = [c for c in project_coders(project) if c != CONSENSUS]
    if len(coders) < 2 or table.empty:
        return table
    report = project_agreement(project, coders, bootstrap=BOOTSTRAP)
    figures = report.themes.set_index("theme")
    alpha = {t: _interval(figures, t, "alpha") for t in figures.index}
    kappa = {t: _interval(figures, t, "fleiss_kappa") for t in figures.index}
    return table.assign(**{ALPHA: table[THEME].map(alpha), KAPPA: table[THEME].map(kappa)})


def agreement_sentence(project: Project) -> str:
    """How many segments the agreement figures rest on, and how their intervals were
    made; '' with fewer than two human coders."""
    coders = [c for c in project_coders(project) if c != CONSENSUS]
    if len(coders) < 2:
        return ""
    report = project_agreement(project, coders, bootstrap=0)
    return (f"Agreement between {', '.join(coders)} over the {report.compared} segments "
            f"that two or more of them judged and someone coded (n = {report.compared}; "
            f"{report.uncoded} judged segments without any theme left out); 95% "
            f"intervals from {BOOTSTRAP} bootstrap resamples of segments (seed 0).")


def _interval(figures: pd.DataFrame, theme: str, column: str) -> str:
    value = figures.loc[theme, column]
    if value != value:
        return "n/a"
    low, high = figures.loc[theme].get(f"{column}_low"), figures.loc[theme].get(f"{column}_high")
    if low is None or low != low:
        return f"{value:.2f}"
    return f"{value:.2f} [{low:.2f}, {high:.2f}]"


def _by_meeting(rows: pd.DataFrame, meetings: pd.DataFrame, themes: pd.Series) -> pd.DataFrame:
    """Theme × meeting: segments per theme in each meeting (meeting order), and a total."""
    names = [_where(r) for _, r in meetings.iterrows()]
    labelled = rows.assign(_meeting=[_where(r) for _, r in rows.iterrows()]) if len(rows) \
        else rows.assign(_meeting=[])
    table = (labelled.groupby(["theme", "_meeting"]).size().unstack(fill_value=0)
             .reindex(index=list(themes), columns=names, fill_value=0).fillna(0).astype(int))
    table[TOTAL] = table.sum(axis=1)
    table.index.name, table.columns.name = THEME, None
    return table.reset_index()


def _open(codes: pd.DataFrame, counted: Counted) -> pd.DataFrame:
    """The open disagreements, where they were said, and how the rule counted them."""
    columns = [THEME, "Meeting", "Speaker", "Time", "Text", "Counted as", "segment_id"]
    if not counted.open:
        return pd.DataFrame(columns=columns)
    where = codes.set_index(["segment_id", "theme"])
    records = []
    for segment, theme in counted.open:
        if (segment, theme) not in where.index:
            continue  # a facilitator's segment, left out of the counts
        row = where.loc[(segment, theme)]
        records.append({THEME: theme, "Meeting": _where(row), "Speaker": row["speaker"],
                        "Time": clock(row["start"]), "Text": row["text"],
                        "Counted as": row["status"], "segment_id": segment})
    return pd.DataFrame(records, columns=columns)


def _caption(project: Project, options: ExportOptions, meetings: int, people: int) -> str:
    name = project.meta("codebook") or project.path.stem
    flag = ("PRELIMINARY — includes machine suggestions not yet reviewed by a researcher. "
            if options.include_suggested else "")
    return (f"{flag}Themes of {name}: how often each occurs across {meetings} meetings and "
            f"{people} participants, with exemplar quotes.")


def _note(project: Project, options: ExportOptions, counted: Counted, coded: int,
          segments: pd.DataFrame) -> str:
    unit = project.meta("unit") or "segment"
    left_out = sorted(set(segments[segments["role"] != SpeakerRole.PARTICIPANT.value]
                          ["speaker"]))
    parts = [f"n: {unit}s coded with the theme; %: of the {coded} {unit}s coded with any "
             "theme (a segment may carry several themes). Participants and meetings: those "
             "in which the theme occurs, of all in the study.",
             describe_rule(options.rule, counted)]
    agreement = agreement_sentence(project)
    if agreement:
        parts.append(agreement)
    if left_out and not options.include_facilitators:
        parts.append(f"Turns of the facilitator(s) and observer(s) ({', '.join(left_out)}) "
                     "are left out of the counts.")
    parts.append("Quotes are tagged participant · meeting · time; hesitations (um, uh) and "
                 "empty sentences are left out of the quotes, and long ones end at a "
                 "sentence boundary.")
    if options.include_suggested:
        parts.append("Suggestions the researchers have not reviewed are counted and marked "
                     "[suggested].")
    return " ".join(parts)
