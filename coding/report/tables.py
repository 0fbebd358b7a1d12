"""Tables a researcher reads: code status per segment, the theme table, counts.

Built from the project file with pandas; :mod:`coding.report.files` writes them to disk.
The status of a (segment, code) pair is the latest decision on it; pairs without a
decision are pending suggestions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from coding.config import Settings
from coding.labels import clock, meeting_label, meeting_name, meeting_order
from coding.model import SpeakerRole, Status
from coding.report.counting import ALL_CODERS, counted_decisions
from coding.report.quotes import QUOTE_WORDS, pick_exemplars, quote_text
from coding.review.agreement import CONSENSUS, project_agreement, project_coders
from coding.store import Project
from coding.store.status import STATUS_OF, current_status


def segment_codes(project: Project, coder: str = "", rule: str = ALL_CODERS,
                  include_facilitators: bool = False,
                  segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (segment, code) that the machine suggested or a coder decided.

    Whose decisions count: only ``coder``'s when one is named (blind coding), else the
    team's consensus where it reconciled and ``rule`` elsewhere
    (:mod:`coding.report.counting`). Facilitators' and observers' segments are left out
    unless ``include_facilitators``. ``segments``: :func:`_segments` when the caller has
    it already (an export reads every segment once)."""
    segments = _segments(project) if segments is None else segments
    if not include_facilitators:
        segments = segments[segments["role"] == SpeakerRole.PARTICIPANT.value]
    suggestions = _suggestions(project)
    decided = (current_status(project.decisions(), coder) if coder
               else counted_decisions(project.decisions(), rule).decided)
    decided_rows = pd.DataFrame(
        [{"segment_id": s, "theme": c, "status": STATUS_OF[d.action].value, "coder": d.coder,
          "decided_at": d.decided_at, "memo": d.memo} for (s, c), d in decided.items()],
        columns=["segment_id", "theme", "status", "coder", "decided_at", "memo"])
    pairs = suggestions.merge(decided_rows, on=["segment_id", "theme"], how="outer")
    pairs["status"] = pairs["status"].fillna(Status.PENDING.value)
    for column in ("coder", "decided_at", "memo", "source", "evidence", "nearest_example"):
        pairs[column] = pairs[column].fillna("")
    table = pairs.merge(segments, on="segment_id", how="inner")
    order = {name: position for position, name in enumerate(project.code_names())}
    table["_code_order"] = table["theme"].map(order).fillna(len(order))
    table = table.sort_values(["_code_order", "meeting_order", "turn_index", "start_char"])
    return table.drop(columns=["_code_order"]).reset_index(drop=True)


def _segments(project: Project) -> pd.DataFrame:
    frame = project.segment_details()
    frame["meeting_label"] = [meeting_label(m, t) for m, t in
                              zip(frame["meeting"], frame["transcript"])]
    frame["meeting_name"] = [meeting_name(m, title, t) for m, title, t in
                             zip(frame["meeting"], frame["title"], frame["transcript"])]
    frame["meeting_order"] = [meeting_order(d, m, t) for d, m, t in
                              zip(frame["date"], frame["meeting"], frame["transcript"])]
    return frame


def _suggestions(project: Project) -> pd.DataFrame:
    frame = project.suggestion_frame().rename(columns={"code": "theme"})
    frame["evidence"] = [", ".join(words) for words in frame["matched_words"]]
    return frame.drop(columns=["matched_words"])


def included(codes: pd.DataFrame, include_suggested: bool) -> pd.DataFrame:
    wanted = {Status.CONFIRMED.value}
    if include_suggested:
        wanted.add(Status.PENDING.value)
    return codes[codes["status"].isin(wanted)]


