"""Is an emergent theme already in the codebook? "Covered" by a named code, or "new".

A theme is represented by the centre of its segments' sentence vectors; a code by its
prototypes, as in deductive suggestion: its name with definition and inclusion
criteria, and each example quote. The similarity of a theme to a code is the highest
cosine between the theme's centre and one of the code's prototypes. The theme is
covered by the most similar code when that similarity reaches the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coding.embed import Embedder
from coding.model import Code, Codebook

#: Checked on the coded interviews by leaving each theme's own code out of the codebook
#: (it must then read "new") and keeping it in (it must read "covered" by that code):
#: 0.46-0.50 is a plateau (accuracy 0.53 on 15 themes); 0.66-0.68 scores 0.57, one
#: theme more, within noise. The signal is weak; see benchmarks/results/themes_quality.md.
COVERAGE_THRESHOLD = 0.5


@dataclass(frozen=True)
class Coverage:
    """How one theme relates to the codebook."""

    code: str  # the covering code; "" when the theme is new
    similarity: float  # to the nearest code
    nearest: str  # the nearest code, even when it is not near enough

    @property
    def is_new(self) -> bool:
        return not self.code


def code_prototypes(code: Code) -> list[str]:
    """The texts that stand for a code: its description, then each example quote."""
    description = " ".join(part for part in (code.name + ".", code.definition,
                                             code.inclusion) if part)
    return [description, *code.examples]


def code_similarity(centres: np.ndarray, codebook: Codebook,
                    embedder: Embedder) -> np.ndarray:
    """(themes, codes): the best cosine between each theme centre and each code."""
    texts, owners = [], []
    for index, code in enumerate(codebook.codes):
        for text in code_prototypes(code):
            texts.append(text)
            owners.append(index)
    if not texts:
        return np.zeros((len(centres), 0), dtype=np.float32)
    similarity = np.asarray(centres) @ embedder.encode(texts).T
    owner = np.array(owners)
    return np.column_stack([similarity[:, owner == index].max(axis=1)
                            for index in range(len(codebook.codes))])


def judge_coverage(similarity: np.ndarray, names: Sequence[str],
                   threshold: float = COVERAGE_THRESHOLD) -> list[Coverage]:
    """Covered by the most similar code when it reaches ``threshold``, else new."""
    verdicts = []
    for row in np.asarray(similarity):
        if len(names) == 0:
            verdicts.append(Coverage(code="", similarity=0.0, nearest=""))
            continue
        best = int(np.argmax(row))
        score = round(float(row[best]), 4)
        verdicts.append(Coverage(code=names[best] if score >= threshold else "",
                                 similarity=score, nearest=names[best]))
    return verdicts


def coverage(centres: np.ndarray, codebook: Codebook, embedder: Embedder,
             threshold: float = COVERAGE_THRESHOLD) -> list[Coverage]:
    """Each theme (one centre per row) against the codebook."""
    return judge_coverage(code_similarity(centres, codebook, embedder), codebook.names,
                          threshold)
