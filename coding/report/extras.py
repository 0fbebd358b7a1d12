"""The export's other tables: saturation, co-occurrence, the 0/1 matrices for R or SPSS,
and the chapters of the codebook report (quote bank)."""

from __future__ import annotations

import pandas as pd

from coding.model import Status
from coding.report.docx import ThemeChapter
from coding.report.saturation import cooccurrence, saturation_table
from coding.report.tables import quote
from coding.store import Project

#: A quote in the quote bank is never trimmed (only cleaned of hesitations).
WHOLE = 100_000


def meeting_names(segments: pd.DataFrame) -> list[str]:
    """Every meeting's name with its date, in meeting order."""
    ordered = segments.drop_duplicates("transcript").sort_values("meeting_order")
    return [_where(r) for _, r in ordered.iterrows()]


def _where(row: pd.Series) -> str:
    return _named(row["meeting_name"], row["date"])


def _named(meeting_name: str, date: object) -> str:
    return meeting_name + (f" ({date})" if date else "")


def with_meeting(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(meeting=[_where(r) for _, r in rows.iterrows()] if len(rows) else [])


def saturation(rows: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    return saturation_table(with_meeting(rows), meeting_names(segments))


def cooccurrences(rows: pd.DataFrame, themes: list[str]) -> dict[str, pd.DataFrame]:
    """Theme × theme on the same segment and in the same topical episode."""
    episodes = rows.assign(_episode=[f"{t}#{e}" if isinstance(e, str) and e else None
                                     for t, e in zip(rows["transcript"], rows["episode"])])
    return {"segment": cooccurrence(rows, themes).reset_index(),
            "episode": cooccurrence(episodes, themes, "_episode").reset_index()}


def code_by_segment(rows: pd.DataFrame, segments: pd.DataFrame,
                    themes: list[str]) -> pd.DataFrame:
    """0/1 per segment (rows, meeting order) and theme (columns), with where it was said."""
    ordered = segments.sort_values(["meeting_order", "turn_index", "start_char"])
    applied = set(zip(rows["segment_id"], rows["theme"]))
    # Column by column, not row by row: iterrows over every segment took seconds.
    ids = list(ordered["segment_id"])
    frame = pd.DataFrame({"segment_id": ordered["segment_id"],
                          "meeting": [_named(name, date) for name, date in
                                      zip(ordered["meeting_name"], ordered["date"])],
                          "participant": ordered["speaker"]})
    for theme in themes:
        frame[theme] = [int((s, theme) in applied) for s in ids]
    return frame.reset_index(drop=True)


def code_by_participant(rows: pd.DataFrame, people: list[str],
                        themes: list[str]) -> pd.DataFrame:
    """0/1 per participant (rows) and theme (columns): whether they voiced it at all."""
    voiced = set(zip(rows["speaker"], rows["theme"]))
    return pd.DataFrame([{"participant": person,
                          **{theme: int((person, theme) in voiced) for theme in themes}}
                         for person in people], columns=["participant", *themes])


def chapters(project: Project, rows: pd.DataFrame) -> tuple[ThemeChapter, ...]:
    """One chapter per theme: its codebook entry, memo and every confirmed quote."""
    memos = project.code_memos()
    confirmed = rows[rows["status"] == Status.CONFIRMED.value]
    confirmed = confirmed.sort_values(["meeting_order", "turn_index", "start_char"])
    return tuple(ThemeChapter(
        name=code.name, parent=code.parent, definition=code.definition,
        inclusion=code.inclusion, exclusion=code.exclusion,
        memo=memos[code.name].text if code.name in memos else "",
        quotes=tuple(quote(r, WHOLE) for _, r in
                     confirmed[confirmed["theme"] == code.name].iterrows()))
        for code in project.codebook().codes)


def journal_table(project: Project) -> pd.DataFrame:
    return pd.DataFrame([{"date": e.entry_date, "who": e.coder, "entry": e.text}
                         for e in project.journal()], columns=["date", "who", "entry"])
