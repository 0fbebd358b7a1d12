"""Inter-coder agreement per theme: percent, Cohen's κ (pairs), Fleiss' κ, Krippendorff's α.

The unit is the segment; for each theme every coder either applied it (1), did not (0),
or made no judgement (missing). Rules, kept simple and explicit:

* A coder's judgement on (segment, theme) is their latest decision on it: confirm →
  applied, reject → not applied, relabel → old theme not applied, new theme applied.
* A coder who made any such decision on a segment has **judged the whole segment**: the
  themes they did not apply there count as "not applied" (coding a segment means
  deciding which themes it carries). A segment they never decided on is **missing** for
  them, never "not applied". So a partly reviewed segment counts as fully judged, and an
  untouched one not at all.
* The machine, when included, is one more coder named ``machine`` that judged every
  segment and applied exactly the themes it suggested.
* Only segments judged by at least two coders can be compared. Of those, segments on
  which *no* coder applied *any* theme are **uncoded**: they are counted and reported
  separately and left out of every figure, so a sea of agreed-empty text cannot inflate
  agreement.

Percent agreement is the mean, over segments, of the share of coder pairs that agree
(Fleiss' observed agreement). Fleiss' κ uses its generalisation to a varying number of
coders per segment. "All themes" pools every (segment, theme) pair. Intervals are
percentile bootstrap intervals from resampling segments with a fixed seed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import krippendorff
import numpy as np
import pandas as pd

from coding.errors import AgreementError
from coding.model import Action, Decision
from coding.store import Project
from coding.store.status import CONSENSUS, standing

MACHINE = "machine"
ALL_THEMES = "(all themes)"
MISSING = -1


@dataclass(frozen=True)
class Judgements:
    """values[coder, segment, theme]: 1 applied, 0 not applied, -1 missing."""

    coders: tuple[str, ...]
    segments: tuple[str, ...]
    themes: tuple[str, ...]
    values: np.ndarray


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, ...]
    themes: pd.DataFrame  # one row per theme, then the pooled row ALL_THEMES
    pairs: pd.DataFrame  # Cohen's κ for each coder pair and theme (and ALL_THEMES)
    compared: int  # segments judged by ≥ 2 coders on which someone applied a theme
    uncoded: int  # segments judged by ≥ 2 coders on which nobody applied any theme
    single: int  # segments judged by fewer than 2 coders: nothing to compare
    bootstrap: int  # resamples behind the intervals (0: no intervals)
    seed: int


# -- from decisions to judgements -----------------------------------------------------------

DECISION_COLUMNS = ["segment_id", "code", "action", "new_code", "coder"]


def judgements(decisions: Iterable[Decision] | pd.DataFrame, segments: Sequence[str],
               themes: Sequence[str], coders: Sequence[str] | None = None,
               suggestions: Iterable[tuple[str, str]] = (),
               include_machine: bool = False) -> Judgements:
    """Each coder's applied / not applied / missing per (segment, theme); see the module
    docstring for the rules. ``decisions`` in the order they were made, as records or a
    table with DECISION_COLUMNS (standing ones only, as :meth:`Project.decision_frame`
    gives); ``suggestions`` are (segment, theme) pairs of the machine."""
    table = decisions if isinstance(decisions, pd.DataFrame) else pd.DataFrame(
        [(d.segment_id, d.code, str(d.action), d.new_code, d.coder)
         for d in standing(decisions)],
        columns=DECISION_COLUMNS)
    status_setting = table["action"].isin(_STATUS_ACTIONS).to_numpy()
    chosen = (list(coders) if coders is not None
              else sorted(table["coder"][status_setting].unique()))
    everyone = [*chosen, MACHINE] if include_machine else chosen
    values = np.full((len(everyone), len(segments), len(themes)), MISSING, dtype=np.int8)
    coder, segment, theme, applied = _latest_acts(table, chosen, segments, themes)
    judged = (coder >= 0) & (segment >= 0)
    values[coder[judged], segment[judged], :] = 0  # a decision judges all the segment's themes
    known = judged & (theme >= 0)
    values[coder[known], segment[known], theme[known]] = applied[known]
    if include_machine:
        values[-1] = 0
        pairs = pd.DataFrame(list(suggestions), columns=["segment_id", "code"])
        rows, columns = _positions(pairs["segment_id"], segments), _positions(pairs["code"],
                                                                               themes)
        present = (rows >= 0) & (columns >= 0)
        values[-1, rows[present], columns[present]] = 1
    return Judgements(tuple(everyone), tuple(segments), tuple(themes), values)


_STATUS_ACTIONS = [Action.CONFIRM.value, Action.REJECT.value, Action.RELABEL.value]


def _positions(column: pd.Series, names: Sequence[str]) -> np.ndarray:
    """Where each value stands in ``names`` (-1 if absent), hashing each distinct value once."""
    where = {name: position for position, name in enumerate(names)}
    codes, distinct = pd.factorize(column)
    lookup = np.array([where.get(value, -1) for value in distinct] + [-1], dtype=np.int64)
    return lookup[codes]


def _latest_acts(table: pd.DataFrame, coders: Sequence[str], segments: Sequence[str],
                 themes: Sequence[str]) -> tuple[np.ndarray, ...]:
    """(coder, segment, theme, applied) positions of the latest status-setting act per
    (coder, segment, theme); a relabel is two acts: old theme not applied, new applied."""
    action = table["action"].to_numpy(dtype=object)
    plain = np.flatnonzero((action == Action.CONFIRM.value) | (action == Action.REJECT.value))
    moved = np.flatnonzero(action == Action.RELABEL.value)
    code, new_code = _positions(table["code"], themes), _positions(table["new_code"], themes)
    rows = np.concatenate([plain, moved, moved])
    theme = np.concatenate([code[plain], code[moved], new_code[moved]])
    applied = np.concatenate([(action[plain] == Action.CONFIRM.value).astype(np.int8),
                              np.zeros(len(moved), np.int8), np.ones(len(moved), np.int8)])
    coder = _positions(table["coder"], coders)[rows]
    segment = _positions(table["segment_id"], segments)[rows]
    key = ((coder + 1) * (len(segments) + 1) + segment + 1) * (len(themes) + 1) + theme + 1
    # a relabel's "new theme applied" is later than its "old theme not applied"
    later = np.concatenate([np.zeros(len(plain) + len(moved), np.int64),
                            np.ones(len(moved), np.int64)])
    newest_first = np.argsort(-(2 * rows + later), kind="stable")
    _, first = np.unique(key[newest_first], return_index=True)
    keep = newest_first[first]
    return coder[keep], segment[keep], theme[keep], applied[keep]


# -- the figures ---------------------------------------------------------------------------

def agreement(judged: Judgements, bootstrap: int = 1000, seed: int = 0,
              confidence: float = 0.95) -> AgreementReport:
    """Per theme and pooled: percent agreement, Fleiss' κ, Krippendorff's α and Cohen's κ
    per pair, over the compared segments, with bootstrap intervals when ``bootstrap``."""
    if len(judged.coders) < 2:
        raise AgreementError(f"agreement needs two coders, not {len(judged.coders)}.",
                             fix="name at least two coders.")
    values = judged.values
    judges = (values != MISSING).any(axis=2).sum(axis=0)  # coders per segment
    anyone_applied = (values == 1).any(axis=(0, 2))
    comparable = judges >= 2
    keep = comparable & anyone_applied
    kept = values[:, keep, :]
    names = [*judged.themes, ALL_THEMES]
    unit_stats = _unit_stats(kept)  # (segments, themes + 1, fields)
    weights = _resample_weights(int(keep.sum()), bootstrap, seed)
    themes = _theme_frame(names, kept, unit_stats, weights, confidence)
    pairs = _pair_frame(names, judged.coders, kept, weights, confidence)
    mean_kappa = pairs.groupby("theme", sort=False)["cohen_kappa"].mean()
    themes.insert(1, "cohen_kappa_mean", themes["theme"].map(mean_kappa))
    uncoded = comparable & ~anyone_applied
    return AgreementReport(coders=judged.coders, themes=themes, pairs=pairs,
                           compared=int(keep.sum()), uncoded=int(uncoded.sum()),
                           single=int((~comparable).sum()), bootstrap=bootstrap, seed=seed)


# Per-segment sufficient statistics; every figure is a function of their sums, so a
# bootstrap resample is one matrix product with the resampling counts.
_N0, _N1, _O01, _P, _UNITS = range(5)


def _unit_stats(values: np.ndarray) -> np.ndarray:
    ones = (values == 1).sum(axis=0, dtype=np.float64)
    zeros = (values == 0).sum(axis=0, dtype=np.float64)
    judged = ones + zeros
    pairable = judged >= 2
    safe = np.where(pairable, judged, 2.0)
    stats = np.stack([
        np.where(pairable, zeros, 0.0), np.where(pairable, ones, 0.0),
        np.where(pairable, ones * zeros / (safe - 1), 0.0),
        np.where(pairable, (ones * (ones - 1) + zeros * (zeros - 1)) / (safe * (safe - 1)), 0.0),
        pairable.astype(np.float64)], axis=-1)
    return np.concatenate([stats, stats.sum(axis=1, keepdims=True)], axis=1)


def _figures(sums: np.ndarray) -> dict[str, np.ndarray]:
    """Percent, Fleiss' κ and α (closed form for two categories) from summed statistics."""
    n0, n1, o01, p, units = (sums[..., k] for k in range(5))
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = p / units
        share = n1 / (n0 + n1)
        expected = share ** 2 + (1 - share) ** 2
        fleiss = np.where(expected < 1, (percent - expected) / (1 - expected), np.nan)
        alpha = np.where(n0 * n1 > 0, 1 - (n0 + n1 - 1) * o01 / (n0 * n1), np.nan)
    return {"percent": percent, "fleiss_kappa": fleiss, "alpha": alpha}


