"""A codebook entry drafted from an emergent theme, for the researcher to edit.

Everything in it is taken from the theme's own talk (extractive, no invented prose):
the name from its label, the definition and inclusion from the phrases its most
central quotes share, the exclusion from the nearest code of the codebook, and the
examples from those quotes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from coding.emergent.smalltalk import SMALL_TALK_NUMBER
from coding.errors import ThemeError
from coding.model import Code, EmergentTheme
from coding.phrases import distinct_phrases, phrase_candidates
from coding.talk import content_words

#: The most central quotes whose shared phrases write the definition (3–5, the issue).
CENTRAL_QUOTES = 5
#: An example quote says enough to show the theme with at least this many content words.
EXAMPLE_MIN_CONTENT_WORDS = 6


def shared_phrases(quotes: Sequence[str], names: Collection[str] = (),
                   count: int = 4, key_phrases: Collection[str] = ()) -> list[str]:
    """Phrases that two or more of ``quotes`` share, most widely shared first (longer
    phrases first among equals), no two repeating a word. One of the theme's
    ``key_phrases`` (its c-TF-IDF/KeyBERT terms) that a quote says counts as shared
    once more: on the sample study the quotes alone shared little but generic words
    ("words", "advice and asks"), while the key phrases they say ("medical director",
    "palliative program") are what the group is about."""
    seen: Counter[str] = Counter()
    for quote in quotes:
        seen.update(set(phrase_candidates(quote, names)))
    key = set(key_phrases)
    weight = {phrase: times + (phrase in key) for phrase, times in seen.items()}
    shared = [phrase for phrase, times in weight.items() if times >= 2]
    shared.sort(key=lambda phrase: (-weight[phrase], -len(phrase.split()), phrase))
    return distinct_phrases(shared, count, candidates=len(shared))


def _listed(phrases: Sequence[str]) -> str:
    return ", ".join(phrases[:-1]) + f" and {phrases[-1]}" if len(phrases) > 1 else phrases[0]


def draft_name(theme: EmergentTheme) -> str:
    """The researcher's name for the theme, or its label's first two phrases
    ("protected time · call schedule · …" → "Protected time and call schedule")."""
    if theme.name:
        return theme.name[:80]
    phrases = [part.strip() for part in theme.label.split("·") if part.strip()]
    return _listed(phrases[:2]).capitalize()[:80] if phrases else "New theme"


def write_draft(theme: EmergentTheme, quotes: Sequence[str], names: Collection[str] = (),
                parent: str = "", examples: int = 3) -> Code:
    """The draft code of ``theme`` from its quotes, most central first. ``parent`` is the
    nearest code's parent, offered as the group the new code may belong to."""
    if theme.number == SMALL_TALK_NUMBER:
        raise ThemeError("non-substantive talk is not a theme to add to the codebook.",
                         fix="choose one of the themes listed above it.")
    central = list(quotes[:CENTRAL_QUOTES])
    phrases = shared_phrases(central, names, key_phrases=theme.terms) or list(
        theme.terms[:4])
    talk = f"Participants talk about {_listed(phrases)}." if phrases else ""
    chosen = [q for q in central if len(content_words(q)) >= EXAMPLE_MIN_CONTENT_WORDS]
    return Code(
        name=draft_name(theme), definition=talk, parent=parent,
        inclusion=(f"A segment that speaks of {_listed(phrases)}, as the examples do."
                   if phrases else ""),
        exclusion=(f"Talk that fits “{theme.nearest}” better (the nearest code, "
                   f"similarity {theme.similarity:.2f}) is coded there." if theme.nearest
                   else ""),
        keywords=tuple(phrases), examples=tuple((chosen or central)[:examples]))
