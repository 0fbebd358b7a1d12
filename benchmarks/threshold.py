"""Choose the default suggestion threshold by measurement, with baselines beside it.

For each data set the product's own DeductiveSuggester scores every unit against every
code once; then, for a grid of (threshold, keyword_weight), units at or above the
threshold are predicted to carry the code. Reported per data set:

- in-sample best threshold (mean per-code Cohen's kappa over codes with >= 5 units),
- cross-validated figures: threshold chosen on the other documents (grouped folds),
  scored on the held-out ones,
- the figures at the shipped default (coding.config.Settings),
- a majority-code baseline and a keyword-only baseline on the same units.

Data sets: ``DATA_DIR/coded/*`` (units.csv + codebook.yaml, real coded interviews) and
the synthetic sample study (transcripts/ read by the product's readers, gold codes from
scripts/sample_study/*.yaml).

    .venv/bin/python benchmarks/threshold.py ../shared/data [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import cohen_kappa_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.codebooks import load_codebook  # noqa: E402
from coding.config import Settings  # noqa: E402
from coding.embed import Embedder  # noqa: E402
from coding.model import Segment  # noqa: E402
from coding.readers import read_transcript  # noqa: E402
from coding.readers.manifest import read_manifest  # noqa: E402
from coding.evaluate.metrics import MIN_UNITS, per_code  # noqa: E402
from coding.suggest.deductive import DeductiveSuggester  # noqa: E402

THRESHOLDS = np.round(np.arange(0.20, 0.75, 0.01), 2)
KEYWORD_WEIGHTS = (0.0, 0.1, 0.15, 0.2, 0.3)


@dataclass
class Dataset:
    name: str
    codebook_path: Path
    segments: list[Segment]
    documents: np.ndarray
    gold: np.ndarray  # (units, codes) bool


def coded_dataset(folder: Path) -> Dataset:
    codebook = load_codebook(folder / "codebook.yaml")
    units = pd.read_csv(folder / "units.csv", keep_default_na=False)
    segments = [Segment(transcript_id=str(row.document), turn_index=index, start_char=0,
                        end_char=len(row.text), text=str(row.text), speaker=str(row.speaker))
                for index, row in enumerate(units.itertuples())]
    gold = np.array([[name in {c.strip() for c in str(codes).split(";")}
                      for name in codebook.names] for codes in units["codes"]])
    return Dataset(folder.name, folder / "codebook.yaml", segments,
                   units["document"].astype(str).to_numpy(), gold)


def sample_dataset() -> Dataset:
    codebook_path = ROOT / "codebooks" / "friendtor.yaml"
    names = load_codebook(codebook_path).names
    segments, documents, gold = [], [], []
    for source in sorted((ROOT / "scripts" / "sample_study").glob("*.yaml")):
        meeting = yaml.safe_load(source.read_text(encoding="utf-8"))
        path = ROOT / "transcripts" / meeting["file"]
        transcript = read_transcript(path, read_manifest(path.parent).get(path.name))
        if len(transcript.turns) != len(meeting["turns"]):
            raise SystemExit(f"{path.name}: {len(transcript.turns)} turns read, "
                             f"{len(meeting['turns'])} in the source; re-render the sample")
        for turn, truth in zip(transcript.turns, meeting["turns"]):
            segments.append(Segment(transcript.id, turn.index, 0, len(turn.text), turn.text,
                                    turn.speaker))
            documents.append(path.name)
            gold.append([name in truth["codes"] for name in names])
    return Dataset("friendtor_sample (synthetic)", codebook_path, segments,
                   np.array(documents), np.array(gold))


def metrics(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    scored = gold.sum(axis=0) >= MIN_UNITS
    kappas, f1s = per_code(gold[:, scored], predicted[:, scored])
    return {"mean_kappa": round(float(kappas.mean()), 3) if scored.any() else float("nan"),
            "macro_f1": round(float(f1s.mean()), 3) if scored.any() else float("nan"),
            "codes_scored": int(scored.sum()),
            "micro_precision": _ratio((gold & predicted).sum(), predicted.sum()),
            "micro_recall": _ratio((gold & predicted).sum(), gold.sum()),
            "suggestions_per_unit": round(float(predicted.sum(axis=1).mean()), 2)}


def _ratio(part: int, whole: int) -> float:
    return round(float(part / whole), 3) if whole else 0.0


def check_against_sklearn() -> None:
    """The hand-vectorised figures must equal scikit-learn's on random data."""
    rng = np.random.default_rng(0)
    gold, predicted = rng.random((300, 4)) < 0.2, rng.random((300, 4)) < 0.3
    kappa, f1 = per_code(gold, predicted)
    for j in range(4):
        assert abs(kappa[j] - cohen_kappa_score(gold[:, j], predicted[:, j])) < 1e-9
        assert abs(f1[j] - f1_score(gold[:, j], predicted[:, j])) < 1e-9


