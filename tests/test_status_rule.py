"""The status rule has one meaning in all its forms (see coding/store/status.py).

On random decision sequences — a few segments × a few codes × up to three coders,
confirm / reject / relabel to a different code / memo / "no theme here" / undo of an
earlier decision of the same coder, some pairs suggested by the machine — recorded
into a real project file, the SQL form (what the Review screen filters and counts with),
the Python form (``current_status``) and the agreement code's judgements must say the
same thing, for everyone and for each single coder.
Small projects are built through the store's own methods; no embedding model is loaded.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.cli import main
from coding.model import (
    Action,
    Code,
    Codebook,
    Decision,
    Segment,
    Source,
    Status,
    Suggestion,
    Transcript,
    Turn,
)
from coding.review.agreement import DECISION_COLUMNS, judgements
from coding.review.cards import UNCODED, ReviewFilter, find_segments, review_counts
from coding.store import Project
from coding.store.status import current_status, reviewed_without_theme, status_of

CODES = ("Boundaries", "Burnout", "Milestones")
CODERS = ("ana", "ben", "cy")
WORDS = ("I switch my phone off at seven.", "I am exhausted every evening.",
         "We celebrated her first year.")
SEGMENTS = tuple(Segment(transcript_id="t1", turn_index=index, start_char=0,
                         end_char=len(text), text=text, speaker="P1")
                 for index, text in enumerate(WORDS))
SEGMENT_IDS = [segment.id for segment in SEGMENTS]

# One act: (segment, code, action, how far along CODES a relabel moves, coder).
_ACT = st.tuples(st.integers(0, len(SEGMENTS) - 1), st.integers(0, len(CODES) - 1),
                 st.sampled_from(list(Action)), st.integers(1, len(CODES) - 1),
                 st.integers(0, len(CODERS) - 1))
_SUGGESTED = st.sets(st.tuples(st.integers(0, len(SEGMENTS) - 1),
                               st.integers(0, len(CODES) - 1)), max_size=6)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Decision], frozenset[tuple[str, str]],
                                        list[str]]:
    """(decisions in the order made, suggested pairs, the coders taking part). An undo
    names an earlier decision of its coder by its id (the store numbers them from 1)."""
    coders = list(CODERS[:draw(st.integers(2, len(CODERS)))])
    decisions: list[Decision] = []
    for segment, code, action, step, coder in draw(st.lists(_ACT, max_size=14)):
        who = coders[coder % len(coders)]
        if action == Action.UNDO:
            undone = {d.undoes for d in decisions}
            can = [number for number, d in enumerate(decisions, start=1)
                   if d.coder == who and d.action != Action.UNDO and number not in undone]
            if can:
                number = draw(st.sampled_from(can))
                decisions.append(replace(decisions[number - 1], action=Action.UNDO, memo="",
                                         undoes=number))
            continue
        new_code = CODES[(code + step) % len(CODES)] if action == Action.RELABEL else ""
        on_segment_only = action == Action.NO_THEME or (
            action == Action.MEMO and draw(st.booleans()))
        decisions.append(Decision(
            segment_id=SEGMENT_IDS[segment], code="" if on_segment_only else CODES[code],
            action=action, coder=who, new_code=new_code,
            memo="a note" if action == Action.MEMO else ""))
    suggested = frozenset((SEGMENT_IDS[s], CODES[c]) for s, c in draw(_SUGGESTED))
    return decisions, suggested, coders


@pytest.fixture(scope="module")
def empty_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project file with one meeting of three segments and the three codes, no
    suggestion and no decision; each example works on its own copy."""
    path = tmp_path_factory.mktemp("status_rule") / "project.sqlite"
    turns = tuple(Turn(index=s.turn_index, speaker=s.speaker, text=s.text) for s in SEGMENTS)
    with Project(path) as project:
        project.add_transcript(Transcript(id="t1", name="meeting1.txt", turns=turns,
                                          meeting=1, format="txt"), SEGMENTS, "turn")
        project.set_codebook(Codebook("status rule", tuple(Code(name) for name in CODES)))
    return path


