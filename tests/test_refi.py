"""REFI-QDA exchange: exports valid against the official schemas, imports from other
tools, and a round trip that keeps codes, sources and codings."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from coding.cli import main
from coding.errors import ExchangeError
from coding.model import Action, Code, Codebook, Decision
from coding.refi import import_qdpx, project_qdpx, qdc_bytes, read_qdc
from coding.review.cards import ReviewFilter, find_segments, segment_cards
from coding.store import Project
from coding.store.status import current_status

SCHEMAS = "refi-qda"


def _schema(data_dir, name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(data_dir / SCHEMAS / name)))


def _qde(archive: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return etree.fromstring(zipped.read("project.qde"))


@pytest.fixture
def coded(sample_project):
    """The sample study with Ana, Ben and the consensus having coded a few segments."""
    with Project(sample_project) as project:
        cards = segment_cards(project, find_segments(project, ReviewFilter())[:8])
        themes = project.code_names()
        decisions = []
        for number, card in enumerate(cards):
            first = card.themes[0].code
            decisions.append(Decision(card.id, first, Action.CONFIRM, coder="Ana"))
            decisions.append(Decision(card.id, first if number % 3 else themes[-1],
                                      Action.CONFIRM, coder="Ben"))
            if number == 2:
                decisions.append(Decision(card.id, first, Action.REJECT, coder="Ben"))
                decisions.append(Decision(card.id, first, Action.CONFIRM, coder="consensus"))
        project.record_decisions(decisions)
    return sample_project


def test_the_schemas_parse_and_the_specifications_example_codebook_is_valid(data_dir):
    codebook = _schema(data_dir, "Codebook.xsd")
    _schema(data_dir, "Project-mrt2019.xsd")
    example = etree.parse(str(data_dir / SCHEMAS / "example.qdc"))
    assert codebook.validate(example), codebook.error_log
    broken = etree.fromstring(etree.tostring(example).replace(b'isCodable="true"',
                                                              b'isCodable="maybe"', 1))
    assert not codebook.validate(broken)  # the schema really checks


def test_exported_codebook_is_valid_and_keeps_nesting(data_dir):
    book = Codebook("study", (Code("Burnout", "Exhausted by work.", parent="Wellbeing"),
                              Code("Boundaries", "Saying no."),
                              Code("Saying no to night calls", "", parent="Boundaries")))
    document = etree.fromstring(qdc_bytes(book))
    assert _schema(data_dir, "Codebook.xsd").validate(document)


def test_the_specifications_example_codebook_imports(data_dir, tmp_path):
    book = read_qdc(data_dir / SCHEMAS / "example.qdc")
    assert [(c.name, c.parent) for c in book.codes] == [
        ("Economy", ""), ("Health care", ""), ("Conservatives", ""), ("Liberals", "")]
    assert book.code("Economy").definition == "Anything about jobs or taxes or business"


def test_codebook_round_trip_keeps_names_definitions_and_parents(tmp_path):
    book = Codebook("study", (Code("Burnout", "Exhausted by work.", parent="Wellbeing"),
                              Code("Boundaries", "Saying no."),
                              Code("Night calls", "", parent="Boundaries")))
    path = tmp_path / "book.qdc"
    path.write_bytes(qdc_bytes(book))
    back = read_qdc(path)
    assert {(c.name, c.definition, c.parent) for c in back.codes} == {
        (c.name, c.definition, c.parent) for c in book.codes}


def test_exported_project_is_valid_against_the_project_schema(coded, data_dir):
    with Project(coded) as project:
        archive = project_qdpx(project)
        again = project_qdpx(project)
    assert archive == again  # deterministic
    qde = _qde(archive)
    schema = _schema(data_dir, "Project-mrt2019.xsd")
    assert schema.validate(qde), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert {u.get("name") for u in qde.iterfind(".//q:User", ns)} == {"Ana", "Ben",
                                                                       "consensus"}
    assert len(qde.findall(".//q:Case", ns)) >= 2
    assert qde.find(".//q:Case/q:VariableValue/q:IntegerValue", ns) is not None
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        texts = [n for n in zipped.namelist() if n.startswith("Sources/")]
    assert len(texts) == len(qde.findall(".//q:TextSource", ns)) == 6


def _file_names(project: Project) -> dict[str, str]:
    return {r["id"]: r["name"] for r in project.table_rows("transcripts")}


def _sources(project: Project) -> set[tuple]:
    """(file, meeting, date) of every transcript."""
    return {(r["name"], r["meeting"], r["date"]) for r in project.table_rows("transcripts")}


def _turns(project: Project) -> set[tuple]:
    """(file, turn, speaker, words) of every turn."""
    names = _file_names(project)
    return {(names[r["transcript_id"]], r["turn_index"], r["speaker"], r["text"])
            for r in project.table_rows("turns")}


def _codings(project: Project) -> set[tuple]:
    """(transcript, turn, chars, theme, coder) for every theme a coder applied."""
    names = _file_names(project)
    where = {s.id: (names[s.transcript_id], s.turn_index, s.start_char, s.end_char)
             for s in project.segments()}
    decisions = project.decisions()
    return {(*where[segment], code, coder)
            for coder in {d.coder for d in decisions}
            for (segment, code), d in current_status(decisions, coder).items()
            if d.action == Action.CONFIRM}


def test_round_trip_gives_the_same_codes_sources_and_codings(coded, tmp_path):
    archive = tmp_path / "study.qdpx"
    with Project(coded) as project:
        archive.write_bytes(project_qdpx(project))
        codes = {(c.name, c.definition, c.parent) for c in project.codebook().codes}
        sources = _sources(project)
        turns = _turns(project)
        codings = _codings(project)
    report = import_qdpx(archive, tmp_path / "back.sqlite")
    assert report.skipped == ()
    with Project(report.project) as back:
        assert {(c.name, c.definition, c.parent) for c in back.codebook().codes} == codes
        assert _sources(back) == sources
        assert _turns(back) == turns
        assert _codings(back) == codings
    assert len(codings) > 8


FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="other tool" origin="SomeQDA 2.1">
 <Users><User guid="11111111-1111-1111-1111-111111111111" name="Dana"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Work" isCodable="false">
   <Code guid="33333333-3333-3333-3333-333333333333" name="Workload" isCodable="true">
    <Description>Too much to do.</Description></Code>
  </Code></Codes></CodeBook>
 <Sources>
  <TextSource guid="44444444-4444-4444-4444-444444444444" name="interview 1"
              plainTextPath="internal://44444444-4444-4444-4444-444444444444.txt">
   <PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="40"
                       endPosition="52" creatingUser="11111111-1111-1111-1111-111111111111">
    <Coding guid="66666666-6666-6666-6666-666666666666"
            creatingUser="11111111-1111-1111-1111-111111111111">
     <CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PDFSource guid="77777777-7777-7777-7777-777777777777" name="scan.pdf"
             path="internal://scan.pdf"/>
 </Sources>
</Project>"""
FOREIGN_TEXT = "Interviewer: How was the week?\nRespondent: Long hours again, no breaks.\n"


