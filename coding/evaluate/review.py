"""A simulated researcher working through the Review queue, measured as a session.

The researcher works in a real project file through the same library calls the app
makes (:func:`coding.review.cards.review_queue` for the queue, :func:`segment_cards`,
:func:`decide`, and :func:`coding.pipeline.refresh_suggestions` for "Update
suggestions"). On each card shown they decide by the gold codes: confirm a suggested
theme the unit carries, reject one it does not, add (confirm) each gold theme not
suggested; a unit with no gold theme and no suggestion is marked "no theme here" where
the store accepts it. Every ``batch`` decisions they press Update.

Methods, all measured in the same run:

- ``product``: the app's default queue and suggestions, updated every batch;
- ``transcript order``: every segment read in meeting and speaking order, with the same
  (updated) suggestions;
- ``codebook only``: the codebook-only suggester, never updated; the pending queue in
  transcript order, then the remaining segments in transcript order.

Per batch: precision of the suggestions shown in the batch, recall of gold codings
confirmed so far; per run: the share of segments reviewed when 80% of gold codings are
confirmed (None when never). Seed 0 keeps the meetings' own order; other seeds shuffle
the order of the meetings (coded sets have no natural one).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from coding.embed import Embedder
from coding.evaluate.coded import CodedData
from coding.model import Action, Status, Transcript, Turn
from coding.pipeline import refresh_suggestions
from coding.review.cards import (
    MISSED,
    QUEUE_ORDERS,
    ReviewFilter,
    SegmentCard,
    decide,
    review_queue,
    segment_cards,
)
from coding.store import Project

METHODS = ("product", "transcript order", "codebook only")
BATCH = 25
TARGET = 0.8
CODER = "simulated researcher"
Report = Callable[[str], None]


@dataclass
class Session:
    """The running tally of one simulated review session."""

    gold: dict[str, frozenset[str]]  # segment id -> gold codes
    decisions: int = 0
    reviewed: set[str] = field(default_factory=set)
    found: set[tuple[str, str]] = field(default_factory=set)  # gold pairs confirmed
    shown: int = 0  # suggestions shown in the current batch
    right: int = 0  # of which gold
    batches: list[dict] = field(default_factory=list)
    reviewed_share_at_80: float | None = None

    @property
    def gold_pairs(self) -> int:
        return sum(len(codes) for codes in self.gold.values())

    @property
    def recall(self) -> float:
        return len(self.found) / max(self.gold_pairs, 1)

    def close_batch(self, after_update: bool) -> None:
        if self.shown == 0 and self.batches and self.batches[-1]["decisions"] == self.decisions:
            return
        self.batches.append({"decisions": self.decisions, "after_update": after_update,
                             "precision": round(self.right / self.shown, 4) if self.shown
                             else None, "recall": round(self.recall, 4),
                             "shown": self.shown, "reviewed": len(self.reviewed)})
        self.shown = self.right = 0


def build_project(data: CodedData, path: Path, embedder: Embedder,
                  order: list[str]) -> Path:
    """A project file holding ``data``'s units as turns, meetings numbered in ``order``,
    with the sentence vectors already in it (from ``embedder``'s cache)."""
    with Project(path) as store:
        store.set_codebook(data.codebook)
        for number, document in enumerate(order, start=1):
            rows = [i for i in np.flatnonzero(data.documents == document)]
            segments = [data.segments[i] for i in rows]
            turns = tuple(Turn(index=s.turn_index, speaker=s.speaker, text=s.text)
                          for s in segments)
            store.add_transcript(Transcript(id=document, name=document, turns=turns,
                                            meeting=number), segments, "turn")
        texts = [s.text for s in data.segments]
        vectors = embedder.encode(texts)
        from coding.model import content_hash
        store.put_embeddings(embedder.key, {content_hash(t): v
                                              for t, v in zip(texts, vectors)})
    return path


def simulate(data: CodedData, embedder: Embedder, method: str, seed: int,
             batch: int = BATCH, target: float = TARGET) -> dict:
    """One simulated session; the result row of the ``--json`` file."""
    documents = list(dict.fromkeys(data.documents.tolist()))
    if seed:
        documents = [documents[i] for i in np.random.default_rng(seed).permutation(
            len(documents))]
    names = np.array(data.codebook.names)
    session = Session(gold={s.id: frozenset(names[data.gold[row]])
                            for row, s in enumerate(data.segments)})
    learning = method != "codebook only"
    order = "transcript" if method != "product" else QUEUE_ORDERS[0]
    with tempfile.TemporaryDirectory(prefix="eval-review-") as folder:
        path = build_project(data, Path(folder) / "review.sqlite", embedder, documents)
        refresh_suggestions(path, embedder=embedder)
        everything = method == "transcript order"
        updates = 0
        while session.reviewed_share_at_80 is None:
            progressed = _work_batch(path, session, order, everything, batch, target)
            session.close_batch(after_update=learning and updates > 0)
            if not progressed:
                break
            if learning:
                refresh_suggestions(path, embedder=embedder)
                updates += 1
    return {"method": method, "seed": seed,
            "reviewed_share_at_80": session.reviewed_share_at_80,
            "decisions": session.decisions, "reviewed": len(session.reviewed),
            "gold_codings": session.gold_pairs, "updates": updates,
            "batches": session.batches}


def _work_batch(path: Path, session: Session, order: str, everything: bool, batch: int,
                target: float) -> bool:
    """Review cards until ``batch`` more decisions are made, the target is met or the
    queue runs dry; False when nothing was left to review."""
    start = session.decisions
    with Project(path) as store:
        queue = _queue(store, session, order, everything)
        if not queue:
            return False
        for segment_id in queue:
            card = segment_cards(store, [segment_id])[0]
            _review(store, card, session)
            if session.recall >= target:
                session.reviewed_share_at_80 = round(
                    len(session.reviewed) / len(session.gold), 4)
                return True
            if session.decisions - start >= batch:
                return True
    return True


def _queue(store: Project, session: Session, order: str, everything: bool) -> list[str]:
    """What the researcher reviews next: the app's queue (pending suggestions), then its
    "likely missed" list (segments with no suggestion nobody has looked at), then the
    segments not yet read, in transcript order."""
    pending = [] if everything else review_queue(store, ReviewFilter(order=order))
    missed = [] if everything else review_queue(store, ReviewFilter(status=MISSED,
                                                                    order=order))
    unread = [segment_id for segment_id in (*missed, *(s.id for s in store.segments()))
              if segment_id not in session.reviewed]
    return list(dict.fromkeys([*pending, *unread]))


def _review(store: Project, card: SegmentCard, session: Session) -> None:
    gold = session.gold[card.id]
    session.reviewed.add(card.id)
    on_card = set()
    for theme in card.themes:
        on_card.add(theme.code)
        if theme.status != Status.PENDING:
            continue
        session.shown += 1
        correct = theme.code in gold
        session.right += correct
        _decide(store, card.id, theme.code,
                Action.CONFIRM if correct else Action.REJECT, session)
    for code in sorted(gold - on_card):
        _decide(store, card.id, code, Action.CONFIRM, session)
    if not gold and not on_card and not card.no_theme:
        # A turn read and found empty: the card's "No theme here" (it teaches relevance).
        _decide(store, card.id, "", Action.NO_THEME, session)
    # A gold code already confirmed (or rejected by mistake earlier) counts as found only
    # when confirmed; a coder never rejects a gold code here, so all gold on the card is.
    session.found.update((card.id, code) for code in gold)


def _decide(store: Project, segment_id: str, code: str, action: Action,
            session: Session) -> None:
    decide(store, segment_id, code, action, CODER)
    session.decisions += 1


def evaluate_review(data: CodedData, embedder: Embedder, seeds: int = 1,
                    methods: tuple[str, ...] = METHODS, report: Report = print) -> dict:
    """Every method × seed on one data set: the ``coding eval review --json`` document."""
    results = []
    for seed in range(seeds):
        for method in methods:
            row = simulate(data, embedder, method, seed)
            results.append(row)
            report(line(data.name, row))
    return {"dataset": data.name, "segments": len(data.segments), "results": results}


def line(name: str, row: dict) -> str:
    share = row["reviewed_share_at_80"]
    precisions = [b["precision"] for b in row["batches"] if b["precision"] is not None]
    first = ", ".join(f"{p:.2f}" for p in precisions[:6])
    return (f"{name:22} {row['method']:16} seed {row['seed']}  reviewed at 80%: "
            f"{'never' if share is None else f'{share:.0%}'}  decisions {row['decisions']}"
            f"  precision by batch {first}{' …' if len(precisions) > 6 else ''}")
