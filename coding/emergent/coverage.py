"""Is an emergent theme already in the codebook? "Covered" by a named code, or "new".

Each member segment of a theme is scored against every code by the product's own
codebook scorer (:class:`coding.suggest.deductive.DeductiveSuggester`: meaning, the best
cosine to the code's description and example quotes, plus the keyword bonus), with the
segments coders confirmed for a code counted among its examples. Each member then
votes for its top-scoring code. A theme is covered by the code most of its members vote
for when that code's share of the votes reaches a bar; else it is new.

Why a vote and not a bar on the similarity itself: a cosine depends on how a codebook is
written (long definitions, many examples and broad codes all raise it), so one absolute
bar did not carry over between codebooks — 0.42 found every theme of the three coded
sets "new" (benchmarks/results/themes_quality.md). A vote asks only which code is
nearest to each member, a question every codebook answers on the same scale.

The nearest code and the members' mean cosine to it are always kept: what the Themes
screen shows beside the verdict. The vote needs codes to choose between: with a single
code in the codebook every member votes for it, so every theme reads covered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from coding.config import Settings
from coding.embed import Embedder
from coding.model import Codebook, Segment
from coding.suggest.deductive import DeductiveSuggester
from coding.suggest.keywords import KeywordCache

#: Share of a theme's members whose top code must be X for "covered by X", from the
#: codebook alone. Chosen by leave-one-dataset-out over the three coded sets
#: (benchmarks/themes_quality.py): each fold's best bar on the other two was 0.39–0.41.
COVERAGE_SHARE = 0.40
#: The same once coders have confirmed segments for the code: segments resemble
#: segments, so more members find such a code first and the bar is higher (each
#: fold's best 0.46–0.54).
CONFIRMED_COVERAGE_SHARE = 0.50


@dataclass(frozen=True)
class Coverage:
    """How one theme relates to the codebook."""

    code: str  # the covering code; "" when the theme is new
    similarity: float  # the members' mean cosine to the nearest code
    nearest: str  # the code most members vote for, even when too few do
    share: float = 0.0  # the share of members whose top code is ``nearest``

    @property
    def is_new(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class MemberScores:
    """Segments × codes, from the codebook scorer (and confirmed segments)."""

    meaning: np.ndarray  # best cosine to the code's description, examples, confirmed
    score: np.ndarray  # meaning plus the keyword bonus: what a member votes by
    names: tuple[str, ...]

    def without(self, code: str) -> MemberScores:
        """The scores as if ``code`` were not in the codebook (each code is scored on its
        own, so leaving one out changes no other column)."""
        keep = [index for index, name in enumerate(self.names) if name != code]
        return MemberScores(self.meaning[:, keep], self.score[:, keep],
                            tuple(self.names[i] for i in keep))


def with_confirmed(codebook: Codebook,
                   confirmed: Mapping[str, Sequence[str]] | None) -> Codebook:
    """The codebook with each code's confirmed segments added to its example quotes."""
    confirmed = confirmed or {}
    return Codebook(codebook.name, tuple(
        replace(code, examples=(*code.examples, *confirmed.get(code.name, ())))
        for code in codebook.codes))


def member_scores(segments: Sequence[Segment], codebook: Codebook, embedder: Embedder,
                  confirmed: Mapping[str, Sequence[str]] | None = None,
                  keyword_weight: float = Settings.keyword_weight,
                  keyword_cache: KeywordCache | None = None) -> MemberScores:
    """Every segment against every code, as the suggestions score them; ``confirmed``
    gives the texts coders confirmed for each code by name; ``keyword_cache`` (the
    project) holds the keywords a run already found in each text."""
    scorer = DeductiveSuggester(embedder, keyword_weight=keyword_weight,
                                keyword_cache=keyword_cache).fit(
        with_confirmed(codebook, confirmed))
    scores = scorer.scores(segments)
    # Unmasked by length: a short member still says which code it is nearest to.
    return MemberScores(scores.meaning, scores.evidence(codebook.names, keyword_weight),
                        tuple(codebook.names))


def judge_coverage(scores: MemberScores, themes: Sequence[np.ndarray],
                   bars: Sequence[float] | float = COVERAGE_SHARE) -> list[Coverage]:
    """Each theme (the row indices of its members in ``scores``) covered by the code
    most of its members score highest, when that code's share of them reaches its bar
    (one for all codes, or one per code); else new."""
    count = len(scores.names)
    bars = np.broadcast_to(np.asarray(bars, dtype=float), (count,))
    verdicts = []
    for members in themes:
        members = np.asarray(members)
        if count == 0 or len(members) == 0:
            verdicts.append(Coverage(code="", similarity=0.0, nearest=""))
            continue
        votes = np.bincount(scores.score[members].argmax(axis=1), minlength=count)
        meaning = scores.meaning[members].mean(axis=0)
        # Most votes first; a tie goes to the code the members are closer to on average.
        best = max(range(count), key=lambda index: (votes[index], meaning[index]))
        share = round(float(votes[best] / len(members)), 4)
        verdicts.append(Coverage(code=scores.names[best] if share >= bars[best] else "",
                                 similarity=round(float(meaning[best]), 4),
                                 nearest=scores.names[best], share=share))
    return verdicts


def share_bars(codebook: Codebook, confirmed: Mapping[str, Sequence[str]] | None,
               share: float = COVERAGE_SHARE) -> list[float]:
    """Each code's bar: ``share`` from the codebook alone, the higher
    :data:`CONFIRMED_COVERAGE_SHARE` once segments are confirmed for it."""
    confirmed = confirmed or {}
    return [max(share, CONFIRMED_COVERAGE_SHARE) if confirmed.get(code.name) else share
            for code in codebook.codes]


def coverage(segments: Sequence[Segment], themes: Sequence[np.ndarray], codebook: Codebook,
             embedder: Embedder, share: float = COVERAGE_SHARE,
             confirmed: Mapping[str, Sequence[str]] | None = None,
             keyword_cache: KeywordCache | None = None) -> list[Coverage]:
    """Each theme (the indices of its members in ``segments``) against the codebook."""
    return judge_coverage(member_scores(segments, codebook, embedder, confirmed,
                                        keyword_cache=keyword_cache), themes,
                          share_bars(codebook, confirmed, share))
