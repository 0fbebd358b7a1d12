"""Suggestions that learn from the researcher's decisions without ever forgetting the
codebook.

Every theme is judged on its own, so a segment gets every theme whose evidence clears
that theme's bar, ranked, each with its own score:

- **The codebook layer** (always there, the only one before any decision, and the one
  a blind coder sees): the codebook score of :mod:`coding.suggest.deductive` (meaning +
  keywords) clears the ``threshold`` and lies within ``margin`` of the segment's best
  theme, on a segment long enough to code that is not small talk
  (:func:`coding.talk.small_talk_reason`).
- **The learned layer**, per theme, once the researcher has decided enough segments for
  it (``min_positives`` confirmed, ``min_negatives`` not): a class-balanced logistic
  regression over the segment's features (its sentence embedding, its neighbours', its
  place in the meeting, its length), trained on the codebook's definitions and example
  quotes *and* the confirmed segments, so the codebook stays a prior the decisions
  adjust. Before it replaces the codebook layer for that theme it is checked on the
  researcher's own decided segments, held out (k-fold cross-validation): it is used
  only where its F1 and its precision are at least the codebook layer's on the same
  segments. A theme added or promoted later starts from its definition and examples,
  as every theme did.

A segment decided as carrying no theme (every suggestion rejected, or "no theme here")
teaches every theme that it does not apply there, and, once there are ``min_negatives``
of them, a model of whether a segment carries any theme at all (:meth:`relevance`),
which orders the Review queue and its "likely missed" list.

Every suggestion carries one calibrated ``confidence``: the chance that the researcher
confirms a suggestion like it (same layer; for the codebook layer, similar score and
whether a keyword occurs), from their decisions; None before there are enough. Once
known, a suggestion is shown only when it reaches ``min_confidence``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from coding.config import Settings
from coding.embed import Embedder
from coding.model import Codebook, Feedback, Segment, Source, Suggestion
from coding.suggest import Progress
from coding.suggest.checks import ThemeCheck, counts, decided_labels, f1, pooled_f1
from coding.suggest.deductive import DeductiveSuggester, Scores
from coding.suggest.features import prototype_features, segment_features, unit
from coding.suggest.keywords import KeywordCache
from coding.suggest.models import calibrated, logistic
from coding.talk import name_words, small_talk_reason

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

#: Cross-validation folds of the per-theme check (fewer when a theme has fewer examples).
FOLDS = 3
#: Bars the learned layer may choose from, on its held-out chances.
BARS = np.round(np.arange(0.05, 0.81, 0.025), 3)
#: The learned layer speaks on segments whose best codebook score reaches what this
#: share of confirmed segments score (the lowest tenth are let go).
GATE_QUANTILE = 0.1
#: A theme beside the likeliest one must have at least this share of its chance.
RELATIVE = 0.8


class LearnedSuggester:
    """Suggests every theme that applies, from the codebook and from coders' decisions."""

    def __init__(self, embedder: Embedder, threshold: float = Settings.threshold,
                 keyword_weight: float = Settings.keyword_weight,
                 min_words: int = Settings.min_words,
                 context_weight: float = Settings.context_weight,
                 regularisation: float = Settings.regularisation,
                 margin: float = Settings.margin,
                 min_positives: int = Settings.min_positives,
                 min_negatives: int = Settings.min_negatives,
                 min_confidence: float = Settings.min_confidence,
                 random_state: int = Settings.seed,
                 keyword_cache: KeywordCache | None = None) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.keyword_weight = keyword_weight
        self.min_words = min_words
        self.context_weight = context_weight
        self.regularisation = regularisation
        self.margin = margin
        self.min_positives = min_positives
        self.min_negatives = min_negatives
        self.min_confidence = min_confidence
        self.random_state = random_state
        self.keyword_cache = keyword_cache

    def fit(self, codebook: Codebook, segments: Sequence[Segment],
            feedback: Feedback | None = None,
            progress: Progress | None = None) -> LearnedSuggester:
        """Learn from the codebook and ``feedback`` about (some of) ``segments``, which
        are also the segments ``suggest`` will score (they give the context)."""
        feedback = feedback or Feedback()
        self.codes_ = codebook.names
        self.deductive_ = DeductiveSuggester(
            self.embedder, self.threshold, self.keyword_weight, self.min_words,
            self.keyword_cache).fit(codebook)
        self.scores_: Scores = self.deductive_.scores(segments, progress)
        self.combined_ = self.scores_.combined(self.codes_, self.keyword_weight)
        vectors = self.embedder.encode([segment.text for segment in segments])
        self.segment_ids_ = [segment.id for segment in segments]
        self.texts_ = [segment.text for segment in segments]
        self.features_ = segment_features(segments, vectors, self.context_weight)
        names = name_words({segment.speaker for segment in segments})
        self.small_talk_ = np.array([small_talk_reason(t, names) is not None
                                     for t in self.texts_])
        self.codebook_layer_ = self._codebook_layer()
        self.labels_, self.decided_ = decided_labels(feedback, self.segment_ids_, self.codes_)
        self.prototype_rows_ = prototype_features(
            self.deductive_.prototypes_, vectors, self.context_weight)
        self.prototype_labels_ = [int(o) for o in self.deductive_.prototype_owner_]
        self.own_ = None
        self.relevant_ = self._relevant()
        self.relevance_model_ = self._fit_relevance(feedback)
        self._learn()
        self.learned_ = np.zeros(self.combined_.shape, dtype=bool)
        self.checks_ = self._apply_where_better(
            [self._check_theme(column) for column in range(len(self.codes_))])
        self.keyword_hits_ = self.scores_.keyword_hits(self.codes_)
        self.confidence_ = self._confidence()
        return self

    # -- what is suggested ------------------------------------------------------------------

    def suggested(self) -> np.ndarray:
        """(segments, codes) bool: every theme suggested on every segment: the layer in
        use for the theme says it applies and, once the researcher's decisions calibrate
        it, about ``min_confidence`` or more of suggestions like it were confirmed."""
        applied = np.array([check.applied for check in self.checks_], dtype=bool)
        layer = np.where(applied[None, :], self.learned_, self.codebook_layer_)
        confident = np.isnan(self.confidence_) | (self.confidence_ >= self.min_confidence)
        if self.relevance_model_ is not None:
            # Once the researcher has judged turns empty, a turn must look more like the
            # confirmed ones than like those to get a learned theme. A theme still on its
            # codebook evidence (too few decisions, or added later) is not judged by a
            # model of other themes' turns: it would never be suggested at all.
            layer[:, applied] &= (self.relevance() >= 0.5)[:, None]
        return layer & confident

    def suggest(self, segments: Sequence[Segment] | None = None) -> list[Suggestion]:
        """Every theme whose evidence clears its bar, per segment strongest first.
        ``segments`` must be those given to ``fit`` (the default)."""
        if segments is not None and [s.id for s in segments] != self.segment_ids_:
            raise ValueError("suggest() scores the segments given to fit(); fit again.")
        rows, columns = np.nonzero(self.suggested())
        found = [self._suggestion(int(r), int(c)) for r, c in zip(rows, columns)]
        return sorted(found, key=lambda s: (s.segment_id, -s.score, s.code))

    def codebook_suggestions(self) -> list[Suggestion]:
        """The codebook layer alone: what a coder sees before (or without) learning."""
        rows, columns = np.nonzero(self.codebook_layer_)
        return sorted((self._suggestion(int(r), int(c), learned=False)
                       for r, c in zip(rows, columns)),
                      key=lambda s: (s.segment_id, -s.score, s.code))

    def relevance(self) -> np.ndarray:
        """(segments,) the chance that a segment carries some theme, as the suggester
        sees it: once the researcher has judged enough segments to carry none, a model of
        those against the confirmed ones; before, the strongest of its themes' chances
        (learned or calibrated codebook)."""
        if self.relevance_model_ is not None:
            chance = self.relevance_model_.predict_proba(self._relevance_rows())[:, 1]
            return chance * self.scores_.eligible
        chances = np.where(np.isnan(self.confidence_), np.clip(self.combined_, 0, 1),
                           self.confidence_)
        return chances.max(axis=1) * self.scores_.eligible

    # -- the codebook layer ------------------------------------------------------------------

    def _codebook_layer(self) -> np.ndarray:
        best = self.combined_.max(axis=1, keepdims=True)
        keep = (self.combined_ >= self.threshold) & (self.combined_ >= best - self.margin)
        return keep & (self.scores_.eligible[:, None] > 0) & ~self.small_talk_[:, None]

    def _relevant(self) -> np.ndarray:
        """(segments,) may the learned layer suggest here at all: long enough, not small
        talk, and a codebook score of its best theme at least as high as nine in ten
        confirmed segments have (never above the threshold)."""
        confirmed = (self.labels_ & self.decided_).any(axis=1)
        best = self.combined_.max(axis=1)
        gate = self.threshold
        if confirmed.any():
            gate = min(gate, float(np.quantile(best[confirmed], GATE_QUANTILE)))
        return (self.scores_.eligible > 0) & ~self.small_talk_ & (best >= gate)

    def _relevance_rows(self) -> np.ndarray:
        """A segment's features and its best codebook score: what a turn is about, where
        it sits, how long it is, and how close it comes to any theme."""
        return np.hstack([self.features_, self.combined_.max(axis=1, keepdims=True)])

    def _fit_relevance(self, feedback: Feedback) -> LogisticRegression | None:
        """Confirmed segments against those judged to carry no theme, class-balanced,
        once there are ``min_positives`` and ``min_negatives`` of them."""
        with_theme = np.flatnonzero((self.labels_ & self.decided_).any(axis=1))
        row_of = {segment_id: row for row, segment_id in enumerate(self.segment_ids_)}
        without = [row_of[s] for s in feedback.without_theme if s in row_of]
        if len(with_theme) < self.min_positives or len(without) < self.min_negatives:
            return None
        rows = self._relevance_rows()[[*with_theme, *without]]
        labels = [1] * len(with_theme) + [0] * len(without)
        return logistic(C=self.regularisation, max_iter=3000,
                        class_weight="balanced").fit(rows, labels)

    # -- the learned layer, theme by theme ----------------------------------------------------

    def _learn(self) -> None:
        """The chance of each theme on every segment, from a model of the codebook's
        definitions and examples and the confirmed segments; and, for the decided
        segments, the same from models that did not see them (the check)."""
        self.chances_ = np.zeros(self.combined_.shape)
        self.held_out_ = np.zeros(self.combined_.shape)
        if not self._learnable().any():
            return  # no theme has the decisions its check needs, so none is learned
        decided = np.flatnonzero(self.decided_.any(axis=1))
        self.chances_ = self._theme_chances(np.zeros(len(self.segment_ids_), dtype=bool))
        if len(decided) < FOLDS:
            return
        folds = np.random.default_rng(self.random_state).permutation(len(decided)) % FOLDS
        for fold in range(FOLDS):
            hidden = np.zeros(len(self.segment_ids_), dtype=bool)
            hidden[decided[folds == fold]] = True
            self.held_out_[hidden] = self._theme_chances(hidden)[hidden]

    def _learnable(self) -> np.ndarray:
        """(codes,) has the researcher decided enough segments for and against the
        theme (``min_positives``, ``min_negatives``) for its learned layer to be checked."""
        decided = self.labels_ & self.decided_
        positives, negatives = decided.sum(axis=0), (~self.labels_ & self.decided_).sum(axis=0)
        return (positives >= self.min_positives) & (negatives >= self.min_negatives)

    def _theme_chances(self, hidden: np.ndarray) -> np.ndarray:
        """(segments, codes) a class-balanced logistic regression over the prototypes
        and the confirmed segments not ``hidden``: one row per (segment, confirmed code)."""
        rows, labels = [self.prototype_rows_], list(self.prototype_labels_)
        confirmed = np.argwhere(self.labels_ & self.decided_ & ~hidden[:, None])
        rows.append(self.features_[confirmed[:, 0]])
        labels.extend(int(c) for c in confirmed[:, 1])
        chances = np.zeros(self.combined_.shape)
        classes = sorted(set(labels))
        if len(classes) < 2:
            chances[:, classes[0]] = 1.0
            return chances
        with warnings.catch_warnings():
            # Before any decision there is one row per theme (its definition): expected.
            warnings.filterwarnings("ignore", message="The number of unique classes",
                                    category=UserWarning)
            # Balanced: a researcher confirms frequent themes far more often than rare
            # ones, and unweighted the frequent ones swamp the rest.
            model = logistic(C=self.regularisation, max_iter=3000,
                             class_weight="balanced").fit(np.vstack(rows), labels)
        chances[:, model.classes_] = model.predict_proba(self.features_)
        return chances

    def _near_top(self, chances: np.ndarray) -> np.ndarray:
        """Themes whose chance is at least ``RELATIVE`` of the segment's likeliest: a
        second theme must be nearly as likely as the first."""
        return chances >= RELATIVE * chances.max(axis=1, keepdims=True)

    def _learned_choice(self, chances: np.ndarray, column: int, bar: float) -> np.ndarray:
        """(segments,) where the learned layer suggests this theme: the segment's
        likeliest theme, or one nearly as likely (``RELATIVE``) whose chance reaches
        ``bar``, on segments it may speak on."""
        top = chances.argmax(axis=1) == column
        near = self._near_top(chances)[:, column] & (chances[:, column] >= bar)
        return (top | near) & self.relevant_

    def _check_theme(self, column: int) -> ThemeCheck:
        """How the learned chance for this theme (its likeliest theme on a segment, or
        nearly as likely and above a bar chosen on held-out decided segments) does on
        the decided segments, held out, beside the codebook layer."""
        code = self.codes_[column]
        decided = self.decided_[:, column]
        labels = self.labels_[decided, column]
        positives, negatives = int(labels.sum()), int((~labels).sum())
        codebook = self.codebook_layer_[decided, column]
        codebook_f1 = round(f1(labels, codebook), 3)
        if not self._learnable()[column]:
            return ThemeCheck(code, positives, negatives, codebook_f1, None, None, False)
        bar = float(max(BARS, key=lambda b: (
            f1(labels, self._learned_choice(self.held_out_, column, b)[decided]), b)))
        chosen = self._learned_choice(self.held_out_, column, bar)[decided]
        return ThemeCheck(code, positives, negatives, codebook_f1,
                          round(f1(labels, chosen), 3), bar, False,
                          counts(labels, chosen), counts(labels, codebook))

    def _apply_where_better(self, checks: list[ThemeCheck]) -> list[ThemeCheck]:
        """Use the learned layer for the themes it can learn when, over all of them, it
        does at least as well (F1, held out) as the codebook layer on the researcher's
        decided segments; a theme it never gets right where the codebook does keeps
        the codebook layer. Pooled, because one theme's ten decisions are too few to
        judge it alone (per theme, chance alone kept good learning from pdpilot: mean
        κ at k=10 0.546 against 0.579)."""
        learnable = [check for check in checks if check.learned_f1 is not None]
        learned = pooled_f1([check.learned_counts for check in learnable])
        codebook = pooled_f1([check.codebook_counts for check in learnable])
        if not learnable or learned < codebook:
            return checks
        applied = []
        for column, check in enumerate(checks):
            use = (check.learned_f1 is not None and
                   not (check.learned_counts[0] == 0 < check.codebook_counts[0]))
            if use:
                self.learned_[:, column] = self._learned_choice(self.chances_, column,
                                                                check.bar)
            applied.append(replace(check, applied=use))
        return applied

    # -- one confidence scale -----------------------------------------------------------------

    def _confidence(self) -> np.ndarray:
        """(segments, codes) the calibrated chance that each theme's suggestion would be
        confirmed, from the layer in use for the theme; NaN until enough decided
        suggestions of that layer calibrate it."""
        applied = np.array([check.applied for check in self.checks_], dtype=bool)
        self.codebook_confidence_ = calibrated(
            self._calibration_rows(self.codebook_layer_, False), self._codebook_evidence())
        shown_held_out = np.zeros(self.combined_.shape, dtype=bool)
        for column, check in enumerate(self.checks_):
            if check.applied:
                shown_held_out[:, column] = self._learned_choice(self.held_out_, column,
                                                                 check.bar)
        learned = calibrated(self._calibration_rows(shown_held_out, True),
                             self.chances_[..., None])
        return np.where(applied[None, :], learned, self.codebook_confidence_)

    def _codebook_evidence(self) -> np.ndarray:
        """(segments, codes, 2): the codebook score and whether a keyword occurs: a
        suggestion by meaning alone is confirmed far less often than one with a keyword."""
        return np.stack([self.combined_, self.keyword_hits_], axis=-1)

    def _calibration_rows(self, shown: np.ndarray, learned: bool) -> tuple[np.ndarray, np.ndarray]:
        """(evidence rows, outcomes) of the decided suggestions a layer made (held out,
        for the learned layer: chances from models that did not see the decision)."""
        mask = shown & self.decided_
        evidence = self.held_out_[..., None] if learned else self._codebook_evidence()
        return evidence[mask], self.labels_[mask]

    # -- one suggestion and its evidence ------------------------------------------------------

    def _suggestion(self, row: int, column: int, learned: bool | None = None) -> Suggestion:
        code = self.codes_[column]
        learned = self.checks_[column].applied if learned is None else learned
        score = float(self.chances_[row, column] if learned else self.combined_[row, column])
        confidence = (self.confidence_ if learned else self.codebook_confidence_)[row, column]
        words = self.scores_.keywords[row].get(code, ())
        example, similarity, confirmed = self._nearest_example(row, column, learned)
        source = Source.LEARNED if learned else (
            Source.KEYWORD_AND_MEANING if words else Source.MEANING)
        return Suggestion(segment_id=self.segment_ids_[row], code=code,
                          score=round(score, 4), source=source, matched_words=words,
                          nearest_example=example, example_similarity=round(similarity, 4),
                          confidence=None if np.isnan(confidence) else
                          round(float(confidence), 3))

    def _nearest_example(self, row: int, column: int,
                         learned: bool) -> tuple[str, float, bool]:
        """The closest confirmed segment of the theme (for the learned layer), else the
        closest codebook quote; and whether it is a confirmed segment."""
        confirmed = np.flatnonzero(self.decided_[:, column] & self.labels_[:, column])
        confirmed = confirmed[confirmed != row]
        if learned and len(confirmed):
            own = self._own_vectors()
            similarities = own[confirmed] @ own[row]
            best = int(np.argmax(similarities))
            return self.texts_[confirmed[best]], float(similarities[best]), True
        example = int(self.scores_.nearest[row, column])
        if example < 0:
            return "", 0.0, False
        return (self.deductive_.prototype_texts_[example],
                float(self.scores_.nearest_similarity[row, column]), False)

    def _own_vectors(self) -> np.ndarray:
        """Each segment's own (unit) vector, computed once: evidence asks per suggestion."""
        if getattr(self, "own_", None) is None:
            self.own_ = unit(self.features_[:, :self.embedder_dimension])
        return self.own_

    @property
    def embedder_dimension(self) -> int:
        return int(self.deductive_.prototypes_.shape[1])
