"""Read REFI-QDA files made by any tool: ``.qdc`` codebooks and ``.qdpx`` projects.

A ``.qdpx`` becomes a new project: each plain-text source a transcript (one turn per
non-empty line, "Name: words" giving the speaker), codable codes the codebook (nested
under their parent's name), and each coding a confirmed decision by its user on every
segment its selection overlaps. What has no place here (PDF, picture, audio and video
sources; codings of whole sources; texts kept outside the archive) is listed in the
report, never silently dropped. Everything is read and checked before anything is
written, and a failure while writing removes the new file.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from coding.errors import CodingError, ExchangeError
from coding.model import Action, Code, Codebook, Decision, Transcript, Turn, Unit, content_hash
from coding.refi._common import INTERNAL, SOURCES
from coding.segment import segment_transcript
from coding.store import Project

UNKNOWN_SPEAKER = "Unknown"
IMPORTER = "REFI-QDA import"
_LABELLED = re.compile(r"^(?P<speaker>[^\W\d_][^:\n]{0,59}): (?P<words>.*)$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


@dataclass(frozen=True)
class ImportReport:
    project: Path
    sources: int
    codes: int
    codings: int  # confirmed decisions recorded
    skipped: tuple[str, ...]  # what could not be brought over, and why


@dataclass(frozen=True)
class _Source:
    transcript: Transcript
    offsets: dict[int, int]  # turn index -> where its words begin in the source text
    selections: list[tuple[int, int, str, str, str]]  # start, end, code guid, user, when


# -- the codebook ----------------------------------------------------------------------------

def read_qdc(path: str | Path) -> Codebook:
    """The codable codes of a ``.qdc`` codebook, nested codes with their parent's name."""
    path = Path(path)
    root = _parse(_read_bytes(path), path)
    if etree.QName(root).localname != "CodeBook":
        raise ExchangeError("this is not a REFI-QDA codebook (no <CodeBook> root).",
                            path=path, fix="export the codebook as .qdc from your QDA tool.")
    codes, _ = _codes(root, path)
    return Codebook(name=path.stem, codes=tuple(codes))


def _codes(parent: etree._Element, path: Path) -> tuple[list[Code], dict[str, str]]:
    """(codes in document order, code GUID -> name) under ``parent``'s <Codes>."""
    ns = etree.QName(parent).namespace
    codes: list[Code] = []
    names: dict[str, str] = {}

    def walk(element: etree._Element, above: str) -> None:
        for item in element.findall(f"{{{ns}}}Code"):
            name = (item.get("name") or "").strip()
            if not name:
                raise ExchangeError("a code has no name.", path=path, line=item.sourceline,
                                    fix="name every code in the source tool and export again.")
            if (item.get("isCodable") or "true").strip().lower() in ("true", "1"):
                if name in names.values():
                    name = f"{above} / {name}" if above else f"{name} ({len(codes) + 1})"
                description = item.findtext(f"{{{ns}}}Description") or ""
                codes.append(Code(name=name, definition=description.strip(), parent=above))
                names[item.get("guid", "")] = name
            walk(item, name)

    holder = parent.find(f"{{{ns}}}Codes")
    if holder is not None:
        walk(holder, "")
    return codes, names


# -- the project -----------------------------------------------------------------------------