def test_a_project_from_another_tool_imports_with_what_was_left_out_listed(tmp_path,
                                                                          data_dir):
    assert _schema(data_dir, "Project-mrt2019.xsd").validate(etree.fromstring(
        FOREIGN.encode()))
    archive = tmp_path / "other.qdpx"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("project.qde", FOREIGN)
        zipped.writestr("sources/44444444-4444-4444-4444-444444444444.txt", FOREIGN_TEXT)
    report = import_qdpx(archive, tmp_path / "imported.sqlite")
    assert (report.sources, report.codes, report.codings) == (1, 1, 1)
    assert report.skipped == ("scan.pdf: PDFSource sources are not imported (plain text "
                              "only).",)
    with Project(report.project) as project:
        assert project.codebook().codes == (Code("Workload", "Too much to do.",
                                                 parent="Work"),)
        assert [(t.speaker, t.text) for t in project.turns(
            project.table_rows("transcripts")[0]["id"])] == [
            ("Interviewer", "How was the week?"), ("Respondent", "Long hours again, no breaks.")]
        decision, = project.decisions()
    assert (decision.code, decision.coder, decision.action) == ("Workload", "Dana",
                                                                Action.CONFIRM)
    assert decision.segment_id.endswith(":1:0-28")  # characters 40-52 lie in the 2nd turn (43-71)


def test_a_broken_archive_is_refused_and_leaves_no_project(tmp_path):
    archive = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("project.qde", "<Project xmlns='urn:QDA-XML:project:1.0'><Users>")
    with pytest.raises(ExchangeError, match="not well-formed XML"):
        import_qdpx(archive, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()
    with pytest.raises(ExchangeError, match="already exists"):
        import_qdpx(archive, archive)


def test_cli_exports_and_imports(coded, tmp_path, capsys):
    qdc, qdpx = tmp_path / "codes.qdc", tmp_path / "all.qdpx"
    assert main(["export-refi", "--project", str(coded), "--qdc", str(qdc)]) == 0
    assert main(["export-refi", "--project", str(coded), "--qdpx", str(qdpx)]) == 0
    assert main(["import-refi", str(qdpx), "--project", str(tmp_path / "copy.sqlite")]) == 0
    printed = capsys.readouterr().out
    assert "6 source(s)" in printed
    with Project(tmp_path / "copy.sqlite") as project:
        assert len(project.code_names()) == len(read_qdc(qdc).codes)


def test_one_participant_written_several_ways_is_one_case(two_meetings, small_codebook,
                                                          project_path, fake_embedder):
    from coding.pipeline import run_pipeline

    run_pipeline([two_meetings], small_codebook, project_path, embedder=fake_embedder)
    with Project(project_path) as project:
        labels = set(project.speaker_labels())
        cases = _qde(project_qdpx(project)).findall(".//{*}Cases/{*}Case")
    assert {"Dr. Jane Smith", "JANE SMITH (she/her)", "Jane", "Ben Kowalski"} <= labels
    assert sorted(case.get("name") for case in cases) == ["Ben Kowalski", "Jane Smith"]
    turns = {case.get("name"): int(case.find(".//{*}IntegerValue").text) for case in cases}
    assert turns == {"Ben Kowalski": 2, "Jane Smith": 4}


def test_memos_on_codes_and_the_journal_travel_as_notes(coded, data_dir):
    with Project(coded) as project:
        project.set_code_memo("Burnout", "Exhaustion that rest does not cure.", "Ana")
        project.add_journal_entry("Merged two grief codes after meeting 5.", "Ben")
        archive = project_qdpx(project)
    qde = _qde(archive)
    schema = _schema(data_dir, "Project-mrt2019.xsd")
    assert schema.validate(qde), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    notes = {n.get("guid"): n.findtext("q:PlainTextContent", namespaces=ns)
             for n in qde.iterfind("q:Notes/q:Note", ns)}
    burnout = next(c for c in qde.iterfind(".//q:Code", ns) if c.get("name") == "Burnout")
    assert notes[burnout.find("q:NoteRef", ns).get("targetGUID")] == \
        "Exhaustion that rest does not cure."
    (journal,) = qde.findall("q:NoteRef", ns)
    assert notes[journal.get("targetGUID")] == "Merged two grief codes after meeting 5."
