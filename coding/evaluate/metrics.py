"""Agreement between two unit × code tables (gold and predicted), as coders report it."""

from __future__ import annotations

import numpy as np

#: A code is scored when at least this many units carry it in the gold table.
MIN_UNITS = 5
BOOTSTRAP_SAMPLES = 200


def per_code(gold: np.ndarray, predicted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cohen's kappa and F1 of every column at once."""
    gold, predicted = gold.astype(bool), predicted.astype(bool)
    n = gold.shape[0]
    tp = (gold & predicted).sum(axis=0)
    fp = (~gold & predicted).sum(axis=0)
    fn = (gold & ~predicted).sum(axis=0)
    tn = n - tp - fp - fn
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / n**2
    with np.errstate(invalid="ignore", divide="ignore"):
        kappa = np.where(expected < 1, (observed - expected) / (1 - expected), 0.0)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
    return kappa, f1


def score(gold: np.ndarray, predicted: np.ndarray, has_uncoded: bool) -> dict:
    """Mean per-code kappa (codes with >= MIN_UNITS), macro- and micro-F1, pooled kappa
    over all cells, and relevance kappa (any code vs none) when ``has_uncoded``."""
    scored = gold.sum(axis=0) >= MIN_UNITS
    kappas, f1s = per_code(gold[:, scored], predicted[:, scored])
    pooled, micro = per_code(gold.reshape(-1, 1), predicted.reshape(-1, 1))
    relevance = (per_code(gold.any(axis=1)[:, None], predicted.any(axis=1)[:, None])[0][0]
                 if has_uncoded else None)
    return {"mean_kappa": float(kappas.mean()) if scored.any() else 0.0,
            "codes_scored": int(scored.sum()),
            "macro_f1": float(f1s.mean()) if scored.any() else 0.0,
            "micro_f1": float(micro[0]), "pooled_kappa": float(pooled[0]),
            "relevance_kappa": None if relevance is None else float(relevance)}


def bootstrap(gold: np.ndarray, predicted: np.ndarray, documents: np.ndarray, key: str,
              samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> tuple[float, float]:
    """95% interval of ``score(...)[key]`` when whole documents are resampled."""
    rng = np.random.default_rng(seed)
    names = np.unique(documents)
    rows_of = {name: np.flatnonzero(documents == name) for name in names}
    has_uncoded = bool((~gold.any(axis=1)).any())
    values = []
    for _ in range(samples):
        rows = np.concatenate([rows_of[name] for name in rng.choice(names, len(names))])
        value = score(gold[rows], predicted[rows], has_uncoded)[key]
        if value is not None:
            values.append(value)
    if not values:
        return (0.0, 0.0)
    low, high = np.percentile(values, [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)
