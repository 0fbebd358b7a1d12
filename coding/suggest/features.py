"""What a suggester knows of a segment besides its codebook score: its sentence
embedding, its neighbours' in the same meeting (what is being talked about around it),
its place in the meeting and its length."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coding.model import Segment

#: Turn lengths enter as log(words + 1) / _LOG_WORDS: about 1 for a 20-word turn.
_LOG_WORDS = 3.0


def segment_features(segments: Sequence[Segment], vectors: np.ndarray,
                     context_weight: float) -> np.ndarray:
    """(segments, 2 × dimension + 2): own vector (centred), neighbours' mean, place, length."""
    center = vectors.mean(axis=0) if len(vectors) else np.zeros(vectors.shape[1])
    own = unit(vectors - center)
    context = np.empty_like(own)
    position = np.zeros(len(segments))
    for meeting in meetings(segments):
        for place, index in enumerate(meeting):
            neighbours = [meeting[p] for p in (place - 1, place + 1) if 0 <= p < len(meeting)]
            context[index] = own[neighbours].mean(axis=0) if neighbours else own[index]
            position[index] = place / max(len(meeting) - 1, 1)
    length = np.log1p([len(segment.text.split()) for segment in segments]) / _LOG_WORDS
    return np.hstack([own, context_weight * unit(context), position[:, None],
                      length[:, None]])


def meetings(segments: Sequence[Segment]) -> list[list[int]]:
    """Indices of ``segments``, one list per transcript, in speaking order."""
    order = sorted(range(len(segments)), key=lambda i: (
        segments[i].transcript_id, segments[i].turn_index, segments[i].start_char))
    found: dict[str, list[int]] = {}
    for index in order:
        found.setdefault(segments[index].transcript_id, []).append(index)
    return list(found.values())


def unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def prototype_features(prototypes: np.ndarray, vectors: np.ndarray,
                       context_weight: float) -> np.ndarray:
    """Codebook definitions and example quotes as feature rows like a segment's: their
    own vector (centred on the segments') as context, the middle of a meeting, a
    typical length."""
    center = vectors.mean(axis=0) if len(vectors) else np.zeros(prototypes.shape[1])
    own = unit(prototypes - center)
    middle = np.full((len(own), 1), 0.5)
    typical_length = np.full((len(own), 1), np.log1p(30) / _LOG_WORDS)
    return np.hstack([own, context_weight * own, middle, typical_length])
