"""Keywords found in a text are kept in the project file: a later run matches only the
texts it has not seen, and an edited codebook never reuses the old keywords' matches."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coding.codebooks import load_codebook
from coding.store import Project
from coding.suggest.keywords import KeywordMatcher

TEXTS = ["Setting BOUNDARIES is hard, I never Switch Off.",
         "The billing office keeps rejecting our claims.",
         "Nothing relevant here at all."]


@pytest.fixture
def codebook(data_dir):
    return load_codebook(data_dir / "codebook_small.yaml")


def _refuse_spacy(texts):
    if texts:
        raise AssertionError(f"matched again: {texts}")
    return []


def test_a_later_run_reads_the_matches_from_the_project_and_finds_the_same(
        project_address, codebook, monkeypatch):
    with Project(project_address) as store:
        first = KeywordMatcher(store).fit(codebook).match(TEXTS)
    with Project(project_address) as store:
        matcher = KeywordMatcher(store).fit(codebook)
        monkeypatch.setattr(matcher, "_match", _refuse_spacy)
        again = matcher.match(TEXTS)
    assert again == first
    assert first[0]["Setting boundaries"] == ("BOUNDARIES", "Switch Off")
    assert first[1] == {"Non-clinical practice challenges": ("billing",)}
    assert first[2] == {}


def test_a_new_meeting_is_matched_alone(project_address, codebook, monkeypatch):
    with Project(project_address) as store:
        KeywordMatcher(store).fit(codebook).match(TEXTS)
        matcher = KeywordMatcher(store).fit(codebook)
        seen: list[str] = []
        real = matcher._match
        monkeypatch.setattr(matcher, "_match", lambda texts: seen.extend(texts) or real(texts))
        found = matcher.match([*TEXTS, "We are short on staffing again."])
    assert seen == ["We are short on staffing again."]
    assert found[3] == {"Non-clinical practice challenges": ("staffing",)}


def test_edited_keywords_are_matched_afresh(project_address, codebook):
    billing = codebook.codes[1]
    edited = replace(codebook, codes=(codebook.codes[0],
                                      replace(billing, keywords=("claims",))))
    with Project(project_address) as store:
        KeywordMatcher(store).fit(codebook).match(TEXTS)
        found = KeywordMatcher(store).fit(edited).match(TEXTS)
    assert found[1] == {"Non-clinical practice challenges": ("claims",)}
