"""Emergent themes: BERTopic over the project's cached sentence embeddings.

How segments are grouped was chosen on real coded interviews
(``coding eval themes``, benchmarks/results/themes_quality.md):

1. each segment's vector is blended with its neighbours in the same meeting, because a
   turn ("Yes, exactly that.") means what its context means;
2. it is joined with a TF-IDF view of its own words (latent semantic analysis), because
   the words people use for a theme are evidence the sentence model blurs;
3. PCA reduces the result and k-means cuts it into themes. BERTopic's default, UMAP +
   HDBSCAN, left half of the segments as outliers at focus-group scale and scored
   lower on the coded data; UMAP also costs 35–40 s of numba compilation in a fresh
   process, which PCA and k-means do not.

BERTopic then describes each group ("manual topic modelling": our labels in), with
c-TF-IDF candidate words re-ranked by KeyBERTInspired against the segments' cached
embeddings. Nothing is downloaded: word vectors come from the project's own
:class:`~coding.embed.Embedder` (and its cache).
"""

from __future__ import annotations

import importlib
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from coding.embed import Embedder
from coding.errors import CodingError
from coding.phrases import phrase_label
from coding.talk import stop_words

if TYPE_CHECKING:
    from bertopic import BERTopic


@dataclass(frozen=True)
class FoundTheme:
    """One group of segments as the model sees it (indices into the fitted texts)."""

    number: int
    label: str
    terms: tuple[str, ...]
    quotes: tuple[int, ...]  # the segments nearest the theme's centre, closest first
    size: int


STOP_WORDS = stop_words()


def auto_theme_count(segments: int) -> int:
    """A quarter of the square root of the number of segments, 2 to 30: 3 themes for 150
    segments, 8 for 1,000, 14 for 3,000, 30 from 14,400 on. Chosen by leave-one-dataset-
    out on the three coded sets (benchmarks/themes_settings.md): every fold chose 0.75x
    the earlier third of the square root."""
    return int(min(30, max(2, round(math.sqrt(segments) / 4))))


