"""How a meeting, a time and a quote are written, and the order meetings come in.

One home for each: every table, card, plot and export calls these, so a meeting is
called the same everywhere and sorts the same everywhere.
"""

from __future__ import annotations

#: Undated meetings sort after dated ones; unnumbered after numbered; then by file name.
UNDATED = "9999"
UNNUMBERED = 1e9
EXEMPLAR_WORDS = 80


def _missing(value: object) -> bool:
    return value is None or value != value or value == ""  # None, NaN from pandas, or ''


def meeting_order(date: object, meeting: object, name: str) -> tuple[str, float, str]:
    """Sort key of a meeting: by date, then number, then file name (its SQL form, for
    the store's queries, is ``coding.store.sql_parts.MEETING_ORDER_SQL``)."""
    return (UNDATED if _missing(date) else str(date),
            UNNUMBERED if _missing(meeting) else float(meeting), name)  # type: ignore[arg-type]


def meeting_label(meeting: object, transcript: str) -> str:
    """'Meeting 3', or the file name when the meeting has no number."""
    if meeting is None or meeting != meeting:  # missing, or NaN from pandas
        return transcript
    return f"Meeting {int(meeting)}"  # type: ignore[call-overload]


def meeting_name(meeting: object, title: object, transcript: str) -> str:
    """The meeting as a paper names it: its title ("Year-end focus group") when the
    transcript has one, else 'Meeting 3' (or the file name)."""
    return str(title).strip() if not _missing(title) and str(title).strip() \
        else meeting_label(meeting, transcript)


def meeting_with_date(meeting: object, date: object, transcript: str, title: object = "") -> str:
    """'Meeting 3 (2025-03-12)'; the date only beside a number; the meeting's title after
    it when it has one: 'Meeting 13 (2025-12-10) · Year-end focus group'."""
    label = meeting_label(meeting, transcript)
    dated = f"{label} ({date})" if not _missing(date) and not _missing(meeting) else label
    return dated if _missing(title) else f"{dated} · {title}"


def clock(seconds: object) -> str:
    """00:12:03 from 723.4 seconds; empty when the format had no times."""
    if seconds is None or seconds != seconds:
        return ""
    whole = int(float(seconds))  # type: ignore[arg-type]
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def shorten(text: str, limit: int = EXEMPLAR_WORDS) -> str:
    """At most ``limit`` words, ending at a sentence end when one falls past a quarter."""
    words = text.split()
    if len(words) <= limit:
        return text
    ends = [i for i, word in enumerate(words[:limit]) if word.endswith((".", "?", "!"))]
    cut = ends[-1] + 1 if ends and ends[-1] + 1 >= limit // 4 else limit
    return " ".join(words[:cut]) + " …"


def count_of(number: int, noun: str, plural: str = "") -> str:
    """'1 suggestion', '12 suggestions', '1,204 segments': never '1 suggestions'."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
