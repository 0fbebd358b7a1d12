"""``coding eval themes DATA_DIR``: emergent themes against researchers' codes.

Reads ``<dataset>/codebook.yaml`` (codes: name, definition, keywords, examples) and
``<dataset>/units.csv`` (unit_id, document, speaker, text, codes separated by ``;``)
for every dataset folder under DATA_DIR (or DATA_DIR itself). Only units with at least
one code are clustered and scored; units keep their order, so a unit's neighbours are
those of its document.

Scores, per dataset:

* **harmonic purity**: the harmonic mean of purity and inverse purity. Purity is the
  share of units that carry their theme's most frequent code (summed over themes);
  inverse purity is the share of units that sit in their code's most frequent theme
  (summed over codes). A unit with k codes counts 1/k towards each of its codes, so a
  multi-coded unit is neither double-counted nor forced to one code. A unit the product
  sets apart as small talk (the group :data:`SMALL_TALK_NUMBER`) is judged "no theme":
  every scored unit carries a human code, so it earns nothing towards purity or inverse
  purity and stays in the count (setting talk apart is never free).
* **NMI** and **ARI** (scikit-learn) between themes and each unit's first listed code.
* **n_themes**; **code_recall**: the share of codebook codes that cover some theme
  (see :mod:`coding.emergent.coverage`).
* **label_quality**: the share of the words in the themes' labels that are names
  (the units' speakers), months, weekdays, fillers or numbers
  (:func:`coding.talk.label_fault`); 0 is the target. Not defined for the baseline,
  which has no labels.
* **covered_accuracy**: the share of themes judged "covered by X" where X is the
  theme's majority human code (every theme here has one, so "new" counts as wrong),
  from the codebook alone; **new_accuracy**: the share of themes judged "new" when
  their majority code is left out of the codebook (what a theme the codebook lacks
  must read). **covered_accuracy_half_coded**, **new_accuracy_half_coded**: the same
  once every other document is coded (its units are the codes' confirmed segments; a
  theme is compared through its members in the other documents).

Beside the product, always: MiniLM + k-means with k = the number of codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from coding.embed import Embedder
from coding.emergent.coverage import (
    Coverage, MemberScores, judge_coverage, member_scores, share_bars,
)
from coding.emergent.model import ThemeModel
from coding.emergent.smalltalk import SMALL_TALK_NUMBER, small_talk_reasons
from coding.evaluate.coded import CodedData, load_coded
from coding.model import Codebook, Segment
from coding.talk import label_fault, name_words, words


@dataclass(frozen=True)
class CodedUnits:
    name: str
    texts: tuple[str, ...]
    documents: tuple[str, ...]
    codes: tuple[tuple[str, ...], ...]
    codebook: Codebook
    speakers: tuple[str, ...] = ()


def load_units(folder: Path) -> CodedUnits:
    """The units of a coded data set that carry at least one code, in order."""
    return coded_units(load_coded(folder))


def coded_units(data: CodedData) -> CodedUnits:
    """The units of ``data`` that carry at least one code, in order."""
    kept = [row for row, codes in enumerate(data.unit_codes) if codes]
    return CodedUnits(name=data.name, texts=tuple(data.segments[r].text for r in kept),
                      documents=tuple(str(data.documents[r]) for r in kept),
                      codes=tuple(data.unit_codes[r] for r in kept), codebook=data.codebook,
                      speakers=tuple(data.segments[r].speaker for r in kept))


def harmonic_purity(themes: np.ndarray, codes: tuple[tuple[str, ...], ...]) -> float:
    weight: dict[tuple[int, str], float] = {}
    for theme, unit_codes in zip(themes, codes):
        # "No theme" is wrong for a coded unit; as one group it would earn its majority.
        for code in unit_codes if theme != SMALL_TALK_NUMBER else ():
            weight[(int(theme), code)] = weight.get((int(theme), code), 0.0) + 1 / len(unit_codes)
    best_code: dict[int, float] = {}
    best_theme: dict[str, float] = {}
    for (theme, code), value in weight.items():
        best_code[theme] = max(best_code.get(theme, 0.0), value)
        best_theme[code] = max(best_theme.get(code, 0.0), value)
    purity = sum(best_code.values()) / len(codes)
    inverse = sum(best_theme.values()) / len(codes)
    return 2 * purity * inverse / (purity + inverse) if purity + inverse else 0.0


def majority_codes(themes: np.ndarray, codes: tuple[tuple[str, ...], ...]) -> dict[int, str]:
    """Each theme's most frequent human code (a unit with k codes counts 1/k for each)."""
    weight: dict[int, dict[str, float]] = {}
    for theme, unit_codes in zip(themes, codes):
        mine = weight.setdefault(int(theme), {})
        for code in unit_codes:
            mine[code] = mine.get(code, 0.0) + 1 / len(unit_codes)
    return {theme: max(sorted(found), key=found.get) for theme, found in weight.items()}


def label_quality(labels: list[str], names: set[str]) -> float:
    """The share of label words that are names, months, weekdays, fillers or numbers."""
    terms = [word for label in labels for word in words(label)]
    return round(sum(label_fault(w, names) is not None for w in terms) / max(1, len(terms)), 4)


def half_coded(units: CodedUnits) -> tuple[dict[str, list[str]], np.ndarray]:
    """As if a researcher had coded every other document: the texts "confirmed" for each
    code there, and which units lie in those documents."""
    documents = sorted(set(units.documents))
    coded = set(documents[::2])
    in_coded = np.array([document in coded for document in units.documents])
    confirmed: dict[str, list[str]] = {}
    for text, codes, inside in zip(units.texts, units.codes, in_coded):
        for code in codes if inside else ():
            confirmed.setdefault(code, []).append(text)
    return confirmed, in_coded


