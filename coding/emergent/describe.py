"""How BERTopic describes groups of segments we made ourselves ("manual topic modelling"):
the group's own phrases (:func:`coding.phrases.phrase_candidates`: one to three words,
never a name, month, number or filler) ranked by c-TF-IDF, re-ranked by KeyBERTInspired
against our cached embeddings, then thinned by maximal marginal relevance so that the
terms do not repeat one another.

Kept apart from :mod:`coding.emergent.model` because importing BERTopic takes seconds;
only a theme fit imports this module.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from bertopic import BERTopic
from bertopic.backend import BaseEmbedder
from bertopic.cluster import BaseCluster
from bertopic.dimensionality import BaseDimensionalityReduction
from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
from bertopic.vectorizers import ClassTfidfTransformer
from sklearn.feature_extraction.text import CountVectorizer

from coding.embed import Embedder
from coding.phrases import phrase_analyzer

#: How far maximal marginal relevance trades relevance for variety among the terms.
TERM_DIVERSITY = 0.3


class _WordVectors(BaseEmbedder):
    """BERTopic's view of our Embedder: word vectors for KeyBERTInspired, cached."""

    def __init__(self, embedder: Embedder) -> None:
        super().__init__()
        self.embedder = embedder

    def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
        return self.embedder.encode(list(documents))


class _KeyBERTRealWords(KeyBERTInspired):
    """KeyBERTInspired without the blank candidates BERTopic pads a small theme's word
    list with; a blank string's vector can outrank every real word."""

    def _extract_candidate_words(self, topic_model, c_tf_idf, topics):  # noqa: ANN001
        found = super()._extract_candidate_words(topic_model, c_tf_idf, topics)
        return {label: tuple(word for word in words if word) for label, words in found.items()}


class _FewWordsMMR(MaximalMarginalRelevance):
    """Maximal marginal relevance that leaves a theme with no more candidate words than
    it is to pick as it is: BERTopic's fails on such a theme (argmax of nothing)."""

    def extract_topics(self, topic_model, documents, c_tf_idf, topics):  # noqa: ANN001
        few = {topic: words for topic, words in topics.items()
               if len(words) <= self.top_n_words}
        rest = {topic: words for topic, words in topics.items() if topic not in few}
        picked = super().extract_topics(topic_model, documents, c_tf_idf, rest) if rest else {}
        return {topic: few[topic] if topic in few else picked[topic] for topic in topics}


def describe_groups(texts: list[str], embeddings: np.ndarray, labels: np.ndarray,
                    embedder: Embedder, top_terms: int, random_state: int,
                    names: Sequence[str] = ()) -> BERTopic:
    """A BERTopic model fitted on our own groups (``labels``) of ``texts``; ``names``
    (participants, speaker labels, pseudonyms) never appear in its terms. BERTopic joins
    a group's texts with spaces and, given our embedding model, keeps their punctuation,
    so a phrase stops at the end of a sentence (:func:`coding.phrases.phrase_candidates`)."""
    topic_model = BERTopic(
        embedding_model=_WordVectors(embedder),
        umap_model=BaseDimensionalityReduction(), hdbscan_model=BaseCluster(),
        vectorizer_model=CountVectorizer(analyzer=phrase_analyzer(names),
                                         min_df=1 if len(texts) < 200 else 2),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=[
            _KeyBERTRealWords(top_n_words=2 * top_terms, random_state=random_state),
            _FewWordsMMR(diversity=TERM_DIVERSITY, top_n_words=top_terms)],
        top_n_words=2 * top_terms, calculate_probabilities=False)
    topic_model.fit(texts, embeddings=embeddings, y=labels)
    return topic_model
