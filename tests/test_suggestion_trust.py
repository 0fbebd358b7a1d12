"""Suggestions a researcher can trust: every theme that applies, no theme on a turn
judged empty, the machine judged on what it said before anyone decided, one confidence
scale, and a queue that puts first what teaches most."""

from __future__ import annotations

from coding.model import Action, Code, Codebook, Decision, Segment, Source, Suggestion
from coding.review.cards import (
    MISSED,
    ReviewFilter,
    ThemeOnSegment,
    decide,
    review_queue,
)
from coding.review.learning import feedback_from
from coding.store import Project
from coding.suggest.learned import LearnedSuggester

BOOK = Codebook(name="test", codes=(
    Code("Workload", definition="Too much work.", keywords=("rota", "shifts")),
    Code("Scholarship", definition="Writing papers.", keywords=("manuscript", "journal"))))


def _meeting(texts: list[str]) -> list[Segment]:
    return [Segment("m1", index, 0, len(text), text, "P1") for index, text in enumerate(texts)]


def test_a_turn_that_carries_two_themes_gets_both(fake_embedder):
    segments = _meeting(["The rota and the night shifts leave no time for the journal "
                         "manuscript I promised.", "The weather was lovely on the walk home."])
    found = LearnedSuggester(fake_embedder, threshold=0.2, margin=1.0).fit(
        BOOK, segments).suggest()
    assert {s.code for s in found if s.segment_id == segments[0].id} == \
        {"Workload", "Scholarship"}


def test_small_talk_gets_no_suggestion_from_the_codebook(fake_embedder):
    segments = _meeting(["Can everyone hear me? Let me unmute, the rota is on screen.",
                         "The rota and the night shifts are crushing me this month."])
    found = LearnedSuggester(fake_embedder, threshold=0.2).fit(BOOK, segments).suggest()
    assert {s.segment_id for s in found} == {segments[1].id}


def test_no_theme_here_teaches_that_no_theme_applies():
    decisions = [Decision("s1", "", Action.NO_THEME, "Ana"),
                 Decision("s2", "", Action.NO_THEME, "Ana"),
                 Decision("s2", "Workload", Action.CONFIRM, "Ana"),
                 Decision("s3", "", Action.NO_THEME, "Ben")]
    taught = feedback_from(decisions, coder="Ana")
    assert taught.without_theme == ["s1"]  # s2 was confirmed after; s3 is Ben's
    assert taught.confirmed == {"s2": frozenset({"Workload"})}


def _suggest(project: Project, pairs: list[tuple[str, str]], run: str) -> None:
    project.replace_suggestions(
        [s for s, _ in pairs], [Suggestion(s, code, 0.5, Source.MEANING) for s, code in pairs],
        run, model="test-model")


def _unsuggested_pair(project: Project) -> tuple[str, str]:
    """A (segment, theme) the import never suggested."""
    before = set(project.first_suggested_pairs())
    return next((segment, theme) for segment in project.segment_ids()
                for theme in project.code_names() if (segment, theme) not in before)


def test_the_machine_as_a_coder_is_judged_on_what_it_said_before_the_decision(
        sample_project):
    with Project(sample_project) as project:
        segment, theme = _unsuggested_pair(project)
        decide(project, segment, theme, Action.CONFIRM, "Ana")
        # Learned after the decision: it would agree with Ana in sample.
        _suggest(project, [(segment, theme)], "after")
        assert (segment, theme) in project.suggested_pairs()
        assert (segment, theme) not in project.first_suggested_pairs()


def test_the_first_suggestion_of_an_undecided_pair_is_kept_with_its_model(sample_project):
    with Project(sample_project) as project:
        segment, theme = _unsuggested_pair(project)
        _suggest(project, [(segment, theme)], "first")
        _suggest(project, [(segment, theme)], "second")
        _suggest(project, [], "withdrawn")  # withdrawn later: still what it said first
        rows = [r for r in project.table_rows("first_suggestions")
                if r["segment_id"] == segment and r["run_id"] in ("first", "second")]
        assert (segment, theme) in project.first_suggested_pairs()
    assert [(r["model"], r["run_id"]) for r in rows] == [("test-model", "first")]


