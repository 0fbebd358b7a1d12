"""What is derived from a text alone, kept between runs: its sentence embedding (per
model) and the codebook keywords it holds (per keyword set). Both are keyed by the
text's digest (:func:`coding.model.content_hash`), so a text seen in any run, file or
meeting is never computed again.

Portable SQL only (SQLite and PostgreSQL): upserts by ``ON CONFLICT``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager

import numpy as np

from coding.store.engine import Connection

#: Rows per ``IN (…)`` list: well under SQLite's limit on bound parameters.
_CHUNK = 500


class TextCaches:
    """Mixin of :class:`coding.store.Project`: the embedding cache
    (:class:`coding.embed.EmbeddingCache`) and the keyword-hit cache
    (:class:`coding.suggest.keywords.KeywordCache`)."""

    db: Connection

    def transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {key: np.frombuffer(vector, dtype=np.float32) for key, vector in self._rows(
            "SELECT text_hash, vector FROM embeddings WHERE model=? AND text_hash IN",
            model, hashes)}

    def put_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT INTO embeddings VALUES (?,?,?) ON CONFLICT(model, "
                           "text_hash) DO UPDATE SET vector=excluded.vector", [
                (model, key, np.asarray(vector, dtype=np.float32).tobytes())
                for key, vector in vectors.items()])

    def get_keyword_hits(self, keywords: str, hashes: Sequence[str]
                         ) -> dict[str, dict[str, tuple[str, ...]]]:
        """Per text digest already matched against the keyword set ``keywords``: code
        name -> the words that matched, in order."""
        return {key: {code: tuple(words) for code, words in json.loads(hits).items()}
                for key, hits in self._rows(
                    "SELECT text_hash, hits FROM keyword_hits WHERE keywords=? AND "
                    "text_hash IN", keywords, hashes)}

    def put_keyword_hits(self, keywords: str,
                         hits: dict[str, dict[str, tuple[str, ...]]]) -> None:
        """Keep what the keyword set ``keywords`` found in each text; the rows of any
        other keyword set go (an edited codebook does not bring old keywords back)."""
        with self.transaction() as db:
            db.execute("DELETE FROM keyword_hits WHERE keywords<>?", (keywords,))
            db.executemany(
                "INSERT INTO keyword_hits VALUES (?,?,?) ON CONFLICT(keywords, text_hash) "
                "DO UPDATE SET hits=excluded.hits",
                [(keywords, key, json.dumps(found, sort_keys=True))
                 for key, found in hits.items()])

    def _rows(self, select: str, first: str, hashes: Sequence[str]) -> Iterator[tuple]:
        unique = sorted(set(hashes))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"{select} ({marks})", (first, *chunk))