def best_setting(combined: dict[float, np.ndarray], gold: np.ndarray,
                 rows: np.ndarray) -> tuple[float, float]:
    best, best_kappa = (0.0, 0.0), -2.0
    for weight, scores in combined.items():
        for threshold in THRESHOLDS:
            kappa = metrics(gold[rows], scores[rows] >= threshold)["mean_kappa"]
            if kappa > best_kappa:
                best, best_kappa = (float(threshold), weight), kappa
    return best


def folds(documents: np.ndarray, count: int = 5) -> list[np.ndarray]:
    unique = sorted(set(documents))
    groups = [unique[i::min(count, len(unique))] for i in range(min(count, len(unique)))]
    return [np.isin(documents, group) for group in groups]


def evaluate(dataset: Dataset, embedder: Embedder, defaults: Settings) -> dict:
    codebook = load_codebook(dataset.codebook_path)
    suggester = DeductiveSuggester(embedder, min_words=defaults.min_words).fit(codebook)
    scores = suggester.scores(dataset.segments)
    combined = {w: scores.combined(codebook.names, w) for w in KEYWORD_WEIGHTS}
    everything = np.ones(len(dataset.segments), dtype=bool)
    threshold, weight = best_setting(combined, dataset.gold, everything)
    cross_validated = np.zeros_like(dataset.gold)
    chosen = []
    for test in folds(dataset.documents):
        fold_threshold, fold_weight = best_setting(combined, dataset.gold, ~test)
        chosen.append([fold_threshold, fold_weight])
        cross_validated[test] = combined[fold_weight][test] >= fold_threshold
    keyword_hits = np.array([[name in found for name in codebook.names]
                             for found in scores.keywords]).reshape(dataset.gold.shape)
    default_scores = scores.combined(codebook.names, defaults.keyword_weight)
    return {
        "dataset": dataset.name, "units": len(dataset.segments),
        "documents": len(set(dataset.documents)), "codes": len(codebook.names),
        "in_sample_best": {"threshold": threshold, "keyword_weight": weight,
                           **metrics(dataset.gold, combined[weight] >= threshold)},
        "cross_validated": {"chosen_per_fold": chosen,
                            **metrics(dataset.gold, cross_validated)},
        "at_default": {"threshold": defaults.threshold,
                       "keyword_weight": defaults.keyword_weight,
                       **metrics(dataset.gold, default_scores >= defaults.threshold)},
        "majority_baseline": metrics(dataset.gold, _majority(dataset)),
        "keyword_baseline": metrics(dataset.gold, keyword_hits),
    }


def _majority(dataset: Dataset) -> np.ndarray:
    predicted = np.zeros_like(dataset.gold)
    for test in folds(dataset.documents):
        most_common = dataset.gold[~test].sum(axis=0).argmax()
        predicted[test, most_common] = True
    return predicted


def markdown(results: list[dict]) -> str:
    lines = ["# Suggestion threshold", "",
             "Made by `.venv/bin/python benchmarks/threshold.py ../shared/data`. Mean per-code "
             f"Cohen's kappa over codes with >= {MIN_UNITS} units (macro-F1 in brackets). "
             "Cross-validated: threshold and keyword weight chosen on the other documents "
             "(up to 5 folds grouped by document). Majority: the most frequent code of the "
             "training documents on every unit. Keyword: a unit gets a code when one of its "
             "keywords occurs (datasets without keywords score 0).", "",
             "| data set | units | in-sample best (t, w) | κ in-sample | κ cross-validated "
             "| κ at default | majority | keyword |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        best = r["in_sample_best"]
        lines.append(
            f"| {r['dataset']} | {r['units']} | {best['threshold']}, {best['keyword_weight']} "
            f"| {_pair(best)} | {_pair(r['cross_validated'])} | {_pair(r['at_default'])} "
            f"| {_pair(r['majority_baseline'])} | {_pair(r['keyword_baseline'])} |")
    default = results[0]["at_default"]
    lines += ["", f"Default: threshold {default['threshold']}, keyword weight "
              f"{default['keyword_weight']}.", "",
              "Precision and recall (micro, over the scored codes) at the default:", "",
              "| data set | precision | recall | suggestions per unit |", "|---|---|---|---|"]
    lines += [f"| {r['dataset']} | {r['at_default']['micro_precision']} | "
              f"{r['at_default']['micro_recall']} | {r['at_default']['suggestions_per_unit']} |"
              for r in results]
    lines.append("")
    return "\n".join(lines)


def _pair(m: dict) -> str:
    return f"{m['mean_kappa']:.3f} ({m['macro_f1']:.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the shared data folder (with coded/)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    check_against_sklearn()
    embedder, defaults = Embedder(), Settings()
    datasets = [sample_dataset()] + [coded_dataset(folder) for folder in
                                     sorted((args.data_dir / "coded").iterdir())
                                     if (folder / "units.csv").exists()]
    results = []
    for dataset in datasets:
        results.append(evaluate(dataset, embedder, defaults))
        print(json.dumps(results[-1]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "threshold.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "threshold.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
