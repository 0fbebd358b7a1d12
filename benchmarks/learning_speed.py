"""Re-scoring after decisions on a 10,000-segment project: is it fast enough to review by?

Builds the 10,000-segment project of review_click.py (the sample study repeated), records
decisions as a coder would (confirmations and "no theme" rejections), then times, warm
(embeddings already in the project file):

- ``refresh_suggestions``: what the Review screen's "Update suggestions" button runs
  (read segments and decisions, learn, score every segment, replace the suggestions);
- the learning suggester alone (fit + suggest), and, as the baseline measured in the same
  run, the codebook-only DeductiveSuggester the product used before.

    .venv/bin/python benchmarks/learning_speed.py [--segments 10000] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from review_click import build_project  # noqa: E402

from coding.config import Settings  # noqa: E402
from coding.embed import Embedder  # noqa: E402
from coding.model import Action  # noqa: E402
from coding.pipeline import refresh_suggestions  # noqa: E402
from coding.review.learning import feedback  # noqa: E402
from coding.review.cards import ReviewFilter, decide, find_segments, segment_cards  # noqa: E402
from coding.store import Project  # noqa: E402
from coding.suggest.deductive import DeductiveSuggester  # noqa: E402
from coding.suggest.learned import LearnedSuggester  # noqa: E402


def record_decisions(project: Path, confirms: int, rejects: int) -> int:
    """Confirm the first suggestion of some cards, reject all themes of others."""
    with Project(project) as store:
        ids = find_segments(store, ReviewFilter())[: confirms + rejects]
        cards = segment_cards(store, ids)
        for number, card in enumerate(cards):
            action = Action.CONFIRM if number < confirms else Action.REJECT
            for theme in card.themes[: 1 if action == Action.CONFIRM else None]:
                decide(store, card.id, theme.code, action, "bench")
        return len(store.decisions())


def record_one_more(project: Path) -> None:
    """Reject the first pending suggestion: a new decision since the last update."""
    with Project(project) as store:
        card = segment_cards(store, find_segments(store, ReviewFilter())[:1])[0]
        decide(store, card.id, card.themes[0].code, Action.REJECT, "bench")


def timed(work, repeats: int, prepare=None) -> dict[str, float]:
    times = []
    for _ in range(repeats):
        if prepare:
            prepare()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2)}


def measure(project: Path, repeats: int) -> dict:
    settings = Settings()
    with Project(project) as store:
        segments, book, taught = store.segments(), store.codebook(), feedback(store)
        embedder = Embedder(cache=store)
        learned = timed(lambda: LearnedSuggester(embedder).fit(book, segments, taught)
                        .suggest(), repeats)
        deductive = timed(lambda: DeductiveSuggester(embedder).fit(book).suggest(segments),
                          repeats)
    # One more decision before each update, as on the Review screen: with nothing new,
    # an update keeps the suggestions it has (the suggestion digest) and times nothing.
    refresh = timed(lambda: refresh_suggestions(project, settings), repeats,
                    prepare=lambda: record_one_more(project))
    return {"segments": len(segments), "refresh_suggestions": refresh,
            "learned_fit_and_suggest": learned,
            "baseline_deductive_fit_and_suggest": deductive}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = build_project(Path(folder), args.segments)
        decisions = record_decisions(project, confirms=200, rejects=100)
        result = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                  "machine": f"{platform.machine()}, {platform.python_version()}",
                  "decisions": decisions, **measure(project, args.repeats)}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "learning_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
