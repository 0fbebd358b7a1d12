"""Per-code Cohen's κ on two real coders (mlss_interviews/coder_pairs.csv), two ways.

Ours: coding.review.agreement over the turns either coder coded (turns neither coded are
counted apart, as the product reports them). Independent: scikit-learn's
``cohen_kappa_score`` on the same turns, code by code. Also printed: sklearn's κ over
every turn (uncoded ones included) to show how much uncoded text moves the figure, and
Krippendorff's α and Fleiss' κ from the product with bootstrap 95% intervals.

    .venv/bin/python benchmarks/agreement_mlss.py ../shared/data
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.review.agreement import ALL_THEMES, Judgements, agreement  # noqa: E402


def codes_of(cell: object) -> set[str]:
    return {c.strip() for c in str(cell).split(";") if c.strip()} if cell == cell else set()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holding coded/)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    path = args.data / "coded" / "mlss_interviews" / "coder_pairs.csv"
    units = pd.read_csv(path)
    first = [codes_of(c) for c in units["codes_coder_a"]]
    second = [codes_of(c) for c in units["codes_coder_b"]]
    codes = sorted(set().union(*first, *second))
    values = np.array([[[int(code in unit) for code in codes] for unit in coder]
                       for coder in (first, second)], dtype=np.int8)
    report = agreement(Judgements(("coder_a", "coder_b"), tuple(units["unit_id"]),
                                  tuple(codes), values), bootstrap=1000, seed=0)
    coded = values.any(axis=(0, 2))
    rows = []
    for t, code in enumerate(codes):
        ours = report.pairs.loc[report.pairs["theme"] == code, "cohen_kappa"].item()
        theme = report.themes.loc[report.themes["theme"] == code].iloc[0]
        rows.append({
            "code": code, "kappa_ours": round(float(ours), 4),
            "kappa_sklearn": round(float(cohen_kappa_score(values[0, coded, t],
                                                           values[1, coded, t])), 4),
            "kappa_sklearn_all_turns": round(float(cohen_kappa_score(values[0, :, t],
                                                                     values[1, :, t])), 4),
            "alpha": round(float(theme["alpha"]), 4),
            "alpha_95": [round(float(theme["alpha_low"]), 3),
                         round(float(theme["alpha_high"]), 3)],
            "fleiss_kappa": round(float(theme["fleiss_kappa"]), 4),
            "percent": round(float(theme["percent"]), 4),
            "applied_a": int(values[0, :, t].sum()), "applied_b": int(values[1, :, t].sum())})
    pooled = report.themes.loc[report.themes["theme"] == ALL_THEMES].iloc[0]
    largest = max(abs(r["kappa_ours"] - r["kappa_sklearn"]) for r in rows)
    result = {"file": "coded/mlss_interviews/coder_pairs.csv", "turns": len(units),
              "turns_compared": report.compared, "turns_uncoded": report.uncoded,
              "codes": rows, "largest_kappa_difference": largest,
              "match_to_3_decimals": all(round(r["kappa_ours"], 3) == round(r["kappa_sklearn"], 3)
                                         for r in rows),
              "all_codes_alpha": round(float(pooled["alpha"]), 4),
              "all_codes_alpha_95": [round(float(pooled["alpha_low"]), 3),
                                     round(float(pooled["alpha_high"]), 3)],
              "bootstrap": report.bootstrap, "seed": report.seed}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "agreement_mlss.json").write_text(json.dumps(result, indent=2) + "\n",
                                                  encoding="utf-8")
    (args.out / "agreement_mlss.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def markdown(result: dict) -> str:
    lines = [
        "# Per-code agreement on two real coders (mlss_interviews)", "",
        "`.venv/bin/python benchmarks/agreement_mlss.py ../shared/data`", "",
        f"{result['turns']} turns; {result['turns_compared']} coded by at least one coder "
        f"(the figures); {result['turns_uncoded']} coded by neither (counted apart). "
        "Independent check: scikit-learn `cohen_kappa_score` on the same turns. "
        f"Largest difference {result['largest_kappa_difference']:.1e}; all match to 3 "
        f"decimals: **{result['match_to_3_decimals']}**.", "",
        "| code | κ ours | κ sklearn | κ sklearn, all turns | α (95% CI) | Fleiss κ | % agree "
        "| applied a / b |", "|---|---|---|---|---|---|---|---|"]
    for r in result["codes"]:
        low, high = r["alpha_95"]
        lines.append(f"| {r['code']} | {r['kappa_ours']:.3f} | {r['kappa_sklearn']:.3f} | "
                     f"{r['kappa_sklearn_all_turns']:.3f} | {r['alpha']:.3f} "
                     f"({low:.3f}–{high:.3f}) | {r['fleiss_kappa']:.3f} | "
                     f"{r['percent']:.3f} | {r['applied_a']} / {r['applied_b']} |")
    low, high = result["all_codes_alpha_95"]
    lines += ["", f"All codes pooled: α = {result['all_codes_alpha']:.3f} ({low:.3f}–{high:.3f}), "
              f"{result['bootstrap']} bootstrap resamples of turns, seed {result['seed']}.",
              "The 'all turns' column shows how counting uncoded turns moves κ; the product "
              "reports figures without them and the uncoded count beside them.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
