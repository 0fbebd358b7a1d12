"""Emergent themes: structure, determinism, and the covered/new judgement."""

from __future__ import annotations

import re

import numpy as np
import pytest

from coding.emergent.coverage import (
    CONFIRMED_COVERAGE_SHARE, MemberScores, coverage, judge_coverage, member_scores,
)
from coding.emergent.model import ThemeModel, with_context
from coding.errors import CodingError
from coding.model import Code, Codebook, Segment
from coding.store import Project


@pytest.fixture(scope="module")
def sample_corpus(sample_project_once, fake_embedder):
    """Texts, cached vectors and meetings of the first three sample meetings."""
    with Project(sample_project_once) as project:
        first = {r["id"] for r in sorted(project.table_rows("transcripts"),
                                         key=lambda r: r["meeting"])[:3]}
        segments = [s for s in project.segments() if s.transcript_id in first]
        vectors = fake_embedder.with_cache(project).encode([s.text for s in segments])
    return [s.text for s in segments], vectors, [s.transcript_id for s in segments]


@pytest.fixture(scope="module")
def word_embedder(tmp_path_factory, fake_embedder):
    """The (fake) embedder with a cache, so word vectors are computed once per module."""
    with Project(tmp_path_factory.mktemp("words") / "cache.sqlite") as cache:
        yield fake_embedder.with_cache(cache)


def _fit(corpus, embedder, **params) -> ThemeModel:
    texts, vectors, meetings = corpus
    return ThemeModel(embedder=embedder, **params).fit(texts, vectors, meetings)


def test_every_segment_gets_one_theme_with_label_terms_and_quotes(sample_corpus, word_embedder):
    texts = sample_corpus[0]
    model = _fit(sample_corpus, word_embedder, quotes=4)
    vocabulary = set(re.findall(r"\b\w\w+\b", " ".join(texts).lower()))
    assert model.labels_.shape == (len(texts),)
    assert len(model.themes_) == model.n_themes_ >= 2
    assert sum(theme.size for theme in model.themes_) == len(texts)
    for theme in model.themes_:
        assert theme.label and theme.terms
        assert {w for term in theme.terms for w in term.split()} <= vocabulary  # real words
        assert 1 <= len(theme.quotes) <= 4
        assert all(model.labels_[index] == theme.number for index in theme.quotes)
    assert model.coordinates_.shape == (len(texts), 2)
    assert model.centroids_.shape == (model.n_themes_, sample_corpus[1].shape[1])


def test_same_data_and_seed_give_the_same_themes(sample_corpus, word_embedder):
    first, second = _fit(sample_corpus, word_embedder), _fit(sample_corpus, word_embedder)
    assert np.array_equal(first.labels_, second.labels_)
    assert first.themes_ == second.themes_


def test_the_number_of_themes_follows_the_settings(sample_corpus, word_embedder):
    assert _fit(sample_corpus, word_embedder, n_themes=3).n_themes_ == 3
    # at most one theme per min_theme_size segments
    few = _fit(sample_corpus, word_embedder, n_themes=50, min_theme_size=40)
    assert few.n_themes_ == len(sample_corpus[0]) // 40


def test_too_few_segments_are_refused_with_the_fix(fake_embedder):
    with pytest.raises(CodingError, match="too few"):
        ThemeModel(embedder=fake_embedder).fit(["a b c"] * 5, np.eye(5, dtype=np.float32))


def test_context_blends_only_neighbours_of_the_same_meeting():
    vectors = np.eye(4, dtype=np.float32)
    blended = with_context(vectors, ["a", "a", "b", "b"], window=1, weight=1.0)
    assert blended[1, 0] > 0 and blended[1, 2] == 0  # no bleed across meetings
    assert np.allclose(np.linalg.norm(blended, axis=1), 1)


def _segments(texts: list[str]) -> list[Segment]:
    return [Segment(transcript_id="m", turn_index=i, start_char=0, end_char=len(t), text=t,
                    speaker="") for i, t in enumerate(texts)]


def test_a_theme_near_a_code_is_covered_and_a_scattered_one_is_new(fake_embedder):
    # Theme A's members are a code's own example quotes; theme B's members are each
    # nearest to a different code: no code speaks for the theme, so it is new.
    group_a = ["sentence one of the first kind", "another sentence of the first kind"]
    group_b = ["rain fell all day", "pasta for dinner tonight", "the train was late"]
    book = Codebook("c", (Code("First", examples=tuple(group_a)),
                          Code("Weather", definition="rain"),
                          Code("Food", definition="pasta dinner"),
                          Code("Travel", definition="train late")))
    covered, new = coverage(_segments(group_a + group_b), [np.arange(2), np.arange(2, 5)],
                            book, fake_embedder)
    assert (covered.code, covered.share, covered.nearest) == ("First", 1.0, "First")
    assert covered.similarity > 0.9 > new.similarity
    assert new.is_new and new.share == 0.3333 and new.nearest in {"Weather", "Food", "Travel"}


