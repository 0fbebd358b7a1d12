"""Suggestion quality against human coders, per coded data set, with baselines beside it.

Runs ``coding eval coding`` (the product's own LearnedSuggester, cross-validated by
document, several simulated researchers) on every data set in DATA_DIR/coded and writes
``benchmarks/results/coding_<data set>.json`` and ``coding_quality.md``.

    .venv/bin/python benchmarks/coding_quality.py ../shared/data [--seeds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.cli import main as coding  # noqa: E402
from coding.evaluate.coding import dataset_folders  # noqa: E402


def table(documents: list[dict]) -> list[str]:
    lines = ["| data set | setting | product mean κ [95% CI] | macro-F1 | micro-F1 | pooled κ "
             "| relevance κ | majority κ | keyword κ |", "|---|---|---|---|---|---|---|---|---|"]
    for document in documents:
        rows = {(r["setting"], r["method"]): r for r in document["results"]}
        for setting in dict.fromkeys(r["setting"] for r in document["results"]):
            product = rows[(setting, "product")]
            low, high = product["mean_kappa_ci"]
            relevance = product["relevance_kappa"]
            lines.append(
                f"| {document['dataset']} | {setting} | **{product['mean_kappa']:.3f}** "
                f"[{low:.2f}, {high:.2f}] | {product['macro_f1']:.3f} | "
                f"{product['micro_f1']:.3f} | {product['pooled_kappa']:.3f} | "
                f"{'–' if relevance is None else f'{relevance:.3f}'} | "
                f"{rows[(setting, 'majority')]['mean_kappa']:.3f} | "
                f"{rows[(setting, 'keyword')]['mean_kappa']:.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="the shared data folder (holding coded/)")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    documents, started = [], time.perf_counter()
    for folder in dataset_folders(Path(args.data) / "coded"):
        target = out / f"coding_{folder.name}.json"
        coding(["eval", "coding", str(folder), "--json", str(target), "--seeds",
                str(args.seeds)])
        documents.append(json.loads(target.read_text(encoding="utf-8")))
    minutes = (time.perf_counter() - started) / 60
    ceilings = []
    for document in documents:
        human = document.get("human_ceiling")
        if human:
            ceilings.append(f"- {document['dataset']}: two human coders (coder_pairs.csv, "
                            f"{human['units']} turns) mean κ {human['mean_kappa']:.3f}, "
                            f"relevance κ {human['relevance_kappa']:.3f}")
    lines = ["# Suggestion quality against human coders", "",
             f"Made by `.venv/bin/python benchmarks/coding_quality.py ../shared/data --seeds "
             f"{args.seeds}` in {minutes:.1f} min (2 cores). Mean per-code Cohen's κ over codes "
             "with ≥ 5 coded units; cross-validated by document; k = confirmed units per code "
             "given to the product by a simulated researcher; interval by bootstrap over "
             "documents (first seed).", "", *table(documents), "", *ceilings, ""]
    (out / "coding_quality.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