def segment_table(project: Project, include_suggested: bool = False, rule: str = ALL_CODERS,
                  include_facilitators: bool = False,
                  codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per coded segment (and pending suggestion, when asked), for the paper trail.
    ``codes``: :func:`segment_codes` with the same rule and facilitators, when the caller
    has it already."""
    if codes is None:
        codes = segment_codes(project, rule=rule, include_facilitators=include_facilitators)
    rows = included(codes, include_suggested)
    return pd.DataFrame({
        "theme": rows["theme"], "status": rows["status"], "transcript": rows["transcript"],
        "meeting": rows["meeting_label"], "date": rows["date"].fillna(""),
        "episode": rows["episode"].fillna(""),
        "speaker": rows["speaker"], "start": rows["start"].map(clock),
        "end": rows["end"].map(clock), "text": rows["text"],
        "score": rows["score"].round(3), "source": rows["source"],
        "matched_words": rows["evidence"], "nearest_example": rows["nearest_example"],
        "coder": rows["coder"], "decided_at": rows["decided_at"], "memo": rows["memo"],
        "segment_id": rows["segment_id"],
    }).reset_index(drop=True)


def theme_table(project: Project, include_suggested: bool = False,
                exemplars: int = Settings.exemplars) -> pd.DataFrame:
    """One row per theme: definition, prevalence across meetings and people, exemplars."""
    codes = segment_codes(project)
    chosen = included(codes, include_suggested)
    picked = project.chosen_exemplars()
    records = []
    for code in project.codebook().codes:
        rows = chosen[chosen["theme"] == code.name]
        mine = codes[codes["theme"] == code.name]
        record = {"theme": code.name, "parent": code.parent, "definition": code.definition,
                  "confirmed_segments": int((mine["status"] == Status.CONFIRMED.value).sum())}
        if include_suggested:
            record["pending_suggestions"] = int((mine["status"] == Status.PENDING.value).sum())
            record["rejected_suggestions"] = int(
                (mine["status"] == Status.REJECTED.value).sum())
        record.update(_spread(rows))
        quotes = _exemplars(rows, exemplars, picked.get(code.name, []))
        for number in range(1, exemplars + 1):
            record[f"exemplar_{number}"] = quotes[number - 1] if number <= len(quotes) else ""
        records.append(record)
    return _with_agreement(project, pd.DataFrame(records))


def _with_agreement(project: Project, table: pd.DataFrame) -> pd.DataFrame:
    """Cohen's κ (mean over coder pairs) and Krippendorff's α per theme, as the last
    columns, when at least two human coders have decided something."""
    coders = [c for c in project_coders(project) if c != CONSENSUS]
    if len(coders) < 2 or table.empty:
        return table
    figures = project_agreement(project, coders, bootstrap=0).themes.set_index("theme")
    return table.assign(cohen_kappa=table["theme"].map(figures["cohen_kappa_mean"]).round(3),
                        krippendorff_alpha=table["theme"].map(figures["alpha"]).round(3))


def _spread(rows: pd.DataFrame) -> dict[str, object]:
    meetings = rows.drop_duplicates("transcript").sort_values("meeting_order")
    dates = sorted(date for date in rows["date"].dropna() if date)
    return {"meetings_count": len(meetings),
            "meetings": ", ".join(meetings["meeting_label"]),
            "participants_count": int(rows["speaker"].nunique()),
            "first_meeting_date": dates[0] if dates else "",
            "last_meeting_date": dates[-1] if dates else ""}


def _exemplars(rows: pd.DataFrame, count: int, chosen: list[str] = ()) -> list[str]:
    """The researcher's chosen quotes first, then confirmed before suggested, better
    quotes first, preferring speakers not yet quoted (:mod:`coding.report.quotes`)."""
    return [quote(row) for _, row in pick_exemplars(rows, count, chosen).iterrows()]


def quote(row: pd.Series, limit: int = QUOTE_WORDS) -> str:
    """“words” — Speaker · Year-end focus group (2025-12-10) · 00:12:03"""
    text = quote_text(row["text"], limit)
    name = row.get("meeting_name", row["meeting_label"])
    where = name + (f" ({row['date']})" if row["date"] else "")
    tag = " · ".join(part for part in (row["speaker"], where, clock(row["start"])) if part)
    suffix = " [suggested]" if row["status"] == Status.PENDING.value else ""
    return f"“{text}” — {tag}{suffix}"


def status_counts(project: Project) -> pd.DataFrame:
    """Per theme: how many segments are confirmed, rejected and still pending."""
    codes = segment_codes(project)
    counts = (codes.groupby(["theme", "status"]).size().unstack(fill_value=0)
              .reindex(columns=[s.value for s in Status], fill_value=0))
    counts = counts.reindex(project.code_names(), fill_value=0)
    counts.index.name = "theme"
    return counts.reset_index()


def project_summary(project: Project) -> dict[str, object]:
    """Counts a researcher checks first, and when the suggestions were last refreshed."""
    count = project.record_counts()
    runs = project.runs()
    return {**count, "unit": project.meta("unit") or "",
            "last_run": runs[-1].finished_at if runs else "",
            "pseudonymised": project.pseudonymised()}


def prevalence(project: Project, by: str = "meeting",
               include_suggested: bool = False) -> pd.DataFrame:
    """Segments per theme (rows, codebook order) and meeting or participant (columns,
    meetings in date order)."""
    if by not in ("meeting", "speaker"):
        raise ValueError(f"prevalence by 'meeting' or 'speaker', not {by!r}")
    rows = included(segment_codes(project), include_suggested)
    column = "meeting_name" if by == "meeting" else "speaker"
    segments = _segments(project)
    if by == "meeting":
        order = list(dict.fromkeys(segments.sort_values("meeting_order")["meeting_name"]))
    else:  # the people counted: facilitators and observers are not
        order = sorted(segments[segments["role"] == SpeakerRole.PARTICIPANT.value]["speaker"]
                       .unique())
    table = (rows.drop_duplicates(["theme", "segment_id"])
             .groupby(["theme", column]).size().unstack(fill_value=0)
             .reindex(index=project.code_names(), columns=order, fill_value=0)
             .fillna(0).astype(int))
    table.index.name, table.columns.name = "theme", by
    return table


NOT_GIVEN = "(not given)"


def theme_by_attribute(project: Project, attribute: str, include_suggested: bool = False,
                       codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Segments per theme (rows, codebook order) and value of a participant attribute
    (columns, e.g. role: nurse, physician; participants without it under NOT_GIVEN).
    ``codes``: :func:`segment_codes` when the caller has it already."""
    values = {participant: given[attribute] for participant, given
              in project.participant_attributes().items() if attribute in given}
    codes = segment_codes(project) if codes is None else codes
    rows = included(codes, include_suggested)
    rows = rows.drop_duplicates(["theme", "segment_id"])
    rows = rows.assign(value=rows["speaker"].map(values).fillna(NOT_GIVEN))
    order = sorted(set(values.values()))
    if (rows["value"] == NOT_GIVEN).any():
        order.append(NOT_GIVEN)
    table = (rows.groupby(["theme", "value"]).size().unstack(fill_value=0)
             .reindex(index=project.code_names(), columns=order, fill_value=0)
             .fillna(0).astype(int))
    table.index.name, table.columns.name = "theme", attribute
    return table


def attribute_names(project: Project) -> list[str]:
    return sorted({name for given in project.participant_attributes().values()
                   for name in given})


@dataclass(frozen=True)
class ExportTables:
    """Everything the Export screen previews, plots and offers for download."""

    themes: pd.DataFrame
    segments: pd.DataFrame
    by_meeting: pd.DataFrame
    by_participant: pd.DataFrame
    by_attribute: dict[str, pd.DataFrame] = field(default_factory=dict)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The XLSX workbook: themes, segments, and one sheet per participant attribute."""
        return {"Themes": self.themes, "Segments": self.segments,
                **{f"By {name}": table.reset_index()
                   for name, table in self.by_attribute.items()}}


def export_tables(project: Project, include_suggested: bool = False,
                  exemplars: int = Settings.exemplars) -> ExportTables:
    return ExportTables(themes=theme_table(project, include_suggested, exemplars),
                        segments=segment_table(project, include_suggested),
                        by_meeting=prevalence(project, "meeting", include_suggested),
                        by_participant=prevalence(project, "speaker", include_suggested),
                        by_attribute=_by_attributes(project, include_suggested))


def _by_attributes(project: Project, include_suggested: bool,
                   segments: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    names = attribute_names(project)
    codes = segment_codes(project, segments=segments) if names else None
    return {name: theme_by_attribute(project, name, include_suggested, codes)
            for name in names}


def transcript_table(project: Project) -> pd.DataFrame:
    """The project's transcripts in meeting order, with their size."""
    return project.transcript_overview()


def codebook_history(project: Project) -> pd.DataFrame:
    """Every codebook edit, newest first, with the fields it changed."""
    records = []
    for edit in reversed(project.codebook_edits()):
        before = asdict(edit.before) if edit.before else {}
        after = asdict(edit.after) if edit.after else {}
        changed = [name for name in (after or before) if before.get(name) != after.get(name)]
        records.append({"when": edit.edited_at, "who": edit.coder, "theme": edit.code,
                        "action": edit.action.value,
                        "renamed from": before.get("name", "")
                        if edit.action.value == "rename" else "",
                        "changed": ", ".join(changed) if edit.action.value == "edit" else ""})
    return pd.DataFrame(records, columns=["when", "who", "theme", "action", "renamed from",
                                          "changed"])