def test_a_theme_of_one_codes_segments_is_covered_by_it_despite_higher_raw_cosine_elsewhere(
        fake_embedder):
    # "Broad" is written in the words everyone uses; one member is nothing but those
    # words. The theme's mean cosine is then higher to "Broad", yet two members in three
    # are nearest to "Boundaries": the vote reads the theme as the researcher would.
    broad = "the my me on to I said no during keeps getting by wanted day"
    talk = ["my chief wanted me on call during research time",
            "protected research time keeps getting eaten by call", broad]
    book = Codebook("c", (Code("Broad", definition=broad),
                          Code("Boundaries", definition="research time call",
                               examples=("no call during my research time",))))
    scores = member_scores(_segments(talk), book, fake_embedder)
    assert scores.meaning[:, 0].mean() > scores.meaning[:, 1].mean()
    verdict = judge_coverage(scores, [np.arange(3)])[0]
    assert (verdict.code, verdict.share) == ("Boundaries", 0.6667)


def test_segments_coders_confirmed_make_a_theme_covered_by_their_code(fake_embedder):
    # The code's definition says nothing like the theme; what coders confirmed for it does.
    talk = ["my chief wanted me on call again during research time",
            "protected research time keeps getting eaten by call",
            "the weather was nice"]
    book = Codebook("c", (Code("Weather", definition="the weather was nice or bad"),
                          Code("Boundaries", definition="limits at work")))
    members = [np.arange(3)]
    assert coverage(_segments(talk), members, book, fake_embedder)[0].code != "Boundaries"
    confirmed = {"Boundaries": ["no call during my research time, I told my chief",
                                "my research time keeps getting eaten by call duty"]}
    verdict = coverage(_segments(talk), members, book, fake_embedder, confirmed=confirmed)[0]
    # two in three members vote for it: above the higher bar of a code with confirmed segments
    assert verdict.code == "Boundaries" and verdict.share >= CONFIRMED_COVERAGE_SHARE


def test_coverage_goes_to_the_code_most_members_vote_for_and_respects_the_share():
    meaning = np.array([[0.2, 0.7, 0.6], [0.3, 0.1, 0.8], [0.5, 0.6, 0.1], [0.9, 0.1, 0.1]])
    scores = MemberScores(meaning, meaning, ("a", "b", "c"))
    verdicts = judge_coverage(scores, [np.arange(3), np.array([3])], 0.6)
    assert [(v.code, v.nearest, v.share) for v in verdicts] == [
        ("b", "b", 0.6667), ("a", "a", 1.0)]
    assert verdicts[0].similarity == round((0.7 + 0.1 + 0.6) / 3, 4)
    assert judge_coverage(scores, [np.arange(3)], 0.7)[0].is_new
    empty = MemberScores(np.zeros((1, 0)), np.zeros((1, 0)), ())
    assert judge_coverage(empty, [np.array([0])])[0].is_new


def test_a_theme_never_shows_the_same_quote_twice():
    from coding.emergent.model import distinct_nearest

    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    assert distinct_nearest(vectors, np.array([0, 1, 2, 3]), 3) == [0, 2, 3]


def test_a_theme_with_fewer_phrases_than_terms_is_still_described(fake_embedder):
    # Each group says fewer distinct phrases than the 10 terms a theme shows.
    texts = [f"Rain, grey sky{' again' if i % 2 else ''}." for i in range(10)] + \
            [f"Pasta, tomato sauce{' again' if i % 2 else ''}." for i in range(10)]
    model = ThemeModel(n_themes=2, min_theme_size=5, embedder=fake_embedder).fit(
        texts, fake_embedder.encode(texts), ["m"] * 20)
    labels = sorted(theme.label for theme in model.themes_)
    assert labels == ["grey sky · rain", "tomato sauce · pasta"]  # no "sky rain": a new sentence


def test_a_warm_up_loads_what_describing_themes_needs_in_the_background():
    import sys

    from coding.emergent.model import warm_up

    thread = warm_up()
    thread.join(timeout=600)
    assert not thread.is_alive() and "coding.emergent.describe" in sys.modules


@pytest.mark.slow  # the real sentence model: what a researcher sees on the sample study
def test_sample_study_themes_of_practice_challenges_and_academic_work_read_covered(
        sample_project_real):
    from coding.emergent.fit import fit_themes

    themes = fit_themes(sample_project_real).themes
    covered = {theme.covered_by for theme in themes}
    # The themes whose turns are mostly practice-challenges and academic talk (by the
    # author's intended codes) are covered by those codes; before, every theme read new.
    assert {"Non-clinical practice challenges", "Shared academic pursuits"} <= covered
    assert all(theme.nearest for theme in themes if theme.number != -1)
