"""Topical episodes: where a meeting moves from one topic to the next.

Each gap between two turns is described by signals that change at a topic shift:
how different the meaning of the turns before and after is (sentence embeddings
compared over three window sizes, each turn weighted by log(1 + words) so "Mm-hmm."
hardly counts), whether *who* talks changes, the pause before the turn, discourse cues
("okay, so…", "let's move on to…") and the length of what follows. A logistic model
over these signals, fitted on annotated meetings (``fit_boundary_model``), gives each
gap a probability; the strongest gaps above a threshold become boundaries, at least
``min_turns`` apart. The number of episodes therefore follows from the meeting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from coding.model import Episode, Turn
from coding.phrases import LINKING_WORDS, phrase_analyzer, phrase_label
from coding.talk import name_words

MODEL_FILE = Path(__file__).with_name("topical_model.json")
_CUE = re.compile(r"^(okay|ok|'kay|right|alright|all right|so|now|next|well|um okay)\b",
                  re.IGNORECASE)
_MOVE = re.compile(r"move on|next (thing|point|item|question|presentation|one)|agenda|"
                   r"let's (start|go|move|talk)|first of all|that's it|any questions",
                   re.IGNORECASE)
_CONTRAST = 15  # turns around a gap for the local-contrast features


@dataclass(frozen=True)
class MeetingTurns:
    """What boundary detection needs of a meeting, turn by turn."""

    texts: Sequence[str]
    speakers: Sequence[str]
    vectors: np.ndarray  # unit sentence embeddings, one row per turn
    starts: Sequence[float | None] = ()
    ends: Sequence[float | None] = ()


def gap_features(meeting: MeetingTurns) -> np.ndarray:
    """One row per gap (gap g lies before turn g, g = 1 … n-1)."""
    count = len(meeting.texts)
    words = np.array([len(text.split()) for text in meeting.texts], dtype=float)
    weights = np.log1p(words)
    meaning = [_tiling(meeting.vectors, weights, window) for window in (5, 15, 30)]
    names = sorted(set(meeting.speakers))
    who = np.array([[speaker == name for name in names] for speaker in meeting.speakers],
                   dtype=float) * weights[:, None]
    speakers = [_tiling(who, np.ones(count), window) for window in (10, 30)]
    rows = []
    for gap in range(1, count):
        text = meeting.texts[gap]
        rows.append([*(curve[gap - 1] for curve in meaning),
                     *(curve[gap - 1] for curve in speakers),
                     np.log1p(_pause(meeting, gap)), float(bool(_CUE.match(text))),
                     float(bool(_MOVE.search(text))),
                     float(bool(_MOVE.search(" ".join(meeting.texts[gap:gap + 3])))),
                     np.log1p(words[gap]), np.log1p(words[gap:gap + 5].sum()),
                     gap / count, min(gap, count - gap) / count])
    features = np.array(rows, dtype=float).reshape(-1, 13)
    return np.hstack([features, features[:, :5] - _local_mean(features[:, :5])])


def _tiling(vectors: np.ndarray, weights: np.ndarray, window: int) -> np.ndarray:
    """Cosine of the weighted sums of the ``window`` turns before and after each gap."""
    weighted = vectors * weights[:, None]
    cumulative = np.vstack([np.zeros(vectors.shape[1]), np.cumsum(weighted, axis=0)])
    count = len(vectors)
    gaps = np.arange(1, count)
    left = cumulative[gaps] - cumulative[np.maximum(gaps - window, 0)]
    right = cumulative[np.minimum(gaps + window, count)] - cumulative[gaps]
    norms = np.linalg.norm(left, axis=1) * np.linalg.norm(right, axis=1)
    return (left * right).sum(axis=1) / np.maximum(norms, 1e-9)


def _pause(meeting: MeetingTurns, gap: int) -> float:
    if not meeting.starts or not meeting.ends:
        return 0.0
    start, end = meeting.starts[gap], meeting.ends[gap - 1]
    return max(0.0, start - end) if start is not None and end is not None else 0.0


def _local_mean(columns: np.ndarray) -> np.ndarray:
    padded = np.pad(columns, ((_CONTRAST, _CONTRAST), (0, 0)), mode="edge")
    window = 2 * _CONTRAST + 1
    cumulative = np.vstack([np.zeros(columns.shape[1]), np.cumsum(padded, axis=0)])
    return (cumulative[window:] - cumulative[:-window])[:len(columns)] / window


@dataclass(frozen=True)
class BoundaryModel:
    """A fitted logistic model over :func:`gap_features`, and how it is decoded."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.85
    min_turns: int = 10

    def probabilities(self, meeting: MeetingTurns) -> np.ndarray:
        if len(meeting.texts) < 2:
            return np.zeros(0)
        features = (gap_features(meeting) - np.array(self.mean)) / np.array(self.scale)
        return 1 / (1 + np.exp(-(features @ np.array(self.coef) + self.intercept)))

    def boundaries(self, meeting: MeetingTurns) -> list[int]:
        """Turn indices that start a new episode (0 never included), sorted."""
        return decode(self.probabilities(meeting), len(meeting.texts), self.threshold,
                      self.min_turns)

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> BoundaryModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{key: tuple(value) if isinstance(value, list) else value
                      for key, value in data.items()})


