"""Keyword evidence: codebook keywords found in a segment, by lower case or by lemma."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.matcher import PhraseMatcher

from coding.model import Codebook
from coding.nlp import get_nlp


class KeywordMatcher:
    """Finds each code's keywords; 'boundaries' matches the keyword 'boundary'."""

    def fit(self, codebook: Codebook) -> KeywordMatcher:
        nlp = get_nlp()
        self.codes_ = codebook.names
        self.by_lower_ = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_lemma_ = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for code in codebook.codes:
            if not code.keywords:
                continue
            self.by_lower_.add(code.name, list(nlp.tokenizer.pipe(code.keywords)))
            self.by_lemma_.add(code.name, list(nlp.pipe(code.keywords)))
        return self

    def match(self, texts: Sequence[str]) -> list[dict[str, tuple[str, ...]]]:
        """For each text: code name -> the words that matched, in order of appearance."""
        nlp = get_nlp()
        found: list[dict[str, tuple[str, ...]]] = []
        for doc in nlp.pipe(texts, batch_size=256):
            spans: dict[str, dict[int, str]] = {}
            for matcher in (self.by_lower_, self.by_lemma_):
                for match_id, start, end in matcher(doc):
                    code = nlp.vocab.strings[match_id]
                    spans.setdefault(code, {})[doc[start:end].start_char] = doc[start:end].text
            found.append({code: tuple(words[key] for key in sorted(words))
                          for code, words in spans.items()})
        return found
