"""Key phrases a person would say: the candidates a label of an emergent theme or an
episode heading is chosen from, and how a ranked list becomes a readable label.

A candidate is one to three words of the text as spoken ("protected time", "end of
life", "call schedule"): its first and last word must be fit for a label
(:func:`coding.talk.is_label_word`: never a name, month, weekday, number or filler), a
word between them may only be a label word or a short linking word ("of", "and" …), and
an all-purpose word ("time", "asked") never stands alone. Scoring
(c-TF-IDF, KeyBERT-style re-ranking) is the caller's: BERTopic for themes, TF-IDF across
a meeting's episodes for headings. Both use :func:`phrase_candidates` as their analyzer
and :func:`phrase_label` to write the label, so the rule is written once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import partial

from coding.talk import is_label_word, is_topic_word, label_fault, words

#: Words that may join two topic words inside a three-word phrase ("end of life").
LINKING_WORDS = frozenset({"of", "and", "for", "with", "to", "in", "on", "at", "about",
                           "from", "vs"})
#: A phrase never runs across these: "… on call. Grief …" holds no "call grief".
_CLAUSE_END = re.compile(r"[.!?;:,()\[\]\n\u2014\u2013]+|\s-\s")
#: Labels name what a group talks about in a few phrases; more reads as word soup.
LABEL_PHRASES = 3


def phrase_candidates(text: str, names: Collection[str] = (), longest: int = 3) -> list[str]:
    """Every phrase of ``text`` (1 to ``longest`` words, lower case, in order, repeats
    kept so they can be counted) that may stand in a label: its first and last words are
    label words (:func:`coding.talk.is_label_word`), any word between them a label word
    or a linking word, at least one word a topic word (a single word must be one), and no
    word said twice or cut off and said again (a stammer is not a phrase)."""
    return [phrase for clause in _CLAUSE_END.split(text)
            for phrase in _clause_phrases(words(clause), names, longest)]


def _clause_phrases(tokens: list[str], names: Collection[str], longest: int) -> list[str]:
    part = [is_label_word(token, names) and "'" not in token for token in tokens]
    topic = [fit and is_topic_word(token) for fit, token in zip(part, tokens)]
    found = []
    for start in range(len(tokens)):
        if not part[start]:
            continue
        for end in range(start, min(start + longest, len(tokens))):
            word = tokens[end]
            if label_fault(word, names) is not None or not (part[end] or word in LINKING_WORDS):
                break
            if word in tokens[start:end] or (end > start and word.startswith(tokens[end - 1])):
                break  # a stammer or a false start: "basic basic", "presentatio presentation"
            if part[end] and any(topic[start:end + 1]):
                found.append(" ".join(tokens[start:end + 1]))
    return found


def phrase_analyzer(names: Collection[str] = ()) -> Callable[[str], list[str]]:
    """:func:`phrase_candidates` for the project's ``names``: a scikit-learn analyzer."""
    return partial(phrase_candidates, names=frozenset(n.lower() for n in names))


def _stem(word: str) -> str:
    # Enough to see "boundary"/"boundaries" and "patient"/"patients" as one word.
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            return word[: -len(ending)] + replacement
    return word


def distinct_phrases(ranked: Sequence[str], count: int = LABEL_PHRASES,
                     candidates: int = 15) -> list[str]:
    """Up to ``count`` phrases from the best ``candidates`` of ``ranked`` (best first),
    no two sharing a word, phrases of two or more words before single words."""
    pool = [phrase for phrase in ranked[:candidates] if phrase.strip()]
    pool.sort(key=lambda phrase: len(phrase.split()) < 2)  # stable: rank kept within
    chosen: list[str] = []
    used: set[str] = set()
    for phrase in pool:
        stems = {_stem(word) for word in phrase.split() if word not in LINKING_WORDS}
        if stems & used:
            continue
        chosen.append(phrase)
        used |= stems
        if len(chosen) == count:
            break
    return chosen


def phrase_label(ranked: Sequence[str], count: int = LABEL_PHRASES) -> str:
    """A readable label: "protected time · call schedule · department chair"."""
    return " · ".join(distinct_phrases(ranked, count))