def _package_alpha(values: np.ndarray) -> np.ndarray:
    """Krippendorff's α per theme and pooled, from the ``krippendorff`` package, given
    how many coders chose "not applied" and "applied" in each (segment, theme)."""
    counts = np.stack([(values == 0).sum(axis=0), (values == 1).sum(axis=0)], axis=-1)
    columns = [counts[:, t] for t in range(counts.shape[1])]
    columns.append(counts.reshape(-1, 2))  # pooled: every (segment, theme) is a unit
    return np.array([_alpha_or_nan(column) for column in columns])


def _alpha_or_nan(counts: np.ndarray) -> float:
    pairable = counts[counts.sum(axis=1) >= 2]
    if (pairable.sum(axis=0) == 0).any():  # one category only: α is undefined
        return float("nan")
    return float(krippendorff.alpha(value_counts=pairable, level_of_measurement="nominal"))


def _theme_frame(names: list[str], values: np.ndarray, stats: np.ndarray,
                 weights: np.ndarray | None, confidence: float) -> pd.DataFrame:
    point = _figures(stats.sum(axis=0))
    point["alpha"] = _package_alpha(values)
    frame = pd.DataFrame({"theme": names, "applied": stats[..., _N1].sum(axis=0).astype(int)})
    resampled = None
    if weights is not None:
        flat = stats.reshape(stats.shape[0], -1)
        resampled = _figures((weights @ flat).reshape(len(weights), *stats.shape[1:]))
    for name, value in point.items():
        frame[name] = value
        if resampled is not None:
            frame[f"{name}_low"], frame[f"{name}_high"] = _interval(resampled[name],
                                                                    confidence)
    return frame


