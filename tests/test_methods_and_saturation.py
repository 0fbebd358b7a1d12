"""The methods paragraph states the project's own records; saturation and co-occurrence
on cases small enough to count by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from coding.model import Action, Code, Decision
from coding.report.methods import audit_trail, methods_facts, methods_paragraph
from coding.report.paper import ExportOptions
from coding.report.saturation import (
    ALL_THEMES_SO_FAR,
    NEW_PAIRS,
    NEW_THEME_NAMES,
    NEW_THEMES,
    cooccurrence,
    saturation_table,
)
from coding.review.reconcile import record_consensus
from coding.store import Project


@pytest.fixture
def project(sample_project):
    with Project(sample_project) as opened:
        yield opened


def _decide(project: Project) -> list[Decision]:
    rows = sorted(project.table_rows("suggestions"), key=lambda r: -r["score"])[:9]
    made = [Decision(r["segment_id"], r["code"], Action.CONFIRM, "Ana") for r in rows[:5]]
    made += [Decision(r["segment_id"], r["code"], Action.REJECT, "Ana") for r in rows[5:7]]
    other = next(c for c in project.code_names() if c != rows[7]["code"])
    made.append(Decision(rows[7]["segment_id"], rows[7]["code"], Action.RELABEL, "Ben",
                         new_code=other))
    made.append(Decision(rows[0]["segment_id"], rows[0]["code"], Action.REJECT, "Ben"))
    project.record_decisions(made)
    return made


def test_every_figure_of_the_methods_paragraph_is_the_projects_own(project):
    made = _decide(project)
    record_consensus(project, made[0].segment_id, made[0].code, applied=True)
    old = project.stored_code("Burnout")
    project.save_code(Code(**{**old.__dict__, "definition": old.definition + " More."}), "Ana",
                      original=old)
    project.set_participant_roles({"Jordan Lee": "facilitator"}, "Ana")
    facts = methods_facts(project, ExportOptions())
    text = methods_paragraph(facts)
    transcripts = project.table_rows("transcripts")
    (run,) = project.runs()
    assert facts.meetings == len(transcripts) == 6
    assert facts.words == sum(r["words"] for r in transcripts)
    assert facts.segments == len(project.segments())
    assert facts.themes == len(project.code_names())
    assert facts.edits["edit"] == 1 and sum(facts.edits.values()) == 1
    assert (facts.model, facts.threshold) == (run.settings["model"], run.settings["threshold"])
    assert facts.coders == ("Ana", "Ben")
    assert facts.decisions == {"confirm": 5, "reject": 3, "relabel": 1}
    assert facts.reviewed == len({d.segment_id for d in made})
    assert facts.reconciled == 1 and facts.facilitators == ("Jordan Lee",)
    for stated in (f"{facts.meetings} meetings", f"{facts.words:,} words",
                   f"({facts.segments:,} turns)", f"held {facts.themes} themes",
                   "changed 1 times", f"model {run.settings['model']}",
                   f"threshold {run.settings['threshold']}", "2 coder(s) reviewed",
                   "of their 9 decisions", "56% confirmed, 33% rejected and 11% relabelled",
                   "reconciled 1 disagreement(s)", "1 facilitator(s)"):
        assert stated in text, stated
    if facts.alpha:
        assert f"α = {facts.alpha[0]:.2f}" in text and f"n = {facts.compared}" in text
    assert not re.search(r"pseudonym", text)
    trail = audit_trail(project)
    assert set(trail["event"]) >= {"import", "suggestion run", "codebook: add",
                                   "codebook: edit", "reconciliation"}
    assert list(trail["when"]) == sorted(trail["when"])


def test_saturation_counts_new_themes_and_pairs_meeting_by_meeting():
    rows = pd.DataFrame([  # meeting, speaker, theme, segment
        ("M1", "Ann", "Burnout", "s1"), ("M1", "Bo", "Burnout", "s2"),
        ("M1", "Ann", "Grief", "s3"),
        ("M2", "Ann", "Burnout", "s4"), ("M2", "Cy", "Burnout", "s5"),
        ("M3", "Bo", "Grief", "s6"), ("M3", "Bo", "Boundaries", "s7"),
        ("M4", "Ann", "Burnout", "s8")], columns=["meeting", "speaker", "theme", "segment_id"])
    table = saturation_table(rows, ["M1", "M2", "M3", "M4", "M5"])
    assert list(table[NEW_THEMES]) == [2, 0, 1, 0, 0]
    assert list(table[ALL_THEMES_SO_FAR]) == [2, 2, 3, 3, 3]
    assert list(table[NEW_PAIRS]) == [3, 1, 2, 0, 0]
    assert list(table[NEW_THEME_NAMES]) == ["Burnout, Grief", "", "Boundaries", "", ""]


def test_cooccurrence_counts_themes_sharing_a_segment_or_an_episode():
    rows = pd.DataFrame([("s1", "A", "e1"), ("s1", "B", "e1"), ("s2", "A", "e1"),
                         ("s3", "C", "e1"), ("s4", "B", "e2"), ("s4", "C", "e2")],
                        columns=["segment_id", "theme", "episode"])
    same_segment = cooccurrence(rows, ["A", "B", "C"])
    assert same_segment.loc["A", "B"] == same_segment.loc["B", "A"] == 1
    assert same_segment.loc["B", "C"] == 1 and same_segment.loc["A", "C"] == 0
    assert same_segment.loc["A", "A"] == 2  # segments carrying A
    same_episode = cooccurrence(rows, ["A", "B", "C"], unit="episode")
    assert same_episode.loc["A", "C"] == 1 and same_episode.loc["B", "C"] == 2
