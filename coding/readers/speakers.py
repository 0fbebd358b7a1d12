"""Speaker labels: when 'Something: words' names who speaks, and when it is only a colon.

One rule for every format (Zoom and SubRip cues, plain text, Word paragraphs). A label
looks like a name:

- it starts with a letter, is at most 60 characters and five words (a bracketed part,
  '(he/him)' or '(Guest)', is not counted);
- every word starts with a capital, a digit or a letter of a script without case (李明),
  except name particles (van, de, bin …) — sentences have lower-case words; a label of
  at most three plain words may be lower case, because Zoom shows display names as
  people typed them ('amara', 'ben k');
- its first word is not one that starts sentences or headings ('So the plan is',
  'Note', 'Date');
- it does not end like a sentence ('?', '!', ',', ';'), and ends in a full stop only
  after an initial or a short title ('Sarah K.', 'Ben Jr.').

Labels are split at the first ASCII or full-width colon ('李明：') outside brackets, so
Rev's 'Speaker 1 (00:05):' keeps its time. Right-to-left and other direction marks
around a label are not part of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coding.readers._common import clean_speaker, parse_time

#: Invisible direction marks: LRM, RLM, ALM, embeddings, overrides and isolates.
BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STRIP_BIDI = {ord(char): None for char in BIDI_MARKS}
_COLONS = ":\uff1a"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Where a label's colon may be: a name and a bracketed time fit well within this.
_LABEL_REACH = 80
_MAX_WORDS = 5
_MAX_LENGTH = 60
#: Lower-case words that belong inside names.
_PARTICLES = _word_set("al bin bint da das de del della der di do dos du e el ibn la le "
                       "st ten ter van von y zu")
#: First words of sentences and headings, never of a name.
_NOT_NAMES = _word_set(
    "about actually also an and anyway as at basically because but by date duration "
    "example for he here how if important in it its like location meeting my no note "
    "notes now of ok okay on or our place plan point problem reason remember she so "
    "subject summary that the their then there these they this those time title to "
    "topic transcript we well what when where which who why with yeah yes you your")
#: A lower-case label ('amara', 'ben k') has at most this many words.
_MAX_LOWER_CASE_WORDS = 3
#: Words of headings and notes ('next steps:', 'action items:'), never in a display name.
_HEADING_WORDS = _word_set("action agenda attendees item items minutes next question "
                           "questions step steps update updates")
#: '(00:05)' or '(01:02:03)' at the end of a Rev label.
_REV_TIME = re.compile(r"\s*\((\d{1,2}(?::\d{2}){1,2})\)$")
#: '[00:01:02]' (or '00:01:02' alone) before a label.
_STAMP = re.compile(r"^\[?((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]?(?:\s+|$)")


@dataclass(frozen=True)
class Label:
    """A speaker, the words after the label, and the time the label gave (if any)."""

    speaker: str
    text: str
    start: float | None = None


def strip_bidi(text: str) -> str:
    return text.translate(_STRIP_BIDI)


def leading_stamp(line: str) -> tuple[float | None, str]:
    """A '[00:01:02]' stamp at the start of a line: (seconds, the rest); else (None, line)."""
    found = _STAMP.match(line)
    if found is None:
        return None, line
    seconds = parse_time(found.group(1))
    return (seconds, line[found.end():]) if seconds is not None else (None, line)


def split_label(line: str) -> Label | None:
    """The speaker label that starts ``line``, or None when it does not start with one."""
    line = strip_bidi(line).strip()
    start, line = leading_stamp(line)
    colon = _label_colon(line)
    if colon < 0:
        return None
    name, text = line[:colon].strip(), line[colon + 1:]
    rev = _REV_TIME.search(name)
    if rev:
        name, start = name[:rev.start()], parse_time(rev.group(1))
    if not looks_like_name(name):
        return None
    return Label(clean_speaker(name), strip_bidi(text).strip(), start)


def _label_colon(line: str) -> int:
    """Index of the first colon outside brackets within reach, or -1. Only the first
    _LABEL_REACH characters are looked at, so any line costs the same at most."""
    reach = line[:_LABEL_REACH]
    colons = [index for index in (reach.find(":"), reach.find("\uff1a")) if index >= 0]
    if not colons:
        return -1
    if "(" not in reach[:min(colons)] and "[" not in reach[:min(colons)]:
        return min(colons)
    depth = 0
    for index, char in enumerate(reach):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char in _COLONS and depth == 0:
            return index
    return -1


def looks_like_name(label: str) -> bool:
    """Whether a label is a person's name rather than the start of a sentence."""
    label = " ".join(strip_bidi(label).split())
    if not label or len(label) > _MAX_LENGTH or not label[0].isalpha():
        return False
    if label[-1] in "?!,;" or (label[-1] == "." and not _ends_with_initial(label)):
        return False
    words = _without_brackets(label).split()
    if not 0 < len(words) <= _MAX_WORDS or _bare(words[0]).lower() in _NOT_NAMES:
        return False
    if all(_name_word(word, first=index == 0) for index, word in enumerate(words)):
        return True
    return (len(words) <= _MAX_LOWER_CASE_WORDS and all(map(_plain_word, words))
            and not any(_bare(word).lower() in _HEADING_WORDS for word in words))


def _plain_word(word: str) -> bool:
    return _bare(word).replace("'", "").replace("-", "").isalpha()


def _name_word(word: str, first: bool) -> bool:
    bare = _bare(word)
    if not bare:
        return True
    if bare.lower() in _PARTICLES and not first:
        return True
    return not bare[0].islower()


def _ends_with_initial(label: str) -> bool:
    """'Sarah K.' or 'Ben Jr.': the last word is a capital and at most two more letters."""
    last = label.split()[-1].rstrip(".")
    return 0 < len(last) <= 3 and last[0].isupper() and last.isalpha()


def _without_brackets(label: str) -> str:
    kept, depth = [], 0
    for char in label:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def _bare(word: str) -> str:
    return word.strip(".'’\"“”-–—")