def decode(probabilities: np.ndarray, count: int, threshold: float,
           min_turns: int) -> list[int]:
    """The strongest gaps above ``threshold``, no two closer than ``min_turns`` turns and
    none closer than that to the start or end."""
    kept: list[int] = []
    for index in np.argsort(-probabilities, kind="stable"):
        if probabilities[index] < threshold:
            break
        gap = int(index) + 1
        if min_turns <= gap <= count - min_turns and all(
                abs(gap - other) >= min_turns for other in kept):
            kept.append(gap)
    return sorted(kept)


def fit_boundary_model(meetings: Sequence[MeetingTurns], boundaries: Sequence[Sequence[int]],
                       threshold: float = 0.85, min_turns: int = 10,
                       near: int = 1) -> BoundaryModel:
    """Fit on annotated meetings; gaps within ``near`` turns of a gold boundary count as
    positive, since annotators place a shift a turn either way."""
    from sklearn.linear_model import LogisticRegression

    features = [gap_features(meeting) for meeting in meetings]
    labels = []
    for rows, gold in zip(features, boundaries):
        label = np.zeros(len(rows))
        for boundary in gold:
            label[max(0, boundary - 1 - near):boundary + near] = 1  # row g-1 is gap g
        labels.append(label)
    matrix = np.vstack(features)
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0) + 1e-9
    model = LogisticRegression(C=0.3, max_iter=2000, class_weight="balanced")
    model.fit((matrix - mean) / scale, np.concatenate(labels))
    return BoundaryModel(mean=tuple(mean.round(6)), scale=tuple(scale.round(6)),
                         coef=tuple(model.coef_[0].round(6)),
                         intercept=round(float(model.intercept_[0]), 6),
                         threshold=threshold, min_turns=min_turns)


#: A heading is read at a glance above a card: two phrases say what an episode is about.
HEADING_PHRASES = 2


def episode_labels(documents: Sequence[str], phrases: int = HEADING_PHRASES,
                   names: Collection[str] = ()) -> list[str]:
    """Up to ``phrases`` phrases a person would say that set each episode apart from the
    others of its meeting (TF-IDF over :func:`coding.phrases.phrase_candidates`),
    de-duplicated by :func:`coding.phrases.phrase_label`; never one of ``names``
    (participants, speaker labels, pseudonyms), a month, a number or a filler."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    if not any(document.strip() for document in documents):
        return ["" for _ in documents]
    vectorizer = CountVectorizer(analyzer=phrase_analyzer(names))
    try:
        counts = vectorizer.fit_transform(documents)
    except ValueError:  # no phrase fit for a label in the whole meeting
        return ["" for _ in documents]
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts).toarray()
    vocabulary = list(vectorizer.get_feature_names_out())
    return [phrase_label(_ranked(row, seen, vocabulary), phrases)
            for row, seen in zip(weights, counts.toarray())]


def _ranked(weights: np.ndarray, seen: np.ndarray, vocabulary: list[str]) -> list[str]:
    """An episode's phrases, best first. A word scores its TF-IDF. A phrase of several
    words scores its own TF-IDF plus the mean TF-IDF of its words (an all-purpose word,
    never a candidate alone, counts 0: "protected time" rides on "protected"): its words
    carry the episode even when the phrase is said once ("inches of snow" when "snow"
    recurs), and its own weight keeps a phrase every episode says ("remote control")
    from heading them all. It counts only when the episode repeats it or one of its
    words: said once, in passing, it is a turn of speech ("a hot dog"), not what the
    episode is about."""
    column = {phrase: index for index, phrase in enumerate(vocabulary)}
    scored = []
    for index in np.flatnonzero(seen):
        phrase = vocabulary[index]
        if " " not in phrase:
            scored.append((weights[index], phrase))
            continue
        content = [word for word in phrase.split() if word not in LINKING_WORDS]
        parts = [column[word] for word in content if word in column]
        if seen[index] >= 2 or any(seen[part] >= 2 for part in parts):
            mean = sum(weights[part] for part in parts) / len(content)
            scored.append((mean + weights[index], phrase))
    scored.sort(key=lambda pair: -pair[0])  # stable: the vocabulary's order on a tie
    return [phrase for _, phrase in scored]


def episodes_for(transcript_id: str, turns: Sequence[Turn], vectors: np.ndarray,
                 model: BoundaryModel | None = None, names: Collection[str] = ()
                 ) -> list[Episode]:
    """The meeting's topical episodes, labelled, covering every turn once. The words of
    the speakers' labels and of ``names`` (the project's participants and pseudonyms)
    never stand in a heading."""
    if not turns:
        return []
    model = model or BoundaryModel.load()
    meeting = MeetingTurns(texts=[t.text for t in turns], speakers=[t.speaker for t in turns],
                           vectors=vectors, starts=[t.start for t in turns],
                           ends=[t.end for t in turns])
    edges = [0, *model.boundaries(meeting), len(turns)]
    spans = list(zip(edges, edges[1:]))
    known = name_words({*names, *(t.speaker for t in turns)})
    labels = episode_labels([" ".join(t.text for t in turns[a:b]) for a, b in spans],
                            names=known)
    return [Episode(transcript_id=transcript_id, number=number, start_turn=turns[a].index,
                    end_turn=turns[b - 1].index, label=label)
            for number, ((a, b), label) in enumerate(zip(spans, labels), start=1)]
