"""Deductive suggestions: every segment scored against every code of the codebook.

score = meaning + keyword_weight * (a keyword of the code occurs in the segment), where
meaning is the highest cosine between the segment and the code's prototypes: its
definition (with the inclusion criteria) and each example quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coding.config import Settings
from coding.embed import Embedder
from coding.model import Codebook, Segment, Source, Suggestion
from coding.suggest import Progress
from coding.suggest.keywords import KeywordCache, KeywordMatcher


@dataclass(frozen=True)
class Scores:
    """Raw evidence for segments × codes, before the threshold is applied."""

    meaning: np.ndarray  # (segments, codes) best cosine to any prototype of the code
    nearest: np.ndarray  # (segments, codes) closest example quote, index into
    # prototype_texts_, or -1 when the code has no examples
    nearest_similarity: np.ndarray  # (segments, codes) cosine to that example
    keywords: list[dict[str, tuple[str, ...]]]  # per segment: code -> matched words
    eligible: np.ndarray  # (segments,) long enough to be coded

    def keyword_hits(self, codes: Sequence[str]) -> np.ndarray:
        """(segments, codes) 1.0 where a keyword of the code occurs in the segment."""
        return np.array([[code in found for code in codes] for found in self.keywords],
                        dtype=np.float32).reshape(self.meaning.shape)

    def evidence(self, codes: Sequence[str], keyword_weight: float) -> np.ndarray:
        """(segments, codes) meaning plus the keyword bonus, on every segment however
        short (what says which code a segment is nearest to)."""
        return self.meaning + keyword_weight * self.keyword_hits(codes)

    def combined(self, codes: Sequence[str], keyword_weight: float) -> np.ndarray:
        """:meth:`evidence` on segments long enough to be coded, 0 on the others."""
        return self.evidence(codes, keyword_weight) * self.eligible[:, None]


class DeductiveSuggester:
    """Scores segments against a codebook by keywords and by meaning."""

    def __init__(self, embedder: Embedder, threshold: float = Settings.threshold,
                 keyword_weight: float = Settings.keyword_weight,
                 min_words: int = Settings.min_words,
                 keyword_cache: KeywordCache | None = None) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.keyword_weight = keyword_weight
        self.min_words = min_words
        self.keyword_cache = keyword_cache

    def fit(self, codebook: Codebook) -> DeductiveSuggester:
        self.codes_ = codebook.names
        self.keywords_ = KeywordMatcher(self.keyword_cache).fit(codebook)
        texts, owners, is_example = [], [], []
        for index, code in enumerate(codebook.codes):
            definition = " ".join(part for part in (code.name + ".", code.definition,
                                                    code.inclusion) if part)
            for position, text in enumerate((definition, *code.examples)):
                texts.append(text)
                owners.append(index)
                is_example.append(position > 0)
        self.prototype_texts_ = texts
        self.prototype_owner_ = np.array(owners)
        self.prototype_is_example_ = np.array(is_example)
        self.prototypes_ = self.embedder.encode(texts)
        return self

    def scores(self, segments: Sequence[Segment], progress: Progress | None = None) -> Scores:
        texts = [segment.text for segment in segments]
        vectors = self.embedder.encode(texts, progress)
        similarity = vectors @ self.prototypes_.T  # (segments, prototypes)
        shape = (len(texts), len(self.codes_))
        meaning = np.full(shape, -1.0, dtype=np.float32)
        nearest = np.full(shape, -1, dtype=np.int64)
        nearest_similarity = np.zeros(shape, dtype=np.float32)
        for code_index in range(len(self.codes_)):
            mine = self.prototype_owner_ == code_index
            meaning[:, code_index] = similarity[:, mine].max(axis=1)
            examples = np.flatnonzero(mine & self.prototype_is_example_)
            if len(examples):
                best = examples[similarity[:, examples].argmax(axis=1)]
                nearest[:, code_index] = best
                nearest_similarity[:, code_index] = similarity[np.arange(len(texts)), best]
        eligible = np.array([len(text.split()) >= self.min_words for text in texts],
                            dtype=np.float32)
        return Scores(meaning=meaning, nearest=nearest, nearest_similarity=nearest_similarity,
                      keywords=self.keywords_.match(texts), eligible=eligible)

    def suggest(self, segments: Sequence[Segment],
                progress: Progress | None = None) -> list[Suggestion]:
        """Every (segment, code) whose score reaches the threshold, strongest first."""
        scores = self.scores(segments, progress)
        combined = scores.combined(self.codes_, self.keyword_weight)
        suggestions = []
        for row, column in zip(*np.nonzero(combined >= self.threshold)):
            suggestions.append(self._suggestion(segments[row], scores, combined, row, column))
        return sorted(suggestions, key=lambda s: (s.segment_id, -s.score, s.code))

    def _suggestion(self, segment: Segment, scores: Scores, combined: np.ndarray,
                    row: int, column: int) -> Suggestion:
        code = self.codes_[column]
        words = scores.keywords[row].get(code, ())
        meaning_alone = scores.meaning[row, column] >= self.threshold
        source = (Source.KEYWORD_AND_MEANING if words and meaning_alone
                  else Source.KEYWORD if words else Source.MEANING)
        example = int(scores.nearest[row, column])
        return Suggestion(segment_id=segment.id, code=code,
                          score=round(float(combined[row, column]), 4), source=source,
                          matched_words=words,
                          nearest_example=self.prototype_texts_[example] if example >= 0 else "",
                          example_similarity=round(
                              float(scores.nearest_similarity[row, column]), 4))