def unit_segments(units: CodedUnits) -> list[Segment]:
    """The units as segments, for the scorers (each its own turn of its document)."""
    return [Segment(transcript_id=document, turn_index=index, start_char=0,
                    end_char=len(text), text=text, speaker=speaker)
            for index, (document, text, speaker) in enumerate(zip(
                units.documents, units.texts, units.speakers or [""] * len(units.texts)))]


@dataclass(frozen=True)
class CoverageCase:
    """One theme judged against the codebook: its members' rows in ``scores``, its
    majority human code, and the bars of the codes (by name) in the rule's units."""

    scores: MemberScores
    members: np.ndarray
    own: str
    bars: dict[str, float]


def coverage_cases(units: CodedUnits, themes: np.ndarray, embedder: Embedder,
                   half: bool = False) -> list[CoverageCase]:
    """Every theme (not small talk) as a case; with ``half``, as if every other document
    were coded: the codes' confirmed segments are the units there, and a theme is
    compared through its members in the other documents (no unit meets itself)."""
    confirmed, in_coded = half_coded(units) if half else ({}, np.zeros(len(themes), bool))
    scores = member_scores(unit_segments(units), units.codebook, embedder, confirmed)
    bars = dict(zip(units.codebook.names, share_bars(units.codebook, confirmed)))
    majority = majority_codes(themes, units.codes)
    return [CoverageCase(scores, np.flatnonzero((themes == t) & ~in_coded), majority[t], bars)
            for t in sorted(set(themes.tolist()))
            if t != SMALL_TALK_NUMBER and ((themes == t) & ~in_coded).any()]


def judge_case(case: CoverageCase, left_out: bool = False) -> Coverage:
    """The product's verdict on a case, with its own code in the codebook or left out."""
    scores = case.scores.without(case.own) if left_out else case.scores
    return judge_coverage(scores, [case.members], [case.bars[n] for n in scores.names])[0]


def coverage_accuracy(cases: list[CoverageCase]) -> tuple[float, float]:
    """(covered, new): the share of cases "covered by" their own code, and the share
    that read "new" with their own code left out."""
    if not cases:
        return 0.0, 0.0
    covered = [judge_case(case).code == case.own for case in cases]
    new = [judge_case(case, left_out=True).is_new for case in cases]
    return round(float(np.mean(covered)), 4), round(float(np.mean(new)), 4)


#: The scores of one method on one data set, in the order a report shows them.
THEME_SCORES = ("harmonic_purity", "nmi", "ari", "n_themes", "code_recall", "label_quality",
                "covered_accuracy", "new_accuracy", "covered_accuracy_half_coded",
                "new_accuracy_half_coded")


def score(units: CodedUnits, themes: np.ndarray, embedder: Embedder,
          labels: list[str] | None = None) -> dict[str, float | str]:
    first = [codes[0] for codes in units.codes]
    numbers = sorted(set(themes.tolist()))
    cases = coverage_cases(units, themes, embedder)
    covered, new = coverage_accuracy(cases)
    covered_half, new_half = coverage_accuracy(coverage_cases(units, themes, embedder, True))
    return {"harmonic_purity": round(harmonic_purity(themes, units.codes), 4),
            "nmi": round(float(normalized_mutual_info_score(first, themes)), 4),
            "ari": round(float(adjusted_rand_score(first, themes)), 4),
            "n_themes": len(numbers),
            "code_recall": round(len({judge_case(c).code for c in cases} - {""}) /
                                 max(1, len(units.codebook.codes)), 4),
            "label_quality": ("-" if labels is None else
                              label_quality(labels, name_words(set(units.speakers)))),
            "covered_accuracy": covered, "new_accuracy": new,
            "covered_accuracy_half_coded": covered_half, "new_accuracy_half_coded": new_half}


def product_themes(units: CodedUnits, vectors: np.ndarray, embedder: Embedder,
                   seed: int = 0) -> tuple[np.ndarray, ThemeModel]:
    """Each unit's theme as the product finds it (small talk set apart first, in the
    group :data:`SMALL_TALK_NUMBER`), and the fitted model."""
    themes = np.full(len(units.texts), SMALL_TALK_NUMBER)
    names = name_words(set(units.speakers))
    kept = np.array([reason is None for reason in small_talk_reasons(units.texts,
                                                                      names=names)])
    model = ThemeModel(embedder=embedder, random_state=seed,
                       names=sorted(names)).fit(
        [t for t, keep in zip(units.texts, kept) if keep], vectors[kept],
        [d for d, keep in zip(units.documents, kept) if keep])
    themes[kept] = model.labels_
    return themes, model


def evaluate_dataset(units: CodedUnits, embedder: Embedder, seed: int = 0
                     ) -> dict[str, dict[str, float | str] | int]:
    """The product's themes and the k-means baseline, scored the same way. As in the
    product, small talk is set apart first: "no theme" in harmonic purity, one group in
    NMI and ARI."""
    vectors = embedder.encode(list(units.texts))
    product, model = product_themes(units, vectors, embedder, seed)
    count = len({code for codes in units.codes for code in codes})
    baseline = KMeans(count, random_state=seed, n_init=10).fit_predict(vectors)
    return {"themes (product)": score(units, product, embedder,
                                      [theme.label for theme in model.themes_]),
            f"minilm + kmeans (k={count})": score(units, baseline, embedder),
            "units": len(units.texts), "small_talk": int((product == SMALL_TALK_NUMBER).sum())}