def test_confidence_reads_the_same_whatever_made_the_suggestion():
    learned = ThemeOnSegment("Workload", Action.CONFIRM, score=0.9, source="learned",
                             confidence=0.8)
    codebook = ThemeOnSegment("Workload", Action.CONFIRM, score=0.4, source="meaning",
                              confidence=0.8)
    assert learned.evidence.split(" · ")[0] == codebook.evidence.split(" · ")[0] == \
        "about 8 in 10 like this were confirmed"
    unknown = ThemeOnSegment("Workload", Action.CONFIRM, score=0.4, source="meaning")
    assert "not known yet" in unknown.evidence


def test_the_learning_order_puts_the_likeliest_themed_segments_first(sample_project):
    with Project(sample_project) as project:
        ids = [segment.id for segment in project.segments()[:3]]
        theme = project.code_names()[0]
        project.replace_suggestions(
            project.segment_ids(), [Suggestion(i, theme, 0.6, Source.MEANING) for i in ids],
            "run", relevance={ids[0]: 0.2, ids[1]: 0.9, ids[2]: 0.5})
        transcript = review_queue(project, ReviewFilter(order="transcript"))
        learning = review_queue(project, ReviewFilter(order="learning"))
    assert transcript == ids
    assert learning == [ids[1], ids[2], ids[0]]


def test_likely_missed_lists_turns_nobody_has_looked_at_likeliest_first(sample_project):
    with Project(sample_project) as project:
        first, second, third, fourth = [segment.id for segment in project.segments()[:4]]
        theme = project.code_names()[0]
        project.replace_suggestions(
            project.segment_ids(), [Suggestion(first, theme, 0.6, Source.MEANING)], "run",
            relevance={first: 0.9, second: 0.1, third: 0.7, fourth: 0.8})
        decide(project, fourth, "", Action.NO_THEME, "Ana")
        missed = review_queue(project, ReviewFilter(status=MISSED, order="learning"))
    # first has a suggestion, fourth was judged to carry no theme: neither is missed.
    assert missed[:2] == [third, second]
    assert first not in missed and fourth not in missed


def test_an_update_that_changed_nothing_says_so():
    from coding.suggest.changes import compare

    assert compare([("s1", "A")], [("s1", "A")]).sentence == "no suggestion changed."


def test_an_update_says_what_it_changed():
    from coding.suggest.changes import compare

    before = [("s1", "A"), ("s2", "A"), ("s3", "B")]
    after = [("s1", "A"), ("s2", "B"), ("s4", "A"), ("s4", "B")]
    changes = compare(before, after)
    assert (changes.new, changes.withdrawn, changes.switched) == (2, 1, 1)
    assert changes.sentence.startswith("2 new suggestion(s), 1 withdrawn, 1 segment(s) "
                                       "switched theme")


def test_refreshing_reports_the_changes(sample_project, fake_embedder):
    from coding.pipeline import refresh_suggestions

    report = refresh_suggestions(sample_project, embedder=fake_embedder)
    assert report.changes is not None
    assert (report.changes.new, report.changes.withdrawn, report.changes.switched) == (0, 0, 0)


def test_after_an_update_the_screen_says_what_changed(sample_project, fake_embedder):
    from coding.pipeline import refresh_suggestions
    from coding.review.learning import learning_state

    with Project(sample_project) as project:
        segment_id, theme = next(iter(project.suggested_pairs()))
        decide(project, segment_id, theme, Action.REJECT, "Ana")
    report = refresh_suggestions(sample_project, embedder=fake_embedder)
    with Project(sample_project) as project:
        said = learning_state(project).sentence
    assert f"Last update: {report.changes.sentence.rstrip('.')}" in said
