"""De-identification: pseudonyms for speakers, masks for names in the words, and the key.

Masking happens when a transcript is imported, before anything is written to the
project file, so the project (and so every table and export made from it) never holds a
participant's real name. Re-identification needs the key (real name → pseudonym), a
small CSV kept apart from the project, by default in a ``keys/`` folder beside it.

Every participant of the key is masked in every transcript: the full name, the first
name and the surname, whole words only, any case, possessives included ("Jane's" →
"P1's"). A word two participants share (two Janes) becomes the neutral mask label. A
mask list adds other names and places, one per line (``St Mary's Hospice = [PLACE]``).
Masking errs towards hiding: a first name that is also a word ("Will") is masked too.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coding.model import Transcript, Turn
from coding.people.matching import (
    ParticipantError,
    SpeakerMatch,
    file_bytes,
    match_speakers,
    name_key,
    name_parts,
    utf8_text,
)

KEY_COLUMNS = ("participant", "pseudonym")


def read_key(path: str | Path) -> dict[str, str]:
    """Real name → pseudonym from a key file; empty when the file does not exist yet."""
    path = Path(path)
    if not path.exists():
        return {}
    rows = list(csv.reader(io.StringIO(utf8_text(file_bytes(path), path.name))))
    if not rows or tuple(cell.strip().casefold() for cell in rows[0][:2]) != KEY_COLUMNS:
        raise ParticipantError("this is not a pseudonym key.", path=path, row=1,
                               fix="a key starts with the header 'participant,pseudonym'.")
    key: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ParticipantError("a key row needs a participant and a pseudonym.",
                                   path=path, row=number, fix="fill in both, or delete it.")
        key[row[0].strip()] = row[1].strip()
    return key


def write_key(key: Mapping[str, str], path: str | Path) -> Path:
    """Write the key whole or not at all (a temporary file renamed over the old one),
    readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEY_COLUMNS)
    writer.writerows(key.items())
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    os.replace(partial, path)
    return path


def read_mask_list(data: bytes, source: str, default_label: str) -> dict[str, str]:
    """Other names and places to mask: one per line, optionally ``= [LABEL]``; lines
    starting with # are comments."""
    masks: dict[str, str] = {}
    for number, line in enumerate(utf8_text(data, source).splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        term, _, label = (part.strip() for part in text.partition("="))
        if not term:
            raise ParticipantError("nothing to mask before the '='.", path=source,
                                   line=number, fix="write e.g. 'Springfield = [PLACE]'.")
        masks[term] = _bracketed(label) if label else default_label
    return masks


def _bracketed(label: str) -> str:
    return label if label.startswith("[") else f"[{label.strip('[]').upper()}]"


class Masker:
    """Replaces whole-word mentions of the given terms, any case, longest first."""

    def __init__(self, replacements: Mapping[str, str]) -> None:
        self.replacements = {" ".join(term.split()).casefold(): value
                             for term, value in replacements.items() if term.strip()}
        terms = sorted(self.replacements, key=len, reverse=True)
        alternatives = "|".join(r"[\s_]+".join(map(re.escape, term.split()))
                                for term in terms)
        # A letter or digit may not touch a name; underscores and dashes may, so
        # 'jane_smith.vtt' is masked too.
        self.pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])",
                                  re.IGNORECASE) if terms else None

    def mask(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda found: self.replacements[
            " ".join(found.group(0).replace("_", " ").split()).casefold()], text)


def name_masks(key: Mapping[str, str], mask_label: str) -> dict[str, str]:
    """Each way of mentioning a participant → their pseudonym; a word several
    participants share → the mask label."""
    owners: dict[str, set[str]] = {}
    for real, pseudonym in key.items():
        for part in name_parts(real):
            owners.setdefault(part.casefold(), set()).add(pseudonym)
    return {part: next(iter(found)) if len(found) == 1 else mask_label
            for part, found in owners.items()}


@dataclass(frozen=True)
class PseudonymisedBatch:
    transcripts: list[Transcript]
    key: dict[str, str]  # the whole key, old entries first
    matches: dict[str, SpeakerMatch]  # pseudonym → itself, flagged when ambiguous


def pseudonymise(transcripts: Sequence[Transcript], key: Mapping[str, str],
                 other_masks: Mapping[str, str], prefix: str = "P",
                 mask_label: str = "[NAME]") -> PseudonymisedBatch:
    """Speakers → pseudonyms (known ones from the key, new ones P1, P2 … in order of
    first appearance) and every name masked in the words, file name and title."""
    ordered = sorted(transcripts, key=lambda t: (t.date is None, t.date or 0,
                                                 t.meeting or 0, t.name))
    matches = match_speakers([*key, *(turn.speaker for t in ordered for turn in t.turns)])
    known = {name_key(real): pseudonym for real, pseudonym in key.items()}
    new_key = dict(key)
    for label in (turn.speaker for t in ordered for turn in t.turns):
        participant = matches[label].participant
        if name_key(participant) not in known:
            known[name_key(participant)] = new_key[participant] = next_pseudonym(new_key, prefix)
    masker = Masker({**other_masks, **name_masks(new_key, mask_label)})
    speaker = {label: known[name_key(match.participant)] for label, match in matches.items()}
    flagged = {speaker[turn.speaker]: SpeakerMatch(speaker[turn.speaker],
                                                   matches[turn.speaker].ambiguous)
               for t in transcripts for turn in t.turns}
    return PseudonymisedBatch([_masked(t, speaker, masker) for t in transcripts], new_key,
                              flagged)


def next_pseudonym(key: Mapping[str, str], prefix: str) -> str:
    taken = set(key.values())
    return next(f"{prefix}{n}" for n in range(1, len(taken) + 2) if f"{prefix}{n}" not in taken)


def _masked(transcript: Transcript, speaker: Mapping[str, str], masker: Masker) -> Transcript:
    turns = tuple(Turn(index=t.index, speaker=speaker[t.speaker], text=masker.mask(t.text),
                       start=t.start, end=t.end, line=t.line) for t in transcript.turns)
    return replace(transcript, name=masker.mask(transcript.name),
                   title=masker.mask(transcript.title), turns=turns)


def chosen_pseudonyms(rows: Iterable[tuple[str, str]], key: Mapping[str, str]) -> dict[str, str]:
    """The key with the researcher's chosen pseudonyms (name, pseudonym) added for
    participants it does not know yet; a pseudonym given twice is refused."""
    merged = dict(key)
    known = {name_key(real) for real in key}
    for name, pseudonym in rows:
        if pseudonym and name_key(name) not in known:
            if pseudonym in merged.values():
                raise ParticipantError(f"the pseudonym {pseudonym!r} is given twice.",
                                       fix="give each participant their own pseudonym.")
            merged[name] = pseudonym
            known.add(name_key(name))
    return merged