def _pair_cells(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Which cell each (segment, theme) falls in for two coders: 0 both applied, 1 first
    only, 2 second only, 3 neither, 4 not judged by both."""
    cells = np.where(first == 1, np.where(second == 1, 0, 1), np.where(second == 1, 2, 3))
    return np.where((first == MISSING) | (second == MISSING), 4, cells).astype(np.int8)


def _cell_counts(cells: np.ndarray) -> np.ndarray:
    """(theme + pooled, 4) counts of the four cells."""
    themes = cells.shape[1]
    flat = (cells.astype(np.int64) + 5 * np.arange(themes)).ravel()
    counts = np.bincount(flat, minlength=5 * themes).reshape(themes, 5)[:, :4]
    return np.vstack([counts, counts.sum(axis=0)])


def _cell_indicators(cells: np.ndarray) -> np.ndarray:
    """(segment, (theme + pooled) * 4) one-hot cells, for the bootstrap product."""
    onehot = (cells[..., None] == np.arange(4, dtype=np.int8)).astype(np.float32)
    pooled = onehot.sum(axis=1, keepdims=True)
    return np.concatenate([onehot, pooled], axis=1).reshape(cells.shape[0], -1)


def _cohen(cells: np.ndarray) -> np.ndarray:
    both, first, second, neither = (cells[..., k].astype(np.float64) for k in range(4))
    total = both + first + second + neither
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (both + neither) / total
        a, b = (both + first) / total, (both + second) / total
        expected = a * b + (1 - a) * (1 - b)
        return np.where(expected < 1, (observed - expected) / (1 - expected), np.nan)


def _pair_frame(names: list[str], coders: Sequence[str], values: np.ndarray,
                weights: np.ndarray | None, confidence: float) -> pd.DataFrame:
    records = []
    for (a, first), (b, second) in combinations(enumerate(coders), 2):
        cells = _pair_cells(values[a], values[b])
        counts = _cell_counts(cells)
        kappa = _cohen(counts)
        low = high = np.full(len(names), np.nan)
        if weights is not None:
            resampled = weights @ _cell_indicators(cells)
            low, high = _interval(_cohen(resampled.reshape(len(weights), len(names), 4)),
                                  confidence)
        records += [{"theme": name, "coder_a": first, "coder_b": second,
                     "segments": int(counts[t].sum()), "cohen_kappa": kappa[t],
                     "cohen_kappa_low": low[t], "cohen_kappa_high": high[t]}
                    for t, name in enumerate(names)]
    return pd.DataFrame(records)


def _resample_weights(segments: int, bootstrap: int, seed: int) -> np.ndarray | None:
    """How often each segment is drawn in each resample (rows: resamples)."""
    if bootstrap <= 0 or segments == 0:
        return None
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, segments, size=(bootstrap, segments))
    offsets = (draws + np.arange(bootstrap)[:, None] * segments).ravel()
    counts = np.bincount(offsets, minlength=bootstrap * segments)
    return counts.reshape(bootstrap, segments).astype(np.float32)


def _interval(samples: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column; NaN where every resample was undefined."""
    tail = (1 - confidence) / 2 * 100
    if not np.isnan(samples).any():  # the fast path; nanpercentile is slow
        low, high = np.percentile(samples, [tail, 100 - tail], axis=0)
        return low, high
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN
        low, high = np.nanpercentile(samples, [tail, 100 - tail], axis=0)
    return low, high


# -- from a project ------------------------------------------------------------------------

def project_coders(project: Project) -> list[str]:
    """Everyone who set a theme's status on some segment, by name."""
    return project.status_coders()


def project_agreement(project: Project, coders: Sequence[str] | None = None,
                      include_machine: bool = False, bootstrap: int = 1000,
                      seed: int = 0) -> AgreementReport:
    """Agreement between ``coders`` (default: every human coder except "consensus").
    The machine, when included, is judged on its first suggestion of each pair made
    before anyone decided the pair, never on suggestions learned from the decisions."""
    chosen = (list(coders) if coders is not None
              else [c for c in project_coders(project) if c != CONSENSUS])
    if len(chosen) + include_machine < 2:
        raise AgreementError(
            f"agreement needs two coders; this project has {', '.join(chosen) or 'none'}.",
            path=project.path, fix="name two coders, or include the machine.")
    decisions = project.decision_frame()[DECISION_COLUMNS]
    judged = judgements(decisions, project.segment_ids(), project.code_names(), chosen,
                        project.first_suggested_pairs(), include_machine)
    return agreement(judged, bootstrap=bootstrap, seed=seed)
