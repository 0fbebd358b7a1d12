"""Write REFI-QDA files: the codebook (``.qdc``) and the whole project (``.qdpx``).

A ``.qdpx`` is a zip of ``project.qde`` and ``Sources/<GUID>.txt``. Each transcript is
one plain-text source, one line per turn ("Speaker: words"); each coded segment is a
``PlainTextSelection`` over its characters, holding one ``Coding`` per coder who applied
a theme there (each coder's latest decision, as everywhere). Coders are ``Users``,
participants are ``Cases`` (with how many turns and meetings they have), and the
meeting number and date are variables of each source. Rejections and memos have no
place in REFI-QDA and are not written. Same project, same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from lxml import etree

from coding.model import Action, Code, Codebook
from coding.refi._common import (
    CODEBOOK_NS,
    DATE,
    INTERNAL,
    MEETING,
    MEETINGS,
    PROJECT_FILE,
    PROJECT_NS,
    SOURCES,
    TURNS,
    guid,
    turn_line,
)
from coding.store import Project
from coding.store.status import current_status

ORIGIN = "focus-coding"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same project gives the same bytes


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{etree.QName(parent).namespace}}}{tag}", attributes)


# -- the codebook ----------------------------------------------------------------------------

def qdc_bytes(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS},
                         origin=ORIGIN)
    _codes(root, codebook.codes)
    return _xml(root)


def write_qdc(project: Project, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(qdc_bytes(project.codebook()))
    return path


def _codes(parent: etree._Element, codes: Sequence[Code],
           memos: frozenset[str] = frozenset()) -> None:
    """Themes nested under their parent: under the parent theme when it is one, else
    under a non-codable grouping code named after the parent. A theme in ``memos``
    points to its memo (a Note of the project, :func:`_notes`)."""
    names = {code.name for code in codes}
    holder = _sub(parent, "Codes")
    placed: dict[str, etree._Element] = {}
    for code in _parents_first(codes):
        if code.parent and code.parent not in names and code.parent not in placed:
            placed[code.parent] = _sub(holder, "Code", guid=guid("group", code.parent),
                                       name=code.parent, isCodable="false")
        element = _sub(placed.get(code.parent, holder), "Code", guid=guid("code", code.name),
                       name=code.name, isCodable="true")
        if code.definition:  # before any nested theme, as the schema orders them
            _sub(element, "Description").text = code.definition
        if code.name in memos:
            _sub(element, "NoteRef", targetGUID=guid("memo", code.name))
        placed[code.name] = element


def _parents_first(codes: Sequence[Code]) -> list[Code]:
    """Codebook order, except that a theme comes after the theme it is nested in."""
    by_name = {code.name: code for code in codes}
    ordered: list[Code] = []
    seen: set[str] = set()

    def visit(code: Code, trail: frozenset[str]) -> None:
        if code.name in seen:
            return
        parent = by_name.get(code.parent)
        if parent is not None and parent.name not in trail:
            visit(parent, trail | {code.name})
        seen.add(code.name)
        ordered.append(code)

    for code in codes:
        visit(code, frozenset({code.name}))
    return ordered


# -- the project -----------------------------------------------------------------------------

def project_qdpx(project: Project) -> bytes:
    """The whole project as a REFI-QDA ``.qdpx`` (zip) archive."""
    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS},
                         name=project.path.stem, origin=ORIGIN)
    codings = _codings(project)
    coders = sorted({coder for by_coder in codings.values() for coder, _, _ in by_coder})
    if coders:
        users = _sub(root, "Users")
        for coder in coders:
            _sub(users, "User", guid=guid("user", coder), name=coder)
    codebook = project.codebook()
    memos = project.code_memos()
    if codebook.codes:
        _codes(_sub(root, "CodeBook"), codebook.codes, frozenset(memos))
    variables = _sub(root, "Variables")
    for name, kind in (MEETING, DATE, TURNS, MEETINGS):
        _sub(variables, "Variable", guid=guid("variable", name), name=name,
             typeOfVariable=kind)
    _cases(root, project)
    texts = _sources(root, project, codings)
    _notes(root, project)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in [(PROJECT_FILE, _xml(root)), *sorted(texts.items())]:
            zipped.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return archive.getvalue()


def exchange_files(project: Project, pseudonymised_export: bool = False) -> dict[str, bytes]:
    """The codebook (.qdc) and the whole project (.qdpx) by file name; none when an
    export is to be pseudonymised but the project holds real names (these files carry
    the transcripts as they are)."""
    if pseudonymised_export and not project.pseudonymised():
        return {}
    return {f"{project.path.stem}.qdc": qdc_bytes(project.codebook()),
            f"{project.path.stem}.qdpx": project_qdpx(project)}


def write_qdpx(project: Project, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(project_qdpx(project))
    return path


def _codings(project: Project) -> dict[str, list[tuple[str, str, str]]]:
    """segment id -> (coder, theme, when) for every theme a coder applied there."""
    decisions = project.decisions()
    found: dict[str, list[tuple[str, str, str]]] = {}
    for coder in sorted({d.coder for d in decisions if d.action != Action.MEMO}):
        for (segment, code), decision in current_status(decisions, coder).items():
            if decision.action == Action.CONFIRM:
                found.setdefault(segment, []).append((coder, code, decision.decided_at))
    return {segment: sorted(rows) for segment, rows in found.items()}


def _cases(root: etree._Element, project: Project) -> None:
    presence = project.participant_presence()
    if not presence:
        return
    cases = _sub(root, "Cases")
    for participant, turns, sources in presence:
        case = _sub(cases, "Case", guid=guid("case", participant), name=participant)
        _value(case, TURNS, str(turns))
        _value(case, MEETINGS, str(len(sources)))
        for source in sources:
            _sub(case, "SourceRef", targetGUID=guid("source", source))


def _notes(root: etree._Element, project: Project) -> None:
    """Memos on codes and the project journal as the project's Notes; the journal's
    entries are the project's own notes (NoteRef at the end of the project)."""
    memos, journal = project.code_memos(), project.journal()
    if not memos and not journal:
        return
    notes = _sub(root, "Notes")
    for name, memo in memos.items():
        note = _sub(notes, "Note", guid=guid("memo", name), name=f"Memo on {name} ({memo.coder})")
        _sub(note, "PlainTextContent").text = memo.text
    for entry in journal:
        note = _sub(notes, "Note", guid=guid("journal", entry.id),
                    name=f"Journal {entry.entry_date} ({entry.coder})")
        _sub(note, "PlainTextContent").text = entry.text
    for entry in journal:
        _sub(root, "NoteRef", targetGUID=guid("journal", entry.id))