@contextmanager
def _project(template: Path, decisions: list[Decision],
             suggested: frozenset[tuple[str, str]], blind: bool = False) -> Iterator[Project]:
    """A fresh copy of ``template`` holding the machine's ``suggested`` pairs and
    ``decisions`` recorded in order, opened (copying is four times faster than building
    a new file, which keeps a hundred examples within seconds)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(shutil.copy(template, Path(folder) / "project.sqlite"))
        with Project(path) as project:
            project.replace_suggestions(SEGMENT_IDS, [
                Suggestion(segment_id=s, code=c, score=0.5, source=Source.KEYWORD)
                for s, c in sorted(suggested)], run_id="test")
            for decision in decisions:  # one click each: an undo names a stored decision
                project.record_decisions([decision])
            if blind:
                project.set_blind(True)
            yield project


def _python_statuses(decisions: list[Decision], suggested: frozenset[tuple[str, str]],
                     coder: str) -> dict[tuple[str, str], Status]:
    """The Python form: pending for every suggestion, then each pair's latest act."""
    statuses = dict.fromkeys(suggested, Status.PENDING)
    statuses.update({pair: status_of(act)
                     for pair, act in current_status(decisions, coder).items()})
    return statuses


@contextmanager
def _seen_by_each_viewer(empty_project: Path, history: tuple) -> Iterator[tuple]:
    """The project under blind coding, and what the Python form says each viewer sees:
    a named coder counts only their own decisions (``:only``), '' counts everyone's."""
    decisions, suggested, coders = history
    with _project(empty_project, decisions, suggested, blind=True) as project:
        stored = project.decisions()
        assert [d.id for d in stored] == list(range(1, len(decisions) + 1))
        yield project, {coder: _python_statuses(stored, suggested, coder)
                        for coder in ["", *coders]}


@settings(max_examples=60, deadline=None)
@given(histories())
def test_sql_and_python_forms_give_every_pair_the_same_status(empty_project, history):
    with _seen_by_each_viewer(empty_project, history) as (project, seen):
        for coder, expected in seen.items():
            assert project.pair_statuses(only=coder) == expected
            counts = Counter(expected.values())
            assert review_counts(project, viewer=coder) == {s: counts[s] for s in Status}


@settings(max_examples=40, deadline=None)
@given(histories())
def test_the_review_filters_select_the_segments_the_python_form_says(empty_project, history):
    with _seen_by_each_viewer(empty_project, history) as (project, seen):
        for coder, expected in seen.items():
            marked = reviewed_without_theme(project.decisions(), coder)
            for status in Status:
                having = {segment for (segment, _), found in expected.items()
                          if found == status}
                assert find_segments(project, ReviewFilter(status=status.value),
                                     viewer=coder) == [s for s in SEGMENT_IDS if s in having]
            coded = {segment for (segment, _), found in expected.items()
                     if found != Status.REJECTED}
            assert find_segments(project, ReviewFilter(status=UNCODED), viewer=coder) == [
                s for s in SEGMENT_IDS if s not in coded and s not in marked]


@settings(max_examples=60, deadline=None)
@given(histories())
def test_agreement_applies_exactly_the_confirmed_pairs_and_not_the_rejected(empty_project,
                                                                              history):
    decisions, suggested, coders = history
    with _project(empty_project, decisions, suggested) as project:
        stored = project.decisions()
        frame = project.decision_frame()[DECISION_COLUMNS]
        for judged in (judgements(stored, SEGMENT_IDS, CODES, coders),
                       judgements(frame, SEGMENT_IDS, CODES, coders)):
            for number, coder in enumerate(coders):
                latest = current_status(stored, coder)
                cells = {(SEGMENT_IDS[s], CODES[c]): int(judged.values[number, s, c])
                         for s in range(len(SEGMENT_IDS)) for c in range(len(CODES))}
                confirmed = {pair for pair, act in latest.items()
                             if act.action == Action.CONFIRM}
                rejected = set(latest) - confirmed
                assert {pair for pair, value in cells.items() if value == 1} == confirmed
                assert all(cells[pair] == 0 for pair in rejected)


def test_a_relabel_to_the_same_code_is_refused_and_nothing_is_stored(empty_project, tmp_path,
                                                                      capsys):
    """Guards the check in ``Project._check_decision``: before it, ``coding decide``
    stored such a row (only the Review screen refused it), and the two forms of the rule
    then disagreed on the pair: the SQL said rejected, ``current_status`` confirmed."""
    path = Path(shutil.copy(empty_project, tmp_path / "project.sqlite"))
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("segment_id,theme,action,new_theme,coder\n"
                         f"{SEGMENT_IDS[0]},Boundaries,relabel,Boundaries,ana\n",
                         encoding="utf-8")
    assert main(["decide", str(decisions), "--project", str(path)]) == 2
    error = capsys.readouterr().err
    assert f"line 2 of {decisions}" in error
    assert "relabel from 'Boundaries' to the same code changes nothing" in error
    assert "Fix: name a different code" in error
    with Project(path) as project:
        assert project.decisions() == []
