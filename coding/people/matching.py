"""Speaker labels as written → participants, and participant attributes from a CSV.

Transcripts name one person many ways: "Dr. Jane Smith", "Jane Smith (she/her)",
"JANE SMITH", and "Jane" when the software only knew a first name. :func:`match_speakers`
groups labels by a normalised key (no titles, bracketed notes, case, accents or
punctuation); a label of one word joins the one multi-word name that starts with it, and
is kept apart (flagged ambiguous) when several do. Nothing here touches the project file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coding.errors import ParticipantError
from coding.model import SpeakerMatch

#: Words dropped from a name wherever they stand: titles and post-nominal letters.
TITLES = frozenset({
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame",
    "rev", "reverend", "fr", "sr", "phd", "md", "rn", "np", "pa", "msc", "mph", "mbbs",
    "frcp", "dphil", "jr"})
#: A participant file beside the transcripts has this name (never read as a transcript).
PARTICIPANTS_NAME = "participants.csv"
#: Columns that may hold the participant's name in an attribute CSV, in order of preference.
NAME_COLUMNS = ("participant", "name", "speaker", "pseudonym")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def name_words(label: str) -> list[str]:
    """The words of a name as written, without bracketed notes, titles or punctuation."""
    words = _WORD.findall(_BRACKETED.sub(" ", unicodedata.normalize("NFKC", label)))
    return [word for word in words if word.casefold().replace(".", "") not in TITLES]


def name_key(label: str) -> str:
    """What two ways of writing one name have in common: 'dr. JANE Smith (she/her)' and
    'Jane Smith' both give 'jane smith'. Accents and apostrophes do not count."""
    folded = " ".join(name_words(label)).casefold().replace("’", "").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def display_name(label: str) -> str:
    """A clean written form: 'DR. JANE SMITH (she/her)' → 'Jane Smith'."""
    words = name_words(label) or [label.strip()]
    if all(word.isupper() or not word.isalpha() for word in words):
        words = [word.title() for word in words]
    return " ".join(words)


def match_speakers(labels: Iterable[str]) -> dict[str, SpeakerMatch]:
    """Each label → its participant. Labels with the same key are one participant, named
    by their best written form; a one-word label joins the unique longer name starting
    with that word."""
    labels = sorted(set(labels))
    groups: dict[str, list[str]] = {}
    for label in labels:
        groups.setdefault(name_key(label) or label.casefold(), []).append(label)
    full_names = [key for key in groups if " " in key]
    target: dict[str, str] = {}
    ambiguous: set[str] = set()
    for key in groups:
        if " " in key:
            continue
        candidates = [full for full in full_names if full.split()[0] == key]
        if len(candidates) == 1:
            target[key] = candidates[0]
        elif len(candidates) > 1:
            ambiguous.add(key)
    names = {key: _best_form(group) for key, group in groups.items()}
    return {label: SpeakerMatch(participant=names[target.get(key, key)],
                                ambiguous=key in ambiguous)
            for key, group in groups.items() for label in group}


def _best_form(labels: list[str]) -> str:
    """The label to show for a participant: the most words, then the most accents and
    curly apostrophes (a plainer form is usually a keyboard's loss, not the name)."""
    forms = [display_name(label) for label in labels]
    return max(sorted(forms), key=lambda form: (len(form.split()),
                                                sum(not c.isascii() for c in form)))


def name_parts(name: str) -> list[str]:
    """The ways a participant may be mentioned in the text: full name, first name and
    surname ('Jane Smith' → 'Jane Smith', 'Jane', 'Smith')."""
    words = name_words(name)
    parts = [" ".join(words)] if words else []
    if len(words) > 1:
        parts += [words[0], words[-1]]
    return parts


@dataclass(frozen=True)
class AttributeRow:
    """One participant's line of an attribute file: the name as written, and the rest."""

    row: int  # line number in the file, header = 1
    name: str
    attributes: dict[str, str]
    pseudonym: str = ""  # chosen by the researcher, when the file has a pseudonym column


def read_attribute_rows(data: bytes, source: str) -> tuple[list[str], list[AttributeRow]]:
    """Attribute columns and rows of a participant CSV (UTF-8, with or without BOM).

    The name column is the first of :data:`NAME_COLUMNS` found, case-insensitively; every
    other non-empty column is an attribute (role, site, career stage …)."""
    reader = csv.reader(io.StringIO(utf8_text(data, source)))
    header = [column.strip() for column in next(reader, [])]
    lowered = [column.casefold() for column in header]
    name_column = _name_column(header, lowered, source)
    # A pseudonym column is the researcher's chosen pseudonym, never an attribute.
    chosen = lowered.index("pseudonym") if "pseudonym" in lowered else None
    columns = [(i, c) for i, c in enumerate(header) if i not in (name_column, chosen) and c]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        name = cells[name_column].strip()
        if not name:
            raise ParticipantError("this row has no participant name.", path=source,
                                   row=number, fix="fill in the name or delete the row.")
        pseudonym = cells[chosen].strip() if chosen not in (None, name_column) else ""
        rows.append(AttributeRow(number, name, {c: cells[i].strip() for i, c in columns},
                                 pseudonym))
    return [c for _, c in columns], rows


def _name_column(header: list[str], lowered: list[str], source: str) -> int:
    found = next((lowered.index(name) for name in NAME_COLUMNS if name in lowered), None)
    if found is None:
        raise ParticipantError(
            f"no column names the participant (found: {', '.join(header) or 'none'}).",
            path=source, row=1,
            fix=f"name the first column 'participant' (or one of {', '.join(NAME_COLUMNS)}).")
    return found


def utf8_text(data: bytes, source: str) -> str:
    """The text of a small UTF-8 file (byte-order mark or not), or an error naming it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ParticipantError("the file is not UTF-8 text.", path=source, line=line,
                               fix="save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')."
                               ) from error


def file_bytes(path: str | Path) -> bytes:
    """The bytes of a participant, key or mask-list file, or an error saying why not."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise ParticipantError(f"cannot be read ({error.strerror}).", path=path,
                               fix="check the path of the file.") from error
