"""Embeddings from the bundled model; keyword and meaning evidence for suggestions."""

from __future__ import annotations

import numpy as np
import pytest

from coding.codebooks import load_codebook
from coding.embed import verify_weights
from coding.errors import ModelError
from coding.model import Segment, Source
from coding.suggest.deductive import DeductiveSuggester
from coding.suggest.keywords import KeywordMatcher
from tests.fakes import FakeEmbedder


def _segment(text: str, index: int = 0) -> Segment:
    return Segment("t", index, 0, len(text), text, "Ben Kowalski")


def test_altered_weights_are_refused(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    with pytest.raises(ModelError, match="sha256"):
        verify_weights(tmp_path, "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")


@pytest.mark.slow  # about the real model's sense of meaning
def test_bundled_model_places_related_sentences_closer(embedder):
    vectors = embedder.encode(["I can't stop answering texts from families late at night.",
                               "Patients' relatives message me after hours all the time.",
                               "The conference poster deadline is next Friday."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


class _CountingCache(dict):
    def get_embeddings(self, model, hashes):
        return {h: self[h] for h in hashes if h in self}

    def put_embeddings(self, model, vectors):
        self.update(vectors)
        self.puts = getattr(self, "puts", 0) + len(vectors)


def test_cached_vectors_are_reused_not_recomputed():
    cache = _CountingCache()
    embedder = FakeEmbedder(cache=cache)  # Embedder.encode's caching, with a fake model
    first = embedder.encode(["one sentence here", "another one"])
    second = embedder.encode(["another one", "one sentence here", "a third"])
    assert cache.puts == 3
    assert np.allclose(second[1], first[0])


def test_keywords_match_by_lemma_and_ignore_case(data_dir):
    matcher = KeywordMatcher().fit(load_codebook(data_dir / "codebook_small.yaml"))
    found = matcher.match(["Setting BOUNDARIES is hard, I never Switch Off.",
                           "Nothing relevant here at all."])
    assert found[0]["Setting boundaries"] == ("BOUNDARIES", "Switch Off")
    assert found[1] == {}


@pytest.mark.slow  # which theme a sentence is nearest in meaning: the real model
def test_deductive_suggestions_explain_themselves(data_dir, embedder):
    codebook = load_codebook(data_dir / "codebook_small.yaml")
    suggester = DeductiveSuggester(embedder, threshold=0.35).fit(codebook)
    segments = [
        _segment("I turned my phone off at seven every night this week and it felt great.", 0),
        _segment("We are two nurses short and the billing office keeps rejecting claims.", 1),
        _segment("Yeah.", 2),
        _segment("Did anyone watch the football on Sunday? What a game that was.", 3),
    ]
    by_segment = {}
    for suggestion in suggester.suggest(segments):
        by_segment.setdefault(suggestion.segment_id, []).append(suggestion)
    top = {seg: max(items, key=lambda s: s.score).code for seg, items in by_segment.items()}
    assert top[segments[0].id] == "Setting boundaries"
    assert top[segments[1].id] == "Non-clinical practice challenges"
    assert segments[2].id not in by_segment  # too short to code
    assert segments[3].id not in by_segment  # small talk
    billing = next(s for s in by_segment[segments[1].id]
                   if s.code == "Non-clinical practice challenges")
    assert billing.matched_words == ("billing",)
    assert billing.source in (Source.KEYWORD, Source.KEYWORD_AND_MEANING)
    assert billing.nearest_example == "We're two FTE short and admin wants the RVUs up anyway."


def test_loading_the_default_model_checks_its_weights_first(tmp_path, monkeypatch):
    import coding.embed as embed

    (tmp_path / "model.safetensors").write_bytes(b"tampered")
    monkeypatch.setattr(embed, "bundled_model_path", lambda: tmp_path)
    with pytest.raises(ModelError, match="reinstall"):
        embed.load_model.__wrapped__(embed.DEFAULT_MODEL)


def test_an_unknown_model_name_offline_gives_a_fix(tmp_path):
    import coding.embed as embed

    with pytest.raises(ModelError, match="local folder"):
        embed.load_model.__wrapped__(str(tmp_path / "no-such-model"))