class ThemeModel:
    """Finds emergent themes in segments. scikit-learn manners: parameters here,
    :meth:`fit` learns, learned attributes end in ``_``.

    ``n_themes`` None chooses :func:`auto_theme_count`; at most one theme per
    ``min_theme_size`` segments is made. ``context`` is how many neighbouring segments
    of the same meeting on each side colour a segment's vector, with weight
    ``context_weight / distance``; ``word_weight`` weighs the TF-IDF view against the
    sentence vectors; ``dimensions`` is what PCA keeps. ``names`` (participants' names,
    speaker labels, pseudonyms: see :func:`coding.talk.name_words`) never stand in a
    label; they are not part of :meth:`get_params`, which goes into the run record.
    """

    # context 4, context_weight 1, dimensions 20: each the choice of two or three of the
    # three leave-one-dataset-out folds (benchmarks/themes_settings.md); word_weight 1
    # was already theirs. Interview answers are coded by their question, a few turns up.
    def __init__(self, n_themes: int | None = None, min_theme_size: int = 10,
                 context: int = 4, context_weight: float = 1.0, word_weight: float = 1.0,
                 dimensions: int = 20, top_terms: int = 10, quotes: int = 5,
                 embedder: Embedder | None = None, random_state: int = 0,
                 names: Sequence[str] = ()) -> None:
        self.n_themes = n_themes
        self.min_theme_size = min_theme_size
        self.context = context
        self.context_weight = context_weight
        self.word_weight = word_weight
        self.dimensions = dimensions
        self.top_terms = top_terms
        self.quotes = quotes
        self.embedder = embedder
        self.random_state = random_state
        self.names = names

    def get_params(self) -> dict[str, object]:
        """The settings, for the run record (the embedder is named by its model)."""
        params = {name: getattr(self, name) for name in (
            "n_themes", "min_theme_size", "context", "context_weight", "word_weight",
            "dimensions", "top_terms", "quotes", "random_state")}
        params["model"] = (self.embedder or Embedder()).key
        return params

    def fit(self, texts: Sequence[str], embeddings: np.ndarray,
            groups: Sequence[str] | None = None,
            progress: Callable[[str], None] | None = None) -> ThemeModel:
        """Learn themes from ``texts`` and their (cached, unit-length) ``embeddings``.

        ``groups`` names the meeting of each text; texts of one meeting must be
        consecutive and in spoken order (that is what "neighbour" means). ``progress``
        hears each step as it starts: "reduce", "cluster", "label".
        """
        step = progress or (lambda name: None)
        texts = list(texts)
        embeddings = np.asarray(embeddings, dtype=np.float32)
        self._check(texts, embeddings, groups)
        self.n_themes_ = self._theme_count(len(texts))
        step("reduce")
        self.features_ = self._features(texts, embeddings, groups)
        step("cluster")
        groups_found = KMeans(self.n_themes_, random_state=self.random_state,
                              n_init=4).fit_predict(self.features_)
        step("label")
        self.topic_model_ = self._describe(texts, embeddings, groups_found)
        # BERTopic numbers themes by size, largest first; keep its numbers.
        self.labels_ = np.asarray(self.topic_model_.topics_, dtype=np.int64)
        self.centroids_ = self._centroids(embeddings, self.labels_)
        self.coordinates_ = PCA(2, random_state=self.random_state).fit_transform(
            self.features_).astype(np.float32)
        self.themes_ = self._themes(embeddings)
        return self

    # -- steps ----------------------------------------------------------------------------

    def _check(self, texts: list[str], embeddings: np.ndarray,
               groups: Sequence[str] | None) -> None:
        if len(texts) != len(embeddings) or (groups is not None and len(groups) != len(texts)):
            raise CodingError(f"{len(texts)} texts but {len(embeddings)} embeddings"
                              f"{'' if groups is None else f' and {len(groups)} groups'}.",
                              fix="pass one embedding (and one meeting) per text.")
        if len(texts) < max(2 * self.min_theme_size, 4):
            raise CodingError(
                f"{len(texts)} segments are too few to find themes in.",
                fix=f"choose at least {max(2 * self.min_theme_size, 4)} segments, or a "
                    "smaller minimum theme size.")

    def _theme_count(self, segments: int) -> int:
        wanted = self.n_themes or auto_theme_count(segments)
        return int(max(2, min(wanted, segments // max(1, self.min_theme_size))))

    def _features(self, texts: list[str], embeddings: np.ndarray,
                  groups: Sequence[str] | None) -> np.ndarray:
        blended = with_context(embeddings, groups, self.context, self.context_weight)
        parts = [blended]
        if self.word_weight > 0:
            parts.append(self.word_weight * _word_view(texts, self.random_state))
        joined = normalize(np.hstack(parts))
        keep = min(self.dimensions, joined.shape[1], len(texts) - 1)
        return PCA(keep, random_state=self.random_state).fit_transform(joined)

    def _describe(self, texts: list[str], embeddings: np.ndarray,
                  labels: np.ndarray) -> BERTopic:
        # BERTopic (and sentence-transformers behind it) takes seconds to import: only a
        # theme fit pays for it, not every import of the library.
        from coding.emergent.describe import describe_groups

        return describe_groups(texts, embeddings, labels, self.embedder or Embedder(),
                               top_terms=self.top_terms, random_state=self.random_state,
                               names=self.names)

    @staticmethod
    def _centroids(embeddings: np.ndarray, labels: np.ndarray) -> np.ndarray:
        count = int(labels.max()) + 1
        centres = np.vstack([embeddings[labels == number].mean(axis=0)
                             for number in range(count)])
        return normalize(centres).astype(np.float32)

    def _themes(self, embeddings: np.ndarray) -> list[FoundTheme]:
        themes = []
        for number in range(len(self.centroids_)):
            members = np.flatnonzero(self.labels_ == number)
            closeness = embeddings[members] @ self.centroids_[number]
            nearest = distinct_nearest(embeddings, members[np.argsort(-closeness,
                                                                      kind="stable")],
                                       self.quotes)
            terms = tuple(word for word, _ in self.topic_model_.get_topic(number) if word)
            themes.append(FoundTheme(number=number, label=phrase_label(terms) or "(no words)",
                                     terms=terms, quotes=tuple(int(i) for i in nearest),
                                     size=len(members)))
        return themes


#: Two quotes whose vectors are this close say the same thing (a repeated joke, a
#: segment written twice); a theme shows only the first.
SAME_QUOTE = 0.97


def distinct_nearest(embeddings: np.ndarray, ranked: np.ndarray, count: int) -> list[int]:
    """The first ``count`` of ``ranked`` (indices, best first) that repeat no earlier one."""
    chosen: list[int] = []
    for index in ranked:
        if all(float(embeddings[index] @ embeddings[other]) < SAME_QUOTE for other in chosen):
            chosen.append(int(index))
            if len(chosen) == count:
                break
    return chosen


def warm_up() -> threading.Thread:
    """Import what describing themes needs (BERTopic, and with it torch and numba: many
    seconds in a fresh process) on a background thread, so that a front end can start it
    when a project opens and "Find themes" does not wait for it. Returns the thread."""
    thread = threading.Thread(target=importlib.import_module,
                              args=("coding.emergent.describe",), daemon=True,
                              name="themes-warm-up")
    thread.start()
    return thread



def with_context(embeddings: np.ndarray, groups: Sequence[str] | None, window: int,
                 weight: float) -> np.ndarray:
    """Each vector plus its neighbours of the same group, weighted ``weight / distance``."""
    total = embeddings.astype(np.float64).copy()
    mass = np.ones(len(embeddings))
    names = np.asarray(groups if groups is not None else [""] * len(embeddings), dtype=object)
    positions = np.arange(len(embeddings))
    for distance in range(1, window + 1):
        for shift in (distance, -distance):
            other = positions + shift
            inside = (other >= 0) & (other < len(embeddings))
            same = np.zeros(len(embeddings), dtype=bool)
            same[inside] = names[other[inside]] == names[inside]
            total[same] += weight / distance * embeddings[other[same]]
            mass[same] += weight / distance
    return normalize(total / mass[:, None]).astype(np.float32)


def _word_view(texts: list[str], random_state: int, dimensions: int = 100) -> np.ndarray:
    """Latent semantic analysis of the texts' TF-IDF: unit vectors of ``dimensions``."""
    tfidf = TfidfVectorizer(stop_words=STOP_WORDS, sublinear_tf=True,
                            min_df=2 if len(texts) >= 50 else 1).fit_transform(texts)
    keep = min(dimensions, tfidf.shape[1] - 1, len(texts) - 1)
    if keep < 1:
        return np.zeros((len(texts), 1), dtype=np.float32)
    reduced = TruncatedSVD(keep, random_state=random_state).fit_transform(tfidf)
    return normalize(reduced).astype(np.float32)
