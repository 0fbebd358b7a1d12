"""Harmonic purity of the theme grouping over a small grid of settings, to choose them
by leave-one-dataset-out on serdif_usability and pdpilot_interviews.

    .venv/bin/python benchmarks/themes_settings.py ../shared/data/coded

Grid: theme count x (0.75, 1, 1.5) of ``auto_theme_count``, ``word_weight`` (0.5, 1, 2),
``context_weight`` (0.5, 1); ``context`` 2. Small talk is set apart first, as in the
product; labels are not computed (they do not change the grouping). Writes
benchmarks/results/themes_settings.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans

from coding.cli.common import eval_cache
from coding.embed import Embedder
from coding.emergent.model import ThemeModel, auto_theme_count
from coding.emergent.smalltalk import SMALL_TALK_NUMBER, small_talk_reasons
from coding.evaluate.coded import dataset_folders
from coding.evaluate.themes import harmonic_purity, load_units
from coding.store import Project

ROOT = Path(__file__).resolve().parents[1]
CHOSEN_ON = ("serdif_usability", "pdpilot_interviews")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with Project(eval_cache()) as cache:
        embedder = Embedder(cache=cache)
        for folder in dataset_folders(args.data):
            if folder.name not in CHOSEN_ON:
                continue
            units = load_units(folder)
            vectors = embedder.encode(list(units.texts))
            kept = np.array([r is None for r in small_talk_reasons(units.texts)])
            texts = [t for t, keep in zip(units.texts, kept) if keep]
            documents = [d for d, keep in zip(units.documents, kept) if keep]
            for scale, words, weight in itertools.product((0.75, 1.0, 1.5), (0.5, 1.0, 2.0),
                                                          (0.5, 1.0)):
                model = ThemeModel(word_weight=words, context_weight=weight)
                count = max(2, round(auto_theme_count(len(texts)) * scale))
                found = KMeans(count, random_state=0, n_init=4).fit_predict(
                    model._features(texts, vectors[kept], documents))
                themes = np.full(len(units.texts), SMALL_TALK_NUMBER)
                themes[kept] = found
                key = f"count x{scale}, word_weight {words}, context_weight {weight}"
                results.setdefault(key, {})[folder.name] = round(
                    harmonic_purity(themes, units.codes), 4)
                print(key, folder.name, results[key][folder.name], flush=True)
    out = ROOT / "benchmarks" / "results" / "themes_settings.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