def import_qdpx(path: str | Path, project_path: str | Path,
                unit: Unit = Unit.TURN) -> ImportReport:
    """A ``.qdpx`` archive as a new project file at ``project_path``."""
    path, project_path = Path(path), Path(project_path)
    if project_path.exists():
        raise ExchangeError("a project file with this name already exists.",
                            path=project_path, fix="import into a new project name.")
    root, sources, skipped = _read_archive(path)
    book = root.find(f"{{{etree.QName(root).namespace}}}CodeBook")
    codes, code_names = _codes(book, path) if book is not None else ([], {})
    decisions = [d for source in sources for d in _decisions(source, code_names, unit,
                                                             skipped)]
    try:
        with Project(project_path) as project:
            project.set_meta("unit", unit.value)
            project.set_codebook(Codebook(name=path.stem, codes=tuple(codes)), coder=IMPORTER)
            for source in sources:
                project.add_transcript(source.transcript,
                                       segment_transcript(source.transcript, unit), unit.value)
            project.record_decisions(_unique(decisions))
    except (CodingError, sqlite3.Error):
        for leftover in (project_path, *(Path(f"{project_path}{s}") for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    return ImportReport(project=project_path, sources=len(sources), codes=len(codes),
                        codings=len(_unique(decisions)), skipped=tuple(skipped))


def _read_archive(path: Path) -> tuple[etree._Element, list[_Source], list[str]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, FileNotFoundError) as error:
        raise ExchangeError(f"not a .qdpx archive ({error}).", path=path,
                            fix="export the project as .qdpx from your QDA tool.") from error
    with archive:
        members = {name.lower(): name for name in archive.namelist()}
        qde = [name for key, name in members.items() if key.endswith(".qde")]
        if not qde:
            raise ExchangeError("the archive holds no project.qde.", path=path,
                                fix="export the whole project as .qdpx, not single files.")
        root = _parse(archive.read(qde[0]), path)
        skipped: list[str] = []
        sources = _sources(root, path, lambda name: _member(archive, members, name), skipped)
    return root, sources, skipped


def _member(archive: zipfile.ZipFile, members: dict[str, str], name: str) -> bytes | None:
    found = members.get(f"{SOURCES}/{name}".lower()) or members.get(name.lower())
    return archive.read(found) if found else None


def _sources(root: etree._Element, path: Path, member: Callable[[str], bytes | None],
             skipped: list[str]) -> list[_Source]:
    ns = etree.QName(root).namespace
    users = {u.get("guid"): (u.get("name") or "").strip() for u in root.iter(f"{{{ns}}}User")}
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{{{ns}}}Variable")}
    holder = root.find(f"{{{ns}}}Sources")
    sources: list[_Source] = []
    for element in holder if holder is not None else ():
        kind, name = etree.QName(element).localname, element.get("name") or "unnamed source"
        if kind != "TextSource":
            skipped.append(f"{name}: {kind} sources are not imported (plain text only).")
            continue
        text = _source_text(element, ns, member)
        if text is None:
            skipped.append(f"{name}: its text is not inside the archive "
                           f"({element.get('plainTextPath')}).")
            continue
        if element.find(f"{{{ns}}}Coding") is not None:
            skipped.append(f"{name}: codings of the whole source are not imported.")
        source = _source(name, text, _meeting(element, ns, variables))
        if not source.transcript.turns:
            skipped.append(f"{name}: the source holds no text.")
            continue
        source.selections.extend(_selections(element, ns, users, path))
        sources.append(source)
    return sources


def _source_text(element: etree._Element, ns: str,
                 member: Callable[[str], bytes | None]) -> str | None:
    inline = element.find(f"{{{ns}}}PlainTextContent")
    if inline is not None:
        return inline.text or ""
    where = element.get("plainTextPath") or ""
    if not where.startswith(INTERNAL):
        return None
    data = member(where.removeprefix(INTERNAL))
    return data.decode("utf-8-sig").replace("\r\n", "\n") if data is not None else None


def _meeting(element: etree._Element, ns: str,
             variables: dict[str, str]) -> tuple[int | None, date | None]:
    meeting = day = None
    for value in element.findall(f"{{{ns}}}VariableValue"):
        ref = value.find(f"{{{ns}}}VariableRef")
        name = variables.get(ref.get("targetGUID")) if ref is not None else None
        number, when = value.findtext(f"{{{ns}}}IntegerValue"), value.findtext(
            f"{{{ns}}}DateValue")
        if name == "Meeting" and number and number.strip().lstrip("-").isdigit():
            meeting = int(number)
        elif name == "Date" and when:
            try:
                day = date.fromisoformat(when.strip())
            except ValueError:
                day = None
    return meeting, day


def _source(name: str, text: str, meeting: tuple[int | None, date | None]) -> _Source:
    turns, offsets, position = [], {}, 0
    for line in text.split("\n"):
        labelled = _LABELLED.match(line)
        speaker, words, at = ((labelled["speaker"].strip(), labelled["words"],
                               labelled.start("words")) if labelled
                              else (UNKNOWN_SPEAKER, line, 0))
        if words.strip():
            offsets[len(turns)] = position + at
            turns.append(Turn(index=len(turns), speaker=speaker, text=words))
        position += len(line) + 1
    transcript = Transcript(id=content_hash(text), name=name, turns=tuple(turns),
                            meeting=meeting[0], date=meeting[1], format="refi-qda")
    return _Source(transcript, offsets, [])


def _selections(element: etree._Element, ns: str, users: dict[str, str],
                path: Path) -> list[tuple[int, int, str, str, str]]:
    found = []
    for selection in element.findall(f"{{{ns}}}PlainTextSelection"):
        try:
            start, end = (int(selection.get("startPosition")),
                          int(selection.get("endPosition")))
        except (TypeError, ValueError) as error:
            raise ExchangeError("a text selection has no whole-number start and end.",
                                path=path, line=selection.sourceline,
                                fix="export the project again from its tool.") from error
        for coding in selection.findall(f"{{{ns}}}Coding"):
            ref = coding.find(f"{{{ns}}}CodeRef")
            user = coding.get("creatingUser") or selection.get("creatingUser") or ""
            found.append((min(start, end), max(start, end),
                          ref.get("targetGUID") if ref is not None else "",
                          users.get(user) or IMPORTER, coding.get("creationDateTime") or ""))
    return found


def _decisions(source: _Source, code_names: dict[str, str], unit: Unit,
               skipped: list[str]) -> list[Decision]:
    segments = segment_transcript(source.transcript, unit)
    starts = [source.offsets[s.turn_index] + s.start_char for s in segments]
    ends = [source.offsets[s.turn_index] + s.end_char for s in segments]
    decisions = []
    for start, end, code_guid, coder, when in source.selections:
        code = code_names.get(code_guid)
        if code is None:
            skipped.append(f"{source.transcript.name}: a coding names no codable code "
                           f"({code_guid or 'no reference'}).")
            continue
        for number in range(bisect_right(ends, start), bisect_left(starts, max(end,
                                                                             start + 1))):
            decisions.append(Decision(segment_id=segments[number].id, code=code,
                                      action=Action.CONFIRM, coder=coder, decided_at=when))
    return decisions


def _unique(decisions: list[Decision]) -> list[Decision]:
    """One decision per (segment, code, coder): overlapping selections give repeats."""
    return list({(d.segment_id, d.code, d.coder): d for d in decisions}.values())


# -- reading XML safely ----------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise ExchangeError("file not found.", path=path, fix="check the path.") from error


def _parse(data: bytes, path: Path) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise ExchangeError(f"not well-formed XML ({error.msg}).", path=path,
                            line=error.lineno, fix="export the file again.") from error
