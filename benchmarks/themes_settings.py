"""Choose the theme settings by leave-one-dataset-out over the three coded data sets.

    .venv/bin/python benchmarks/themes_settings.py ../shared/data/coded [--seeds 3]

For every setting of a small grid — theme count (``scale`` x ``auto_theme_count``),
``context`` (neighbours each side), ``context_weight``, ``word_weight`` (the TF-IDF
view) and ``dimensions`` (what PCA keeps) — the harmonic purity of the product's
grouping (small talk set apart first and scored "no theme", as ``coding eval themes``
does) is averaged over ``--seeds`` k-means seeds on each data set. Then, holding out one
data set at a time, the setting with the best mean over the other two is chosen and
scored on the held-out set, beside the settings in use (so no set's own score chooses
what it is scored with). ``min_theme_size`` only caps the count (one theme per 10
segments), which none of these sets reaches, so it is not in the grid. Labels are not
computed (they do not change the grouping).

The setting to use takes each knob's value from the folds' choices, by majority (a
tie keeps the value in use): what the folds agree on generalises; where they disagree,
a held-out set paid for the others' preference (serdif's fold chose word_weight 0.5 and
lost 0.05 on serdif).

Writes benchmarks/results/themes_settings.json and .md (``--rewrite`` writes the .md
and the chosen setting again from the .json, without measuring).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans

from coding.cli.common import eval_cache
from coding.embed import Embedder
from coding.emergent.model import ThemeModel, auto_theme_count
from coding.emergent.smalltalk import SMALL_TALK_NUMBER, small_talk_reasons
from coding.evaluate.coded import dataset_folders
from coding.evaluate.themes import CodedUnits, harmonic_purity, load_units
from coding.store import Project
from coding.talk import name_words

ROOT = Path(__file__).resolve().parents[1]
SCALES = (0.75, 1.0, 1.5, 2.0)
CONTEXTS = (1, 2, 4)
CONTEXT_WEIGHTS = (0.5, 1.0)
WORD_WEIGHTS = (0.5, 1.0, 2.0)
DIMENSIONS = (20, 50)


def in_use() -> str:
    """The grid key of the settings ThemeModel uses today (count scale 1)."""
    model = ThemeModel()
    return key(1.0, model.context, model.context_weight, model.word_weight, model.dimensions)


def key(scale: float, context: int, context_weight: float, word_weight: float,
        dimensions: int) -> str:
    return (f"count x{scale}, context {context}, context_weight {context_weight}, "
            f"word_weight {word_weight}, dimensions {dimensions}")


def by_majority(chosen: list[str], used: str) -> str:
    """Each knob's value as most of the ``chosen`` keys have it (a tie keeps ``used``)."""
    parts = [key.split(", ") for key in chosen]
    picked = []
    for index, default in enumerate(used.split(", ")):
        votes = Counter(part[index] for part in parts)
        best = max(votes.values())
        winners = [value for value, count in votes.items() if count == best]
        picked.append(default if default in winners or len(winners) > 1 else winners[0])
    return ", ".join(picked)


def grid_scores(units: CodedUnits, vectors: np.ndarray, seeds: int) -> dict[str, float]:
    """Mean harmonic purity over ``seeds`` for every setting of the grid on one set."""
    kept = np.array([r is None for r in small_talk_reasons(
        units.texts, names=name_words(set(units.speakers)))])
    texts = [t for t, keep in zip(units.texts, kept) if keep]
    documents = [d for d, keep in zip(units.documents, kept) if keep]
    scores: dict[str, float] = {}
    for context, cweight, wweight, dims in itertools.product(
            CONTEXTS, CONTEXT_WEIGHTS, WORD_WEIGHTS, DIMENSIONS):
        features = ThemeModel(context=context, context_weight=cweight, word_weight=wweight,
                              dimensions=dims)._features(texts, vectors[kept], documents)
        for scale in SCALES:
            count = max(2, round(auto_theme_count(len(texts)) * scale))
            found = []
            for seed in range(seeds):
                themes = np.full(len(units.texts), SMALL_TALK_NUMBER)
                themes[kept] = KMeans(count, random_state=seed, n_init=4).fit_predict(features)
                found.append(harmonic_purity(themes, units.codes))
            scores[key(scale, context, cweight, wweight, dims)] = round(float(np.mean(found)), 4)
    return scores


def leave_one_out(scores: dict[str, dict[str, float]], used: str
                  ) -> dict[str, dict[str, object]]:
    """For each held-out set: the setting best on the others, and its held-out score."""
    names = sorted(scores)
    folds: dict[str, dict[str, object]] = {}
    for held in names:
        others = [n for n in names if n != held]
        best = max(sorted(scores[held]),
                   key=lambda k: np.mean([scores[o][k] for o in others]))
        folds[held] = {"chosen": best, "held_out": scores[held][best],
                       "in_use": scores[held][used],
                       "chosen_on_others": round(float(np.mean(
                           [scores[o][best] for o in others])), 4)}
    return folds


def write_markdown(out: Path, scores: dict[str, dict[str, float]],
                   folds: dict[str, dict[str, object]], used: str, seeds: int) -> str:
    """The report; returns the setting to use (:func:`by_majority` of the folds)."""
    names = sorted(scores)
    chosen = by_majority([str(folds[n]["chosen"]) for n in names], used)
    best = max(sorted(scores[names[0]]), key=lambda k: np.mean([scores[n][k] for n in names]))
    lines = ["# Theme settings by leave-one-dataset-out", "",
             f"{time.strftime('%Y-%m-%d %H:%M')} UTC; harmonic purity, mean of {seeds} "
             "k-means seeds; small talk apart, scored \"no theme\". Count x1.0 = "
             "a third of the square root of the segments (the count in use when measured).",
             "", "| held out | chosen on the other two | held-out purity | in use |",
             "|---|---|---:|---:|"]
    lines += [f"| {n} | {folds[n]['chosen']} | {folds[n]['held_out']} | {folds[n]['in_use']} |"
              for n in names]
    def said(key: str) -> str:
        return ", ".join(f"{n} {scores[n][key]}" for n in names)
    lines += ["", f"Setting to use (each knob by majority of the folds): **{chosen}** — "
              f"{said(chosen)}.", "", f"In use when measured ({used}): {said(used)}.", "",
              f"Best mean over all three (not chosen: it is scored on the sets it is chosen "
              f"on): {best} — {said(best)}.", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--rewrite", action="store_true")
    args = parser.parse_args()
    results = ROOT / "benchmarks" / "results"
    if args.rewrite:
        saved = json.loads((results / "themes_settings.json").read_text(encoding="utf-8"))
        scores, used, seeds = saved["scores"], saved["in_use"], saved["seeds"]
    else:
        scores, used, seeds = {}, in_use(), args.seeds
        with Project(args.cache or eval_cache()) as cache:
            embedder = Embedder(cache=cache)
            for folder in dataset_folders(args.data):
                units = load_units(folder)
                scores[folder.name] = grid_scores(units, embedder.encode(list(units.texts)),
                                                  seeds)
                print(folder.name, "in use", scores[folder.name][used], flush=True)
    folds = leave_one_out(scores, used)
    chosen = write_markdown(results / "themes_settings.md", scores, folds, used, seeds)
    print((results / "themes_settings.md").read_text(encoding="utf-8"))
    (results / "themes_settings.json").write_text(json.dumps(
        {"seeds": seeds, "in_use": used, "chosen": chosen, "folds": folds,
         "scores": scores}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
