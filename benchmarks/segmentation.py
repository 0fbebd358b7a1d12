"""Topical segmentation on the AMI development meetings: fit, cross-validate, score.

- cross-validated: the boundary model is fitted on 4/5 of the meeting *series* (ES2002,
  IS1000 …: the same people and task) and scored on the rest, 5 folds — the honest
  estimate for meetings the model has not seen;
- shipped: the model in coding/topical_model.json (fitted on all 81 meetings with
  --fit), scored with the baselines exactly as `coding eval segmentation` does.

    .venv/bin/python benchmarks/segmentation.py ../shared/data/meetings [--fit]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.cli.common import eval_cache  # noqa: E402
from coding.embed import Embedder  # noqa: E402
from coding.evaluate.segmentation import (  # noqa: E402
    baselines,
    embed_meetings,
    evaluate,
    load_meetings,
    product,
    score,
)
from coding.store import Project  # noqa: E402
from coding.topical import MODEL_FILE, BoundaryModel, fit_boundary_model  # noqa: E402

FOLDS = 5


def cross_validated(meetings, vectors) -> dict:
    series = sorted({m.id[:6] for m in meetings})
    fold = [series.index(m.id[:6]) % FOLDS for m in meetings]
    scores = []
    for held_out in range(FOLDS):
        train = [i for i, f in enumerate(fold) if f != held_out]
        model = fit_boundary_model([meetings[i].turns(vectors[i]) for i in train],
                                   [meetings[i].boundaries for i in train])
        scores += [score(model.boundaries(meetings[i].turns(vectors[i])),
                         meetings[i].boundaries, len(meetings[i].texts))
                   for i, f in enumerate(fold) if f == held_out]
    row = {"method": "topical (product), cross-validated by series"}
    row.update({k: round(float(np.mean([s[k] for s in scores])), 4) for k in scores[0]})
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--fit", action="store_true", help="refit the shipped model")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    meetings = load_meetings(args.data)
    clock = time.perf_counter()
    with Project(eval_cache()) as cache:
        vectors = embed_meetings(meetings, Embedder(cache=cache))
    embed_seconds = time.perf_counter() - clock
    if args.fit:
        fit_boundary_model([m.turns(v) for m, v in zip(meetings, vectors)],
                           [m.boundaries for m in meetings]).save(MODEL_FILE)
    results = evaluate(meetings, vectors, {**baselines(),
                                           "topical (product, shipped model)": product(
                                               BoundaryModel.load())})
    results.insert(-1, cross_validated(meetings, vectors))
    report = {"meetings": len(meetings), "embedding_seconds": round(embed_seconds, 1),
              "results": results}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "segmentation.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = ["# Topical segmentation, AMI development meetings", "",
             f"`.venv/bin/python benchmarks/segmentation.py ../shared/data/meetings` — "
             f"{len(meetings)} meetings; embeddings {embed_seconds:.0f} s (cached after the "
             "first run).", "",
             "| method | Pk ↓ | WD ↓ | B ↑ | F1±3 ↑ | segments | s/meeting |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['method']} | {r['pk']:.3f} | {r['wd']:.3f} | {r['b']:.3f} | "
              f"{r['f1_3']:.3f} | {r['segments']:.1f} | {r.get('seconds_per_meeting', '')} |"
              for r in results]
    (args.out / "segmentation.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
