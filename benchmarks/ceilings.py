"""How far a sentence model can go on the coded data when it is given every label.

The quality targets of suggestions (issue 5) and emergent themes (issue 6) are measured
on ``DATA_DIR/coded``. This benchmark asks what the sentence model itself allows: a
logistic regression on its (centred) embeddings, trained on **all** coded units of the
training documents rather than the k per code a researcher would confirm (classes
balanced), cross-validated by document. It is also told which units carry a code at all
(oracle relevance), so its figures are generous for anything built on the same embeddings
alone. Beside it, the product's own suggester given the same labels (its neighbour-context
features can take it past the plain regression).

With ``--fine-tune`` the sentence model itself is also trained on those labels
(cross-entropy through a linear head, 3 epochs) before the regression.

Scores per data set: mean per-code Cohen's κ over codes with ≥ 5 units (as
``coding eval coding`` reports it) and harmonic purity of the predicted codes over coded
units (as ``coding eval themes`` reports it).

    .venv/bin/python benchmarks/ceilings.py ../shared/data [--model FOLDER] [--fine-tune]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.cli.common import eval_cache  # noqa: E402
from coding.config import DEFAULT_MODEL  # noqa: E402
from coding.embed import Embedder, load_model  # noqa: E402
from coding.evaluate.coded import CodedData, dataset_folders, load_coded  # noqa: E402
from coding.evaluate.coding import cross_validated  # noqa: E402
from coding.evaluate.metrics import score  # noqa: E402
from coding.evaluate.themes import harmonic_purity  # noqa: E402
from coding.store import Project  # noqa: E402

FOLDS = 5
EPOCHS = 3
BATCH = 16
EVERY_UNIT = 10**9  # k large enough that every training unit is confirmed


def first_codes(data: CodedData) -> np.ndarray:
    """Each unit's first listed code as a column index, -1 when it has none."""
    return np.array([data.codebook.names.index(codes[0]) if codes else -1
                     for codes in data.unit_codes])


def document_folds(data: CodedData, seed: int = 0) -> list[np.ndarray]:
    documents = np.random.default_rng(seed).permutation(np.unique(data.documents))
    count = min(FOLDS, len(documents))
    return [np.isin(data.documents, documents[i::count]) for i in range(count)]


def centred(vectors: np.ndarray) -> np.ndarray:
    shifted = vectors - vectors.mean(axis=0)
    return shifted / np.linalg.norm(shifted, axis=1, keepdims=True).clip(1e-12)


def fine_tuned_vectors(texts: list[str], rows: np.ndarray, labels: np.ndarray,
                       classes: int, model_name: str, seed: int) -> np.ndarray:
    """Embeddings of ``texts`` by a copy of the sentence model trained to tell the
    ``labels`` of ``rows`` apart."""
    import torch

    torch.manual_seed(seed)
    model = copy.deepcopy(load_model(model_name))  # the cached model stays untouched
    head = torch.nn.Linear(model.get_sentence_embedding_dimension(), classes)
    optimiser = torch.optim.AdamW([{"params": model.parameters(), "lr": 3e-5},
                                   {"params": head.parameters(), "lr": 1e-2}])
    rng = np.random.default_rng(seed)
    model.train()
    for _ in range(EPOCHS):
        order = rng.permutation(len(rows))
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            features = model.preprocess([texts[rows[i]] for i in batch])
            embedded = torch.nn.functional.normalize(model(features)["sentence_embedding"],
                                                     dim=-1)
            # Cosine logits lie in [-1, 1]; scaled so the softmax can become confident.
            loss = torch.nn.functional.cross_entropy(20 * head(embedded),
                                                     torch.tensor(labels[batch]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    return model.encode(texts, batch_size=32, normalize_embeddings=True,
                        convert_to_numpy=True, show_progress_bar=False)


def supervised_predictions(data: CodedData, vectors: np.ndarray, model_name: str,
                           fine_tune: bool) -> np.ndarray:
    """(units, codes): each coded unit of a held-out document gets the code a regression
    trained on every coded unit of the other documents chooses; uncoded units get none."""
    labels = first_codes(data)
    texts = [segment.text for segment in data.segments]
    predicted = np.zeros(data.gold.shape, dtype=bool)
    for number, test in enumerate(document_folds(data)):
        train = np.flatnonzero(~test & (labels >= 0))
        fold_vectors = (fine_tuned_vectors(texts, train, labels[train], len(data.codebook.names),
                                           model_name, seed=number)
                        if fine_tune else vectors)
        features = centred(fold_vectors)
        # Balanced, as the product's theme model is: mean per-code κ weighs codes equally.
        regression = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(
            features[train], labels[train])
        scored = np.flatnonzero(test & (labels >= 0))
        predicted[scored, regression.predict(features[scored])] = True
    return predicted


def ceiling(data: CodedData, embedder: Embedder, fine_tune: bool) -> dict:
    vectors = embedder.encode([segment.text for segment in data.segments])
    predicted = supervised_predictions(data, vectors, embedder.model, fine_tune)
    coded = np.flatnonzero(data.gold.any(axis=1))
    chosen = predicted[coded].argmax(axis=1)
    figures = score(data.gold, predicted, data.has_uncoded)
    # The product itself, as a researcher who had confirmed every coded unit (and judged
    # every uncoded one) of the training documents would have it.
    everything = score(data.gold, cross_validated(data, embedder, EVERY_UNIT, 0)["product"],
                       data.has_uncoded)
    return {"product_all_labels_mean_kappa": round(everything["mean_kappa"], 3),
            "mean_kappa": round(figures["mean_kappa"], 3),
            "codes_scored": figures["codes_scored"],
            "harmonic_purity": round(harmonic_purity(chosen, [data.unit_codes[r]
                                                              for r in coded]), 3),
            "coded_units": len(coded), "documents": int(len(np.unique(data.documents)))}


def product_figures(results: Path, dataset: str) -> dict:
    """The product's committed figures (coding_quality.py, themes_quality.py)."""
    found: dict = {}
    coding = results / f"coding_{dataset}.json"
    if coding.exists():
        rows = json.loads(coding.read_text(encoding="utf-8"))["results"]
        found.update({f"{r['setting']} mean κ": r["mean_kappa"] for r in rows
                      if r["method"] == "product" and r["setting"] in ("zero-shot", "k=10")})
    themes = results / "themes_quality.json"
    if themes.exists():
        sets = json.loads(themes.read_text(encoding="utf-8"))["datasets"]
        if dataset in sets:
            found["themes harmonic purity"] = sets[dataset]["themes (product)"]["harmonic_purity"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="the shared data folder (holding coded/)")
    parser.add_argument("--model", default=DEFAULT_MODEL,
                        help="a local sentence-transformers folder (default: bundled MiniLM)")
    parser.add_argument("--fine-tune", action="store_true",
                        help="also train the sentence model on the labels (slow)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report = {"model": Path(args.model).name, "fine_tuned": args.fine_tune, "datasets": {}}
    with Project(eval_cache()) as cache:
        embedder = Embedder(args.model, cache=cache)
        for folder in dataset_folders(Path(args.data) / "coded"):
            data = load_coded(folder)
            report["datasets"][data.name] = {
                "supervised ceiling": ceiling(data, embedder, args.fine_tune),
                "product": product_figures(out, data.name)}
            print(data.name, report["datasets"][data.name], flush=True)
    report["minutes"] = round((time.perf_counter() - started) / 60, 1)
    name = f"ceilings_{report['model']}{'_fine_tuned' if args.fine_tune else ''}"
    (out / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