def _value(parent: etree._Element, variable: tuple[str, str], value: str) -> None:
    holder = _sub(parent, "VariableValue")
    _sub(holder, "VariableRef", targetGUID=guid("variable", variable[0]))
    _sub(holder, f"{variable[1]}Value").text = value


def _sources(root: etree._Element, project: Project,
             codings: dict[str, list[tuple[str, str, str]]]) -> dict[str, bytes]:
    transcripts = project.transcripts_in_meeting_order()
    if not transcripts:
        return {}
    holder = _sub(root, "Sources")
    texts = {}
    for transcript in transcripts:
        key = guid("source", transcript.id)
        source = _sub(holder, "TextSource", guid=key, name=transcript.name,
                      plainTextPath=f"{INTERNAL}{key}.txt")
        text = _text_with_selections(source, project, transcript.id, codings)
        texts[f"{SOURCES}/{key}.txt"] = text.encode("utf-8")
        if transcript.meeting is not None:
            _value(source, MEETING, str(transcript.meeting))
        if transcript.date:
            _value(source, DATE, transcript.date)
    return texts


def _text_with_selections(source: etree._Element, project: Project, transcript_id: str,
                          codings: dict[str, list[tuple[str, str, str]]]) -> str:
    lines, offsets, position = [], {}, 0
    for turn in project.turns(transcript_id):
        line, words_at = turn_line(turn.speaker, turn.text)
        offsets[turn.index] = position + words_at
        lines.append(line)
        position += len(line) + 1
    for segment in project.segment_spans(transcript_id):
        if segment.id not in codings:
            continue
        start = offsets[segment.turn_index] + segment.start_char
        selection = _sub(source, "PlainTextSelection", guid=guid("selection", segment.id),
                         name=segment.text[:60], startPosition=str(start),
                         endPosition=str(start + segment.end_char - segment.start_char))
        for coder, code, when in codings[segment.id]:
            coding = _sub(selection, "Coding", guid=guid("coding", f"{segment.id}|{code}|"
                                                                  f"{coder}"),
                          creatingUser=guid("user", coder))
            if _is_datetime(when):
                coding.set("creationDateTime", when)
            _sub(coding, "CodeRef", targetGUID=guid("code", code))
    return "\n".join(lines) + "\n"


def _is_datetime(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
