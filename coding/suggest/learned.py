"""Suggestions that learn from the researcher's decisions.

Each segment is described by its sentence embedding, the embedding of its neighbours in
the same meeting (what is being talked about around it), its position in the meeting and
its length.
A logistic regression over those features chooses the most likely theme of each segment,
trained on:

- the codebook's definitions and example quotes (so it works before any decision),
- segments a coder confirmed (or added, or relabelled to) a theme on,

with the themes weighted equally however many segments each has.

Whether a segment deserves any theme at all (most turns of a real meeting do not) is a
separate decision. Once coders have judged enough segments to carry no theme, a second,
class-balanced logistic regression learns it from those against the confirmed segments;
before that, a segment qualifies when the codebook score of its best theme reaches a
gate, which starts at the ``threshold`` setting and drops to what confirmed segments
actually score.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from coding.config import Settings
from coding.embed import Embedder
from coding.model import Codebook, Feedback, Segment, Source, Suggestion
from coding.suggest import Progress
from coding.suggest.deductive import DeductiveSuggester, Scores

#: Turn lengths enter as log(words + 1) / _LOG_WORDS: about 1 for a 20-word turn.
_LOG_WORDS = 3.0


class LearnedSuggester:
    """Chooses each segment's theme from the codebook and from coders' decisions."""

    def __init__(self, embedder: Embedder, threshold: float = Settings.threshold,
                 keyword_weight: float = Settings.keyword_weight,
                 min_words: int = Settings.min_words,
                 context_weight: float = Settings.context_weight,
                 regularisation: float = Settings.regularisation,
                 relevance_regularisation: float = Settings.relevance_regularisation,
                 min_negatives: int = Settings.min_negatives,
                 gate_quantile: float = Settings.gate_quantile,
                 random_state: int = Settings.seed) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.keyword_weight = keyword_weight
        self.min_words = min_words
        self.context_weight = context_weight
        self.regularisation = regularisation
        self.relevance_regularisation = relevance_regularisation
        self.min_negatives = min_negatives
        self.gate_quantile = gate_quantile
        self.random_state = random_state

    def fit(self, codebook: Codebook, segments: Sequence[Segment],
            feedback: Feedback | None = None,
            progress: Progress | None = None) -> LearnedSuggester:
        """Learn from the codebook and ``feedback`` about (some of) ``segments``, which
        are also the segments ``suggest`` will score (they give the context)."""
        feedback = feedback or Feedback()
        self.codes_ = codebook.names
        self.deductive_ = DeductiveSuggester(self.embedder, self.threshold,
                                             self.keyword_weight, self.min_words).fit(codebook)
        self.scores_ = self.deductive_.scores(segments, progress)
        self.combined_ = self.scores_.combined(self.codes_, self.keyword_weight)
        vectors = self.embedder.encode([segment.text for segment in segments])
        self.center_ = (vectors.mean(axis=0) if len(vectors)
                        else np.zeros(self.deductive_.prototypes_.shape[1]))
        self.segment_ids_ = [segment.id for segment in segments]
        self.texts_ = [segment.text for segment in segments]
        self.features_ = self._features(segments, vectors)
        rows, labels, self.examples_ = self._training_rows(codebook, feedback)
        self.classes_ = sorted(set(labels))
        self.model_ = self._fit_themes(rows, labels) if len(self.classes_) > 1 else None
        self.relevance_model_ = self._fit_relevance(feedback)
        self.gate_ = self._gate()
        self.feedback_decisions_ = feedback.decisions
        return self

    def probabilities(self) -> np.ndarray:
        """(segments, codes): the chance of each theme, were the segment to have one."""
        probabilities = np.zeros((len(self.segment_ids_), len(self.codes_)))
        if self.model_ is None:
            probabilities[:, self.classes_[0]] = 1.0
        else:
            probabilities[:, self.model_.classes_] = self.model_.predict_proba(self.features_)
        return probabilities

    def suggest(self, segments: Sequence[Segment] | None = None) -> list[Suggestion]:
        """At most one theme per segment: its most likely one, when the segment deserves a
        theme at all. ``segments`` must be those given to ``fit`` (the default).

        A second theme by keyword evidence was tried and left out: it helps the synthetic
        sample study (+0.03 κ) but costs the real coded data (mlss -0.01)."""
        if segments is not None and [s.id for s in segments] != self.segment_ids_:
            raise ValueError("suggest() scores the segments given to fit(); fit again.")
        probabilities = self.probabilities()
        best = probabilities.argmax(axis=1)
        return [self._suggestion(row, int(best[row]), probabilities[row, best[row]])
                for row in np.flatnonzero(self.relevant())]

    def relevant(self) -> np.ndarray:
        """(segments,) bool: does the segment deserve a theme at all?"""
        eligible = self.scores_.eligible.astype(bool)
        if self.relevance_model_ is not None:
            chance = self.relevance_model_.predict_proba(self.features_)[:, 1]
            return eligible & (chance >= 0.5)
        return eligible & (self.combined_.max(axis=1) >= self.gate_)

    def _fit_themes(self, rows: np.ndarray, labels: list[int]) -> LogisticRegression:
        with warnings.catch_warnings():
            # Before any decision there is one row per theme (its definition): expected,
            # not the regression problem scikit-learn warns about.
            warnings.filterwarnings("ignore", message="The number of unique classes",
                                    category=UserWarning)
            # Balanced: a researcher confirms frequent themes far more often than rare
            # ones, and unweighted the frequent ones swamp the rest (pdpilot k=20 mean κ
            # 0.436 unweighted, 0.509 balanced; serdif and mlss unchanged).
            return LogisticRegression(C=self.regularisation, max_iter=3000,
                                      class_weight="balanced").fit(rows, labels)

    def _fit_relevance(self, feedback: Feedback) -> LogisticRegression | None:
        """Confirmed segments against those judged to carry no theme, when there are
        enough of both; classes weighted so the larger does not swamp the other."""
        row_of = {segment_id: row for row, segment_id in enumerate(self.segment_ids_)}
        with_theme = sorted({row for found in self.examples_.values() for _, row in found})
        without = [row_of[s] for s in feedback.without_theme if s in row_of]
        if len(without) < self.min_negatives or not with_theme:
            return None
        rows = self.features_[with_theme + without]
        labels = [1] * len(with_theme) + [0] * len(without)
        return LogisticRegression(C=self.relevance_regularisation, max_iter=3000,
                                  class_weight="balanced").fit(rows, labels)

    def _features(self, segments: Sequence[Segment], vectors: np.ndarray) -> np.ndarray:
        own = _unit(vectors - self.center_)
        context = np.empty_like(own)
        position = np.zeros(len(segments))
        order = sorted(range(len(segments)), key=lambda i: (
            segments[i].transcript_id, segments[i].turn_index, segments[i].start_char))
        for meeting in _runs(order, segments):
            for place, index in enumerate(meeting):
                neighbours = [meeting[p] for p in (place - 1, place + 1) if 0 <= p < len(meeting)]
                context[index] = own[neighbours].mean(axis=0) if neighbours else own[index]
                position[index] = place / max(len(meeting) - 1, 1)
        length = np.log1p([len(segment.text.split()) for segment in segments]) / _LOG_WORDS
        return np.hstack([own, self.context_weight * _unit(context), position[:, None],
                          length[:, None]])

    def _prototype_features(self, vectors: np.ndarray) -> np.ndarray:
        own = _unit(vectors - self.center_)
        middle = np.full((len(own), 1), 0.5)
        typical_length = np.full((len(own), 1), np.log1p(30) / _LOG_WORDS)
        return np.hstack([own, self.context_weight * own, middle, typical_length])

    def _training_rows(self, codebook: Codebook, feedback: Feedback
                       ) -> tuple[np.ndarray, list[int], dict[int, list[tuple[str, int]]]]:
        """Feature rows and class labels; also, per code, the confirmed segments (text,
        row) that evidence can name."""
        deductive = self.deductive_
        rows = [self._prototype_features(deductive.prototypes_)]
        labels = [int(owner) for owner in deductive.prototype_owner_]
        position = {segment_id: row for row, segment_id in enumerate(self.segment_ids_)}
        examples: dict[int, list[tuple[str, int]]] = {}
        index_of = {name: index for index, name in enumerate(self.codes_)}
        taught = []
        for segment_id, codes in sorted(feedback.confirmed.items()):
            for code in sorted(codes):
                if segment_id in position and code in index_of:
                    taught.append(position[segment_id])
                    labels.append(index_of[code])
                    examples.setdefault(index_of[code], []).append(
                        (segment_id, position[segment_id]))
        rows.append(self.features_[taught])
        return np.vstack(rows), labels, examples

    def _gate(self) -> float:
        """The threshold, or lower when confirmed segments score below it."""
        rows = [row for found in self.examples_.values() for _, row in found]
        if not rows:
            return self.threshold
        return float(min(self.threshold, np.quantile(self.combined_[rows].max(axis=1),
                                                     self.gate_quantile)))

    def _suggestion(self, row: int, code_index: int, probability: float) -> Suggestion:
        scores: Scores = self.scores_
        code = self.codes_[code_index]
        words = scores.keywords[row].get(code, ())
        example, similarity, confirmed = self._nearest_example(row, code_index)
        source = Source.LEARNED if confirmed else (
            Source.KEYWORD_AND_MEANING if words else Source.MEANING)
        # Before a theme has confirmed segments its score is the codebook score the
        # threshold speaks of; after, the learned chance (the card says which).
        score = probability if confirmed else self.combined_[row, code_index]
        return Suggestion(segment_id=self.segment_ids_[row], code=code,
                          score=round(float(score), 4), source=source,
                          matched_words=words, nearest_example=example,
                          example_similarity=round(similarity, 4))

    def _nearest_example(self, row: int, code_index: int) -> tuple[str, float, bool]:
        """The closest confirmed segment of the code, else the closest codebook quote;
        and whether it is a confirmed segment."""
        confirmed = [(sid, r) for sid, r in self.examples_.get(code_index, []) if r != row]
        if confirmed:
            own = self.features_[:, :self.center_.shape[0]]
            similarities = [float(own[row] @ own[r]) for _, r in confirmed]
            best = int(np.argmax(similarities))
            return self.texts_[confirmed[best][1]], similarities[best], True
        example = int(self.scores_.nearest[row, code_index])
        if example < 0:
            return "", 0.0, False
        return (self.deductive_.prototype_texts_[example],
                float(self.scores_.nearest_similarity[row, code_index]), False)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _runs(order: list[int], segments: Sequence[Segment]) -> list[list[int]]:
    """``order`` cut into one list per transcript."""
    meetings: dict[str, list[int]] = {}
    for index in order:
        meetings.setdefault(segments[index].transcript_id, []).append(index)
    return list(meetings.values())
