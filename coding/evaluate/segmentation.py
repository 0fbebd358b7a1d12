"""``coding eval segmentation DATA_DIR``: topical episodes against gold topic boundaries.

Reads the AMI format of ``meetings/ami/*.json`` (turns + gold ``boundaries``: turn
indices that start a topic). Scores, averaged over meetings: Pk and WindowDiff
(segeval, window k = round(mean gold segment length / 2) turns), boundary similarity B
(segeval), boundary F1 within ±3 turns, and the mean number of segments. Baselines on
the same meetings, always: no boundary, equidistant and random with the gold count, and
TF-IDF TextTiling.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import segeval
from sklearn.feature_extraction.text import TfidfVectorizer

from coding.embed import Embedder
from coding.errors import CodingError
from coding.topical import BoundaryModel, MeetingTurns, decode

TOLERANCE = 3


@dataclass(frozen=True)
class Meeting:
    id: str
    texts: tuple[str, ...]
    speakers: tuple[str, ...]
    boundaries: tuple[int, ...]
    starts: tuple[float | None, ...] = ()
    ends: tuple[float | None, ...] = ()

    def turns(self, vectors: np.ndarray) -> MeetingTurns:
        return MeetingTurns(texts=self.texts, speakers=self.speakers, vectors=vectors,
                            starts=self.starts, ends=self.ends)


#: method(meeting, embeddings of its turns) -> predicted boundaries
Method = Callable[[Meeting, np.ndarray], list[int]]


def load_meetings(folder: str | Path) -> list[Meeting]:
    folder = Path(folder)
    if (folder / "ami").is_dir():
        folder = folder / "ami"
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise CodingError("no meeting files (*.json) here.", path=folder,
                          fix="point at the folder of AMI meetings, e.g. "
                              "../shared/data/meetings/ami.")
    meetings = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            turns = data["turns"]
            meetings.append(Meeting(id=data.get("meeting_id", path.stem),
                                    texts=tuple(t["text"] for t in turns),
                                    speakers=tuple(t["speaker"] for t in turns),
                                    boundaries=tuple(data["boundaries"]),
                                    starts=tuple(t.get("start") for t in turns),
                                    ends=tuple(t.get("end") for t in turns)))
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise CodingError(f"not a meeting in the AMI format ({error}).", path=path,
                              fix="each file needs 'turns' (with 'text', 'speaker') and "
                                  "'boundaries'.") from error
    return meetings


def masses(boundaries: Sequence[int], count: int) -> tuple[int, ...]:
    edges = [0, *sorted(boundaries), count]
    return tuple(b - a for a, b in zip(edges, edges[1:]) if b > a)


def f1_within(predicted: Sequence[int], gold: Sequence[int], tolerance: int = TOLERANCE
              ) -> float:
    """One-to-one matching of boundaries at most ``tolerance`` turns apart, closest first."""
    if not predicted or not gold:
        return 0.0
    pairs = sorted((abs(p - g), p, g) for p in predicted for g in gold
                   if abs(p - g) <= tolerance)
    used_p, used_g = set(), set()
    for _, p, g in pairs:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
    matched = len(used_p)
    if matched == 0:
        return 0.0
    precision, recall = matched / len(predicted), matched / len(gold)
    return 2 * precision * recall / (precision + recall)


def score(predicted: Sequence[int], gold: Sequence[int], count: int) -> dict[str, float]:
    reference, hypothesis = masses(gold, count), masses(predicted, count)
    window = max(2, round(np.mean(reference) / 2))
    return {"pk": float(segeval.pk(hypothesis, reference, window_size=window)),
            "wd": float(segeval.window_diff(hypothesis, reference, window_size=window)),
            "b": float(segeval.boundary_similarity(hypothesis, reference)),
            "f1_3": f1_within(predicted, gold), "segments": float(len(hypothesis))}


# -- methods ------------------------------------------------------------------------------

def no_boundary(meeting: Meeting, _: np.ndarray) -> list[int]:
    return []


def equidistant(meeting: Meeting, _: np.ndarray) -> list[int]:
    count, parts = len(meeting.texts), len(meeting.boundaries) + 1
    return sorted({round(count * i / parts) for i in range(1, parts)} - {0})


def random_gold_count(meeting: Meeting, _: np.ndarray) -> list[int]:
    rng = random.Random(meeting.id)
    return sorted(rng.sample(range(1, len(meeting.texts)), len(meeting.boundaries)))


def tfidf_tiling(meeting: Meeting, _: np.ndarray) -> list[int]:
    """Classic TextTiling (Hearst 1997) on TF-IDF turn vectors: block cosine over 10
    turns, smoothed, cut where the depth of a dip exceeds mean - std / 2."""
    vectors = TfidfVectorizer(stop_words="english").fit_transform(meeting.texts).toarray()
    count = len(vectors)
    if count < 20:
        return []
    cumulative = np.vstack([np.zeros(vectors.shape[1]), np.cumsum(vectors, axis=0)])
    gaps = np.arange(1, count)
    left = cumulative[gaps] - cumulative[np.maximum(gaps - 10, 0)]
    right = cumulative[np.minimum(gaps + 10, count)] - cumulative[gaps]
    norms = np.linalg.norm(left, axis=1) * np.linalg.norm(right, axis=1)
    curve = np.convolve(np.pad((left * right).sum(1) / np.maximum(norms, 1e-9), 1,
                               mode="edge"), np.ones(3) / 3, mode="valid")
    depth = np.array([_depth(curve, i) for i in range(len(curve))])
    dips = [i for i in range(1, len(curve) - 1)
            if curve[i] <= curve[i - 1] and curve[i] < curve[i + 1]]
    if not dips:
        return []
    cutoff = depth[dips].mean() - depth[dips].std() / 2
    strength = np.zeros(len(curve))
    strength[[i for i in dips if depth[i] > cutoff]] = 1.0 + depth[
        [i for i in dips if depth[i] > cutoff]]
    return decode(strength, count, 1.0, 10)


def _depth(curve: np.ndarray, index: int) -> float:
    left = right = index
    while left > 0 and curve[left - 1] >= curve[left]:
        left -= 1
    while right < len(curve) - 1 and curve[right + 1] >= curve[right]:
        right += 1
    return float(curve[left] + curve[right] - 2 * curve[index])


def product(model: BoundaryModel | None = None) -> Method:
    chosen = model or BoundaryModel.load()

    def topical(meeting: Meeting, vectors: np.ndarray) -> list[int]:
        return chosen.boundaries(meeting.turns(vectors))

    return topical


def baselines() -> dict[str, Method]:
    return {"no boundary": no_boundary, "equidistant (gold count)": equidistant,
            "random (gold count)": random_gold_count, "tf-idf texttiling": tfidf_tiling}


def embed_meetings(meetings: Sequence[Meeting], embedder: Embedder,
                   progress: Callable[[int, int], None] | None = None) -> list[np.ndarray]:
    vectors = []
    for done, meeting in enumerate(meetings, start=1):
        vectors.append(embedder.encode(list(meeting.texts)))
        if progress:
            progress(done, len(meetings))
    return vectors


def evaluate(meetings: Sequence[Meeting], vectors: Sequence[np.ndarray],
             methods: dict[str, Method]) -> list[dict[str, object]]:
    """Mean scores per method over the meetings, with seconds per meeting."""
    results = []
    for name, method in methods.items():
        clock = time.perf_counter()
        scores = [score(method(m, v), m.boundaries, len(m.texts))
                  for m, v in zip(meetings, vectors)]
        elapsed = (time.perf_counter() - clock) / max(1, len(meetings))
        row: dict[str, object] = {"method": name}
        row.update({key: round(float(np.mean([s[key] for s in scores])), 4)
                    for key in ("pk", "wd", "b", "f1_3", "segments")})
        row["seconds_per_meeting"] = round(elapsed, 4)
        results.append(row)
    gold = np.mean([len(m.boundaries) + 1 for m in meetings])
    results.append({"method": "gold", "pk": 0.0, "wd": 0.0, "b": 1.0, "f1_3": 1.0,
                    "segments": round(float(gold), 4), "seconds_per_meeting": 0.0})
    return results
