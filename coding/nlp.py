"""The one place spaCy is configured.

Trained pipelines cannot be downloaded offline, so this is ``spacy.blank("en")`` with
the rule-based sentencizer and lemmas looked up (on the lower-cased word, so that
"Families" and "families" share the lemma "family") in spacy-lookups-data.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache


@contextmanager
def _torch_hidden() -> Iterator[None]:
    """While spaCy is imported, an import of torch fails, unless torch is loaded already.

    Why: spaCy imports thinc, and thinc imports torch whenever it is installed (here it
    is, for sentence-transformers), which took 3 of the 4 seconds of importing spaCy.
    A blank English pipeline with rule-based components never uses torch, and thinc
    offers no switch. thinc then records that it has no torch, which only matters to
    pipelines with torch models, which this project does not load. torch itself stays
    importable afterwards.
    """
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


with _torch_hidden():
    import spacy
    from spacy.language import Language
    from spacy.lookups import load_lookups
    from spacy.matcher import PhraseMatcher  # noqa: F401  # loaded here, without torch
    from spacy.tokens import Doc


@Language.factory("lower_lemmatizer")
def _make_lower_lemmatizer(nlp: Language, name: str) -> LowerLemmatizer:
    return LowerLemmatizer()


class LowerLemmatizer:
    """Sets each token's lemma from the English lookup table, case-insensitively."""

    def __init__(self) -> None:
        self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            lower = token.lower_
            token.lemma_ = self.table.get(lower, lower)
        return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared English pipeline: tokenizer, sentencizer, lower-case lookup lemmas."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lower_lemmatizer")
    return nlp
