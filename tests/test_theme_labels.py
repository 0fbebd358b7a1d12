"""What a researcher reads of an emergent theme: labels of phrases a person would say,
small talk set apart, progress by step, and the draft a promotion starts from."""

from __future__ import annotations

import pytest

from coding.emergent.draft import shared_phrases, write_draft
from coding.emergent.fit import ThemeRequest, draft_code, fit_themes, project_names
from coding.emergent.smalltalk import SMALL_TALK_NUMBER, small_talk_reasons
from coding.model import EmergentTheme
from coding.phrases import distinct_phrases, phrase_candidates
from coding.store import Project
from coding.talk import words
from tests.conftest import private_copy


@pytest.fixture(scope="module")
def fitted_all(sample_project_once, fake_embedder, tmp_path_factory):
    """The whole sample study fitted into 8 themes, with the steps it reported."""
    path = private_copy(sample_project_once, tmp_path_factory.mktemp("labels"))
    steps: list[tuple[str, int, int]] = []
    report = fit_themes(path, ThemeRequest(n_themes=8), embedder=fake_embedder,
                        progress=lambda stage, done, total: steps.append((stage, done, total)))
    return path, report, steps


def test_phrases_are_spoken_words_never_names_months_numbers_or_fillers():
    found = phrase_candidates("Yeah, um, Elena said in August that the end of life talk "
                              "took ninety minutes of protected time.", {"elena"})
    assert {"end of life", "protected time"} <= set(found)
    assert not {"elena", "august", "ninety", "yeah", "um"} & {w for p in found for w in p.split()}
    assert all(1 <= len(p.split()) <= 3 for p in found)


def test_a_stammer_or_a_false_start_is_no_phrase():
    found = phrase_candidates("the basic basic television, the presentatio presentation")
    assert "basic television" in found and "presentation" in found
    assert not [p for p in found if p.startswith("basic basic") or "presentatio " in p]
    assert "twice" not in phrase_candidates("shovelled the driveway twice")


def test_a_label_keeps_distinct_phrases_and_prefers_phrases_to_single_words():
    ranked = ["boundaries", "setting boundaries", "boundary", "call schedule", "chief",
              "call"]
    assert distinct_phrases(ranked) == ["setting boundaries", "call schedule", "chief"]


def test_no_theme_of_the_sample_study_is_labelled_with_a_participant_name(fitted_all):
    path, report, _ = fitted_all
    with Project(path) as project:
        names = project_names(project)
    assert {"elena", "carmen", "ben", "amara", "dev"} <= names
    for theme in report.themes:
        assert not set(words(theme.label)) & names, theme.label
        assert not {w for term in theme.terms for w in words(term)} & names, theme.terms


def test_small_talk_is_one_group_apart_and_no_theme_holds_any(fitted_all):
    path, report, _ = fitted_all
    apart = [t for t in report.themes if t.number == SMALL_TALK_NUMBER]
    assert len(apart) == 1 and apart[0].size == report.small_talk > 0
    assert report.found == 8 and report.themes[-1] is apart[0]
    with Project(path) as project:
        assigned = {row["segment_id"]: row["number"] for row in project.theme_assignments()}
        texts = project.segment_texts(list(assigned))
    themed = [texts[i] for i, number in assigned.items() if number != SMALL_TALK_NUMBER]
    assert all(reason is None for reason in small_talk_reasons(themed))
    assert len(assigned) == report.segments  # every segment is somewhere


def test_a_facilitators_short_prompts_count_as_moderation():
    texts = ["And how did that land with your chief when you told her?"] * 2
    assert small_talk_reasons(texts, ["Dev Patel", "Amara Osei"], {"Dev Patel"}) == [
        "moderation", None]


def test_a_short_turn_that_names_a_topic_is_not_set_apart_as_a_backchannel():
    # one content word each; only the turns that name no topic are backchannels
    texts = ["I cannot see any plot.", "Why is it predicting this?", "Okay.",
             "Yeah, totally.", "Thanks, Elena."]
    assert small_talk_reasons(texts, names={"elena"}) == [
        None, None, "backchannel", "backchannel", "backchannel"]


def test_progress_advances_step_by_step(fitted_all):
    _, _, steps = fitted_all
    after_embedding = [(stage, done) for stage, done, _ in steps if stage != "embed"]
    assert after_embedding == [("reduce", 0), ("cluster", 1), ("label", 2), ("compare", 3),
                               ("compare", 4)]


def test_the_draft_is_written_from_what_the_central_quotes_share():
    quotes = ["I asked for protected time for research and my chief said no.",
              "Protected time is the first thing to go when the call schedule is short.",
              "The call schedule ate my protected time again this month.",
              "Okay."]
    theme = EmergentTheme(run_id="r", number=0, label="protected time · call schedule",
                          terms=("protected time",), quotes=("a", "b", "c", "d"), size=9,
                          nearest="Setting boundaries", similarity=0.41)
    draft = write_draft(theme, quotes, parent="Work")
    assert draft.name == "Protected time and call schedule"
    assert "protected time" in draft.definition and "call schedule" in draft.definition
    assert "Setting boundaries" in draft.exclusion and draft.parent == "Work"
    assert draft.inclusion and set(draft.examples) <= set(quotes)
    assert "Okay." not in draft.examples  # too short to show the theme
    assert shared_phrases(quotes)[:2] == ["protected time", "call schedule"]


def test_a_key_phrase_one_central_quote_says_joins_the_draft_and_other_lone_ones_do_not():
    quotes = ["The palliative program lost its medical director in October.",
              "Our program budget was frozen again, the director said.",
              "The budget meeting was about the program and nothing else."]
    assert shared_phrases(quotes) == ["program", "budget", "director"]
    with_key = shared_phrases(quotes, key_phrases=("palliative program", "medical director"))
    assert with_key[:2] == ["medical director", "palliative program"]
    assert "october" not in " ".join(with_key)  # said once, not a key phrase


def test_draft_code_of_a_fitted_theme_quotes_it(fitted_all):
    path, report, _ = fitted_all
    theme = report.themes[0]
    with Project(path) as project:
        draft = draft_code(project, project.theme(report.run_id, theme.number))
        quotes = set(project.segment_texts(list(theme.quotes)).values())
    assert draft.name and draft.definition.startswith("Participants talk about")
    assert draft.examples and set(draft.examples) <= quotes


def test_the_settings_of_a_fit_are_what_the_form_shows_again(fitted_all):
    from coding.emergent.fit import fit_settings

    path, report, _ = fitted_all
    with Project(path) as project:
        shown = fit_settings(project, report.run_id)
        assert fit_settings(project, None) == {}
    assert shown["n_themes"] == 8 and shown["themes_found"] == 8
    assert shown["min_theme_size"] == 10 and shown["meetings"] == []


def test_facilitators_are_found_under_every_label_they_speak_with(sample_project_once):
    from coding.emergent.fit import facilitator_labels

    with Project(sample_project_once) as project:
        labels = facilitator_labels(project, ["Dev Patel"])
        mapped = {e.label for e in project.speaker_map() if e.participant == "Dev Patel"}
    assert labels == mapped and labels


def test_a_phrase_stops_at_the_end_of_a_sentence():
    assert "call grief" not in phrase_candidates("I was on call. Grief came later, hospice.")
    assert "hospice grief" not in phrase_candidates("Hospice, grief")
