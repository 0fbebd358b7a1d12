"""Zero-shot coding from the codebook alone: how far do sentence embeddings go?

Issue 5 asks for mean per-code κ ≥ 0.30 on serdif_usability from the codebook alone
(its 22 codes have a name and a one-sentence definition, no examples or keywords). This
script scores the embedding-only ways of doing that, each unit getting the one code it is
closest to (every serdif unit carries a code, so relevance does not enter):

- ``cosine``: cosine to "name. definition";
- ``centred``: both sides centred on the mean unit vector first;
- ``centred + column z``: each code's similarities standardised over units, so that a
  code whose definition is close to everything ("hub") does not take every unit;
- ``sentences + column z``: each sentence of a definition as a prototype of its own;
- ``self-training``: a regression trained on the half of each code's units it is surest
  of, refitted three times (transductive: it sees every unit's text, never its code).

    .venv/bin/python benchmarks/zero_shot_variants.py ../shared/data [--model FOLDER]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.cli.common import eval_cache  # noqa: E402
from coding.config import DEFAULT_MODEL  # noqa: E402
from coding.embed import Embedder  # noqa: E402
from coding.evaluate.coded import CodedData, dataset_folders, load_coded  # noqa: E402
from coding.evaluate.metrics import score  # noqa: E402
from coding.model import Codebook  # noqa: E402
from coding.store import Project  # noqa: E402

SELF_TRAINING_ROUNDS = 3


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True).clip(1e-12)


def column_z(similarity: np.ndarray) -> np.ndarray:
    return (similarity - similarity.mean(axis=0)) / similarity.std(axis=0).clip(1e-12)


def definitions(codebook: Codebook) -> list[str]:
    return [" ".join(p for p in (c.name + ".", c.definition, c.inclusion) if p)
            for c in codebook.codes]


def sentence_similarity(codebook: Codebook, units: np.ndarray, centre: np.ndarray,
                        embedder: Embedder) -> np.ndarray:
    """(units, codes): best cosine to any sentence of the code's definition, or to all
    of it."""
    texts, owners = [], []
    for index, (code, whole) in enumerate(zip(codebook.codes, definitions(codebook))):
        parts = [s for s in re.split(r"(?<=[.;])\s+", code.definition) if len(s.split()) > 2]
        texts += [*parts, whole]
        owners += [index] * (len(parts) + 1)
    similarity = units @ unit(embedder.encode(texts) - centre).T
    owners_array = np.array(owners)
    return np.stack([similarity[:, owners_array == i].max(axis=1)
                     for i in range(len(codebook.codes))], axis=1)


def self_trained(start: np.ndarray, units: np.ndarray, prototypes: np.ndarray) -> np.ndarray:
    scores = start
    codes = start.shape[1]
    for _ in range(SELF_TRAINING_ROUNDS):
        chosen, sureness = scores.argmax(axis=1), scores.max(axis=1)
        keep = np.concatenate([
            members[np.argsort(-sureness[members])][:max(5, len(members) // 2)]
            for members in (np.flatnonzero(chosen == c) for c in range(codes))])
        regression = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(
            np.vstack([units[keep], prototypes]), np.r_[chosen[keep], np.arange(codes)])
        probabilities = np.full((len(units), codes), 1e-9)
        probabilities[:, regression.classes_] += regression.predict_proba(units)
        scores = np.log(probabilities)
    return scores


def variants(data: CodedData, embedder: Embedder) -> dict[str, np.ndarray]:
    raw = embedder.encode([segment.text for segment in data.segments])
    prototypes_raw = embedder.encode(definitions(data.codebook))
    centre = raw.mean(axis=0)
    units, prototypes = unit(raw - centre), unit(prototypes_raw - centre)
    centred = units @ prototypes.T
    sentences = column_z(sentence_similarity(data.codebook, units, centre, embedder))
    return {"cosine": raw @ prototypes_raw.T, "centred": centred,
            "centred + column z": column_z(centred), "sentences + column z": sentences,
            "self-training": self_trained(sentences, units, prototypes)}


def kappa(data: CodedData, scores: np.ndarray) -> float:
    predicted = np.zeros(data.gold.shape, dtype=bool)
    predicted[np.arange(len(scores)), scores.argmax(axis=1)] = True
    return round(score(data.gold, predicted, data.has_uncoded)["mean_kappa"], 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="the shared data folder (holding coded/)")
    parser.add_argument("--model", default=DEFAULT_MODEL,
                        help="a local sentence-transformers folder (default: bundled MiniLM)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    report = {"model": Path(args.model).name, "mean_kappa": {}}
    with Project(eval_cache()) as cache:
        embedder = Embedder(args.model, cache=cache)
        for folder in dataset_folders(Path(args.data) / "coded"):
            data = load_coded(folder)
            report["mean_kappa"][data.name] = {
                name: kappa(data, scores) for name, scores in variants(data, embedder).items()}
            print(data.name, report["mean_kappa"][data.name], flush=True)
    target = Path(args.out) / f"zero_shot_{report['model']}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")


if __name__ == "__main__":
    main()
