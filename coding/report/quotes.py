"""Exemplar quotes for a paper: which segments stand for a theme, and how their words
are shown.

The researcher's choice comes first (:meth:`Project.choose_exemplar`). Otherwise the
best candidates are complete thoughts of a quotable length, from different participants
where possible. A quote keeps the speaker's words but drops hesitation sounds and
sentences that say nothing ("Um, yeah. So."), and is trimmed at sentence boundaries;
the stored text never changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from coding.talk import DISFLUENCIES, FILLERS, content_words

#: Words a quote may hold at most, and at least to be a good exemplar.
QUOTE_WORDS = 45
MIN_WORDS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")
_DISFLUENCY = re.compile(r"(?i),?\s*(?<![\w'])(?:" + "|".join(sorted(DISFLUENCIES)) +
                         r")(?![\w']),?")
_OPENERS = FILLERS | {"so", "and", "but", "oh"}
# A run of fillers, each before a comma, opening a sentence ("Yeah, so, like, I …").
_OPENING = re.compile(r"(?i)^(?:(?:" + "|".join(sorted(_OPENERS, key=len, reverse=True)) +
                      r"),\s+)+(?=\w)")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(" ".join(text.split())) if part.strip()]


def clean_sentence(sentence: str) -> str:
    """Without hesitation sounds, and without a run of fillers before its first word
    ("Yeah, so, I think …" → "I think …"); the first letter capitalised."""
    cleaned = " ".join(_DISFLUENCY.sub(" ", sentence).split()).strip(" ,")
    cleaned = re.sub(r"\s+([,.!?])", r"\1", _OPENING.sub("", cleaned))
    return cleaned[:1].upper() + cleaned[1:] if cleaned else ""


def quote_text(text: str, limit: int = QUOTE_WORDS) -> str:
    """The words of a segment as a quote: sentences with content, cleaned, as many whole
    sentences from the first as fit in ``limit`` words (" […] " where one was left out
    in the middle; a single over-long sentence is cut with "…")."""
    kept = [clean_sentence(s) for s in sentences(text) if content_words(s)]
    kept = [s for s in kept if s]
    if not kept:
        return " ".join(text.split())
    chosen: list[str] = []
    count = 0
    for sentence in kept:
        size = len(sentence.split())
        if count + size > limit:
            break
        chosen.append(sentence)
        count += size
    if not chosen:
        return " ".join(kept[0].split()[:limit]) + " …"
    return " ".join(chosen)


def quality(text: str) -> float:
    """How well a segment serves as an exemplar: complete sentences of a quotable
    length, with content (higher is better)."""
    cleaned = quote_text(text)
    size = len(cleaned.split())
    length = 1.0 if MIN_WORDS <= size <= QUOTE_WORDS else 0.5 if size >= 4 else 0.0
    ends = 0.2 if cleaned.rstrip("”\"’").endswith((".", "?", "!")) else 0.0
    return length + ends + 0.01 * min(len(content_words(cleaned)), 20)


def pick_exemplars(rows: pd.DataFrame, count: int, chosen: Sequence[str] = ()) -> pd.DataFrame:
    """``count`` rows of ``rows`` (segments of one theme: segment_id, speaker, status,
    score, text) as exemplars: the researcher's ``chosen`` segment ids first, in their
    order; then confirmed before suggested, better quotes first, a participant not yet
    quoted before one already quoted."""
    if rows.empty or count <= 0:
        return rows.head(0)
    first = rows[rows["segment_id"].isin(chosen)]
    first = first.assign(_order=first["segment_id"].map({s: i for i, s in enumerate(chosen)}))
    first = first.sort_values("_order").drop(columns="_order").drop_duplicates("segment_id")
    rest = rows[~rows["segment_id"].isin(first["segment_id"])]
    rest = rest.assign(_confirmed=rest["status"] == "confirmed",
                       _quality=rest["text"].map(quality), _score=rest["score"].fillna(0))
    rest = rest.sort_values(["_confirmed", "_quality", "_score", "segment_id"],
                            ascending=[False, False, False, True])
    picked = list(first.itertuples(index=False))
    seen = {row.speaker for row in picked}
    ordered = pd.concat([rest[~rest["speaker"].isin(seen)].drop_duplicates("speaker"), rest])
    ordered = ordered.drop_duplicates("segment_id").drop(
        columns=["_confirmed", "_quality", "_score"])
    return pd.concat([first, ordered]).drop_duplicates("segment_id").head(count)
