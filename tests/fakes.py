"""A stand-in for the sentence model, for the fast tier of the tests (see conftest.py)."""

from __future__ import annotations

import re
import zlib

import numpy as np

from coding.embed import Embedder, EmbeddingCache, Progress

DIMENSION = 384  # as all-MiniLM-L6-v2
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def bag_of_words(text: str, dimension: int = DIMENSION) -> np.ndarray:
    """Lower-cased word counts hashed into ``dimension`` slots, L2-normalised.

    Deterministic across processes (crc32, not Python's salted ``hash``). Texts that
    share words are close; meaning is not seen at all. A text without words is one
    word of its own, so that every vector has unit length as the real model's do."""
    words = _WORD.findall(text.lower()) or [text]
    vector = np.zeros(dimension, dtype=np.float32)
    for word in words:
        vector[zlib.crc32(word.encode("utf-8")) % dimension] += 1.0
    return vector / np.linalg.norm(vector)


class FakeEmbedder(Embedder):
    """:class:`~coding.embed.Embedder` with :func:`bag_of_words` for the model: the
    same ``encode`` (cache, progress) and ``model`` name in run records and cache keys,
    but no torch and no weights. Its own model name keeps its vectors apart from the
    real model's in any cache."""

    def __init__(self, model: str = "fake-bag-of-words", batch_size: int = 32,
                 cache: EmbeddingCache | None = None) -> None:
        super().__init__(model, batch_size=batch_size, cache=cache)

    @property
    def dimension(self) -> int:
        return DIMENSION

    def _compute(self, texts: list[str], progress: Progress | None) -> list[np.ndarray]:
        if not texts:
            return []
        if progress:
            progress(0, len(texts))
        rows = [bag_of_words(text) for text in texts]
        if progress:
            progress(len(texts), len(texts))
        return rows
