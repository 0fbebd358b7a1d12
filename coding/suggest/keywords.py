"""Keyword evidence: codebook keywords found in a segment, by lower case or by lemma.

What a text holds depends only on the text and the keywords, so with a cache (the
project: :class:`coding.store.text_caches.TextCaches`) each distinct text is matched
once per keyword set: a run that adds one meeting matches that meeting's texts, and
spaCy is not even imported when every text is known.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import version
from typing import TYPE_CHECKING, Protocol

from coding.model import Codebook, content_hash

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher

#: Raise when what a keyword matches changes for the same text (tokenizer, lemma rule):
#: it is part of the keyword set's digest, so older kept matches are not used.
MATCHER_VERSION = 1

Hits = dict[str, tuple[str, ...]]  # code name -> the words that matched, in order


class KeywordCache(Protocol):
    """Somewhere matches are kept between runs, keyed by (keyword set, text digest)."""

    def get_keyword_hits(self, keywords: str, hashes: Sequence[str]) -> dict[str, Hits]: ...

    def put_keyword_hits(self, keywords: str, hits: dict[str, Hits]) -> None: ...


class KeywordMatcher:
    """Finds each code's keywords; 'boundaries' matches the keyword 'boundary'."""

    def __init__(self, cache: KeywordCache | None = None) -> None:
        self.cache = cache

    def fit(self, codebook: Codebook) -> KeywordMatcher:
        self.codes_ = codebook.names
        self.keywords_ = {code.name: tuple(code.keywords) for code in codebook.codes
                          if code.keywords}
        self.digest_ = content_hash(json.dumps({
            "matcher": MATCHER_VERSION, "lemmas": version("spacy-lookups-data"),
            "spacy": version("spacy"), "keywords": sorted(self.keywords_.items())}))
        self._matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None
        return self

    def match(self, texts: Sequence[str]) -> list[Hits]:
        """For each text: code name -> the words that matched, in order of appearance."""
        if not self.keywords_:
            return [{} for _ in texts]
        hashes = [content_hash(text) for text in texts]
        known = self.cache.get_keyword_hits(self.digest_, hashes) if self.cache else {}
        wanted = {h: text for h, text in zip(hashes, texts) if h not in known}
        fresh = dict(zip(wanted, self._match(list(wanted.values()))))
        if self.cache is not None and fresh:
            self.cache.put_keyword_hits(self.digest_, fresh)
        known.update(fresh)
        return [known[h] for h in hashes]

    def _match(self, texts: list[str]) -> list[Hits]:
        if not texts:
            return []
        from coding.nlp import get_nlp  # spaCy costs seconds to import; only new texts need it

        nlp = get_nlp()
        by_lower, by_lemma = self._built(nlp)
        found: list[Hits] = []
        for doc in nlp.pipe(texts, batch_size=256):
            spans: dict[str, dict[int, str]] = {}
            for matcher in (by_lower, by_lemma):
                for match_id, start, end in matcher(doc):
                    code = nlp.vocab.strings[match_id]
                    spans.setdefault(code, {})[doc[start:end].start_char] = doc[start:end].text
            found.append({code: tuple(words[key] for key in sorted(words))
                          for code, words in spans.items()})
        return found

    def _built(self, nlp) -> tuple[PhraseMatcher, PhraseMatcher]:  # noqa: ANN001
        if self._matchers is None:
            from spacy.matcher import PhraseMatcher

            by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
            by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
            for name, keywords in self.keywords_.items():
                by_lower.add(name, list(nlp.tokenizer.pipe(keywords)))
                by_lemma.add(name, list(nlp.pipe(keywords)))
            self._matchers = (by_lower, by_lemma)
        return self._matchers
