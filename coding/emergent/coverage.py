"""Is an emergent theme already in the codebook? "Covered" by a named code, or "new".

A theme is compared through its member segments, not only its centre: a code stands
for its prototypes — its name with definition and inclusion criteria, each example
quote, and every segment a coder confirmed for it. Each member segment finds its
nearest prototype of each code; a theme's similarity to a code is the mean of those
best cosines over its members. The theme is covered by the most similar code when that
similarity reaches the threshold, and the nearest code is always shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from coding.embed import Embedder
from coding.model import Code, Codebook

#: Chosen on the coded interviews (benchmarks/themes_quality.py): with a theme's own
#: code in the codebook it must read "covered" by that code; with it left out, "new".
#: Best balanced accuracy from the codebook alone (description and examples): 0.42.
COVERAGE_THRESHOLD = 0.42
#: The same once coders have confirmed segments for a code (measured with every other
#: document coded): segments resemble segments more than a definition, so the bar is
#: higher — best 0.54–0.58 (balanced accuracy 0.64; 0.39 at 0.42).
CONFIRMED_COVERAGE_THRESHOLD = 0.54


@dataclass(frozen=True)
class Coverage:
    """How one theme relates to the codebook."""

    code: str  # the covering code; "" when the theme is new
    similarity: float  # to the nearest code
    nearest: str  # the nearest code, even when it is not near enough

    @property
    def is_new(self) -> bool:
        return not self.code


def code_prototypes(code: Code, confirmed: Sequence[str] = ()) -> list[str]:
    """The texts that stand for a code: its description, each example quote and each
    segment confirmed for it."""
    description = " ".join(part for part in (code.name + ".", code.definition,
                                             code.inclusion) if part)
    return [description, *code.examples, *confirmed]


def code_similarity(members: Sequence[np.ndarray], codebook: Codebook, embedder: Embedder,
                    confirmed: Mapping[str, Sequence[str]] | None = None) -> np.ndarray:
    """(themes, codes): for each theme (the unit vectors of its member segments, one
    array per theme) the mean over members of the best cosine to the code's prototypes.
    ``confirmed`` gives the texts coders confirmed for each code by name."""
    confirmed = confirmed or {}
    texts, owners = [], []
    for index, code in enumerate(codebook.codes):
        for text in code_prototypes(code, confirmed.get(code.name, ())):
            texts.append(text)
            owners.append(index)
    if not texts:
        return np.zeros((len(members), 0), dtype=np.float32)
    prototypes = embedder.encode(texts)
    owner = np.array(owners)
    rows = []
    for vectors in members:
        similarity = np.asarray(vectors) @ prototypes.T
        rows.append([similarity[:, owner == index].max(axis=1).mean()
                     for index in range(len(codebook.codes))])
    return np.asarray(rows, dtype=np.float32)


def judge_coverage(similarity: np.ndarray, names: Sequence[str],
                   threshold: float | Sequence[float] = COVERAGE_THRESHOLD) -> list[Coverage]:
    """Covered by the most similar code when it reaches ``threshold`` (one for all
    codes, or one per code), else new."""
    bars = np.broadcast_to(np.asarray(threshold, dtype=float), (len(names),))
    verdicts = []
    for row in np.asarray(similarity):
        if len(names) == 0:
            verdicts.append(Coverage(code="", similarity=0.0, nearest=""))
            continue
        best = int(np.argmax(row))
        score = round(float(row[best]), 4)
        verdicts.append(Coverage(code=names[best] if score >= bars[best] else "",
                                 similarity=score, nearest=names[best]))
    return verdicts


def thresholds(codebook: Codebook, confirmed: Mapping[str, Sequence[str]] | None,
               threshold: float = COVERAGE_THRESHOLD) -> list[float]:
    """Each code's bar: ``threshold`` from the codebook alone, the higher
    :data:`CONFIRMED_COVERAGE_THRESHOLD` once segments are confirmed for it."""
    confirmed = confirmed or {}
    return [max(threshold, CONFIRMED_COVERAGE_THRESHOLD) if confirmed.get(code.name)
            else threshold for code in codebook.codes]


def coverage(members: Sequence[np.ndarray], codebook: Codebook, embedder: Embedder,
             threshold: float = COVERAGE_THRESHOLD,
             confirmed: Mapping[str, Sequence[str]] | None = None) -> list[Coverage]:
    """Each theme (the vectors of its member segments) against the codebook."""
    return judge_coverage(code_similarity(members, codebook, embedder, confirmed),
                          codebook.names, thresholds(codebook, confirmed, threshold))
