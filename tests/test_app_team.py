"""The Agreement and Reconcile screens and blind coding in Review, driven by AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coding.model import Action, Decision, Status
from coding.review.cards import ReviewFilter, find_segments, segment_cards
from coding.store import Project
from tests.conftest import APP


def _code_twice(path, disagree_on: int = 1) -> list[tuple[str, str]]:
    """Ana confirms the first theme of three segments; Ben agrees except on one."""
    with Project(path) as project:
        cards = segment_cards(project, find_segments(project, ReviewFilter())[:3])
        pairs = [(card.id, card.themes[0].code) for card in cards]
        project.record_decisions(
            [Decision(s, t, Action.CONFIRM, coder="Ana") for s, t in pairs] +
            [Decision(s, t, Action.REJECT if n == disagree_on else Action.CONFIRM, coder="Ben")
             for n, (s, t) in enumerate(pairs)])
    return pairs


def _no_exception(app) -> None:
    assert [e.value for e in app.exception] == []


def test_agreement_screen_shows_figures_uncoded_apart_and_a_chart(app_with_sample):
    app, path = app_with_sample
    _code_twice(path)
    app.run().switch_page("app_pages/agreement.py").run()
    _no_exception(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Segments compared"] == "3"
    assert "Uncoded by everyone (left out)" in metrics
    themes = app.dataframe[0].value
    assert themes["theme"].iloc[-1] == "(all themes)"
    assert {"percent", "cohen_kappa_mean", "fleiss_kappa", "alpha", "alpha_low"} <= set(
        themes.columns)
    assert len(app.get("plotly_chart")) == 1
    app.toggle[0].set_value(True).run()
    _no_exception(app)
    assert "machine" in set(app.dataframe[1].value["coder_b"])


def test_agreement_screen_with_one_coder_says_what_is_missing(app_with_sample):
    app, path = app_with_sample
    with Project(path) as project:
        segment = find_segments(project, ReviewFilter())[0]
        theme = segment_cards(project, [segment])[0].themes[0].code
        project.record_decisions([Decision(segment, theme, Action.CONFIRM, coder="Ana")])
    app.run().switch_page("app_pages/agreement.py").run()
    assert "agreement needs two coders" in app.error[0].value


def test_the_lead_turns_blind_coding_on_and_review_hides_other_coders(app_with_sample):
    app, path = app_with_sample
    pairs = _code_twice(path)
    app.run().switch_page("app_pages/reconcile.py").run()
    blind = next(t for t in app.toggle if t.label.startswith("Blind coding"))
    blind.set_value(True).run()
    _no_exception(app)
    assert "Blind coding is on" in app.info[0].value
    with Project(path) as project:
        assert project.blind()
    carl = AppTest.from_file(str(APP), default_timeout=120)
    carl.query_params["project"], carl.query_params["coder"] = "sample study", "Carl"
    carl.run().switch_page("app_pages/review.py").run()
    next(s for s in carl.selectbox if s.label == "Status").set_value(
        Status.CONFIRMED.value).run()
    _no_exception(carl)
    assert "0 segments match" in "".join(c.value for c in carl.caption)
    with Project(path) as project:  # Ana still sees her own confirmations
        confirmed = find_segments(project, ReviewFilter(status="confirmed"), viewer="Ana")
    assert confirmed == [s for s, _ in pairs]


def test_reconciling_records_a_consensus_decision_and_keeps_the_coders(app_with_sample):
    app, path = app_with_sample
    pairs = _code_twice(path)
    with Project(path) as project:
        project.set_blind(False)
    app.run().switch_page("app_pages/reconcile.py").run()
    _no_exception(app)
    assert "1 disagreement(s)" in app.caption[0].value
    assert any("Ana: applied" in m.value for m in app.markdown)
    assert any("Ben: not applied" in m.value for m in app.markdown)
    next(b for b in app.button if b.label == "Agree: does not").click().run()
    _no_exception(app)
    assert "No disagreements left." in app.success[0].value
    with Project(path) as project:
        decisions = project.decisions()
    assert (decisions[-1].coder, decisions[-1].action) == ("consensus", Action.REJECT)
    assert (decisions[-1].segment_id, decisions[-1].code) == pairs[1]
    assert len(decisions) == 7
