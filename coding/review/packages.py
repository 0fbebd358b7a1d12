"""Coder packages: blind parallel coding without a server, and a safe merge.

Each coder codes in their own copy of the project (the lead's master file, copied), then
exports *their* decisions and memos as one file, a **coder package**; the lead imports
the packages into the master. The package is JSON (readable, diffable, one file):

.. code-block:: text

    format       "focus-coding coder package"       what the file is
    version      1                                  of this layout
    coder        "Ana"                              whose decisions these are
    exported_at  "2026-03-01T10:02:03+00:00"
    project      {name, codebook, unit}             the copy it came from
    transcripts  [{id, name, text_sha256}]          each transcript a decision is on
    codes        [{id, name}]                       each theme a decision names
    decisions    [{segment_id, code, action, new_code, memo, decided_at}]   in order made

Matching is by content, never by name (a name is only shown): a transcript's ``id`` is
the hash of its file's bytes, ``text_sha256`` the hash of its turns' stored text, and a
segment id is the transcript id with the turn and character span. On import:

- every transcript must be in the master with the same id *and* the same text, else the
  package is refused naming the package file and the transcript;
- every segment must be in the master (else the copies cut the transcripts into another
  unit, turn or sentence, and the package is refused);
- every theme must be in the master's codebook by name, or — after a rename in the
  master — be the same code (same id) under a name its history records. An unknown theme
  is refused, naming it: the codebook is the lead's, so a package never adds themes (the
  lead adds the theme, then imports the package again);
- decisions keep their coder and time; one the master holds already (same segment,
  theme, act, new theme, coder, memo and time) is not added again, so importing a
  package twice, or a later package of the same coder that repeats an earlier one's
  decisions, adds each decision once;
- a package is checked and written in one transaction: refused means nothing written.

Imported decisions are appended after those in the master, each package's in the order
its coder made them: the status rule (latest act by order of record) and blind coding
(only the viewer's own decisions count) apply to them unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coding.errors import CodingError, DecisionError, PackageError, shown_name
from coding.model import Action, Decision
from coding.store import Project, now

FORMAT = "focus-coding coder package"
VERSION = 1
SUFFIX = ".package.json"
_DECISION_FIELDS = ("segment_id", "code", "action", "new_code", "memo", "decided_at")


@dataclass(frozen=True)
class PackageTranscript:
    """A transcript as a package names it: by content, with its file name for people."""

    id: str
    name: str
    text_sha256: str


@dataclass(frozen=True)
class CoderPackage:
    """One coder's decisions and memos, and what they need to be matched elsewhere."""

    coder: str
    exported_at: str
    project: dict[str, str]
    transcripts: tuple[PackageTranscript, ...]
    codes: dict[str, int]  # theme name in the coder's copy → its id there
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class PackageImport:
    """What importing one package did (or why it was refused: ``error``)."""

    file: str
    coder: str = ""
    added: int = 0
    already: int = 0
    renamed: dict[str, str] = field(default_factory=dict)  # old theme name → master's
    error: str = ""

    @property
    def summary(self) -> str:
        """One line for a person: what was added, or the refusal with its fix."""
        if self.error:
            return self.error
        line = (f"{shown_name(self.file)}: {self.added} decision(s) of {self.coder} added, "
                f"{self.already} already in the project.")
        for old, new in self.renamed.items():
            line += f" Theme {old!r} is now called {new!r}."
        return line


def text_sha256(texts: Sequence[str]) -> str:
    """The hash of a transcript's turns as stored: what its segments are cut from."""
    return hashlib.sha256(json.dumps(list(texts), ensure_ascii=False).encode()).hexdigest()


# -- export ---------------------------------------------------------------------------------

def export_package(project: Project, coder: str, project_name: str = "") -> bytes:
    """One coder's decisions and memos in this project, as a package file's bytes."""
    decisions = project.coder_decisions(coder)
    if not decisions:
        known = project.decision_coders()
        raise PackageError(
            f"{coder.strip() or 'this coder'!r} has no decisions or memos in this project "
            "yet.", fix=f"give the name as recorded with the decisions: {', '.join(known)}."
            if known else "decide on some segments on the Review screen first.")
    transcript_ids = sorted({d.segment_id.split(":", 1)[0] for d in decisions})
    stored = project.stored_transcripts(transcript_ids)
    named = {d.code for d in decisions} | {d.new_code for d in decisions}
    codes = {name: code_id for code_id, name in project.code_names_by_id().items()
             if name in named}
    book = project.codebook()
    return (json.dumps({
        "format": FORMAT, "version": VERSION, "coder": decisions[0].coder,
        "exported_at": now(),
        "project": {"name": project_name, "codebook": book.name,
                    "unit": project.meta("unit") or ""},
        "transcripts": [{"id": t.id, "name": t.name, "text_sha256": text_sha256(t.texts)}
                        for t in stored.values()],
        "codes": [{"id": code_id, "name": name} for name, code_id in sorted(codes.items())],
        "decisions": [{key: str(getattr(d, key)) for key in _DECISION_FIELDS}
                      for d in decisions],
    }, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_package(project: Project, coder: str, out: str | Path,
                  project_name: str = "") -> int:
    """Write one coder's package to ``out``; the number of decisions and memos in it."""
    data = export_package(project, coder, project_name)
    Path(out).write_bytes(data)
    return len(json.loads(data)["decisions"])


def package_name(project_name: str, coder: str) -> str:
    """The file name a package is offered under: project and coder, safe for any disk."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{project_name}-{coder}")
    return f"{safe.strip('-') or 'coder'}{SUFFIX}"


# -- reading --------------------------------------------------------------------------------

def read_package(name: str, data: bytes) -> CoderPackage:
    """A package file's content, checked for shape; :class:`PackageError` names the file."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError(f"not a coder package (not JSON text: {error}).", path=name,
                           fix="choose a file written by 'Download my decisions and memos' "
                               "or 'coding package export'.") from error
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise PackageError("not a coder package (no 'format' line of one).", path=name,
                           fix="choose a file written by 'Download my decisions and memos' "
                               "or 'coding package export'.")
    if raw.get("version") != VERSION:
        raise PackageError(f"package version {raw.get('version')!r}; this version of the "
                           f"tool reads version {VERSION}.", path=name,
                           fix="update the tool on the computer that imports it.")
    try:
        return _package(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PackageError(f"the package is damaged ({type(error).__name__}: {error}).",
                           path=name, fix="ask the coder to export it again.") from error


def _package(raw: dict) -> CoderPackage:
    coder = str(raw["coder"])
    if not all(d["decided_at"] for d in raw["decisions"]):
        raise ValueError("a decision has no time")  # kept times are the point: refuse
    return CoderPackage(
        coder=coder, exported_at=str(raw["exported_at"]),
        project={key: str(value) for key, value in raw["project"].items()},
        transcripts=tuple(PackageTranscript(str(t["id"]), str(t["name"]),
                                            str(t["text_sha256"])) for t in raw["transcripts"]),
        codes={str(c["name"]): int(c["id"]) for c in raw["codes"]},
        decisions=tuple(Decision(segment_id=str(d["segment_id"]), code=str(d["code"]),
                                 action=Action(d["action"]), coder=coder,
                                 new_code=str(d["new_code"]), memo=str(d["memo"]),
                                 decided_at=str(d["decided_at"])) for d in raw["decisions"]))


# -- import ---------------------------------------------------------------------------------

def import_package(project: Project, name: str, data: bytes) -> PackageImport:
    """Add one package's decisions to the project (the master): all or nothing.
    :class:`PackageError` says why a package is refused, naming the file."""
    package = read_package(name, data)
    _check_transcripts(project, package, name)
    _check_segments(project, package, name)
    renamed = _renamed_themes(project, package, name)
    decisions = [_under_master_names(d, renamed) for d in package.decisions]
    try:
        appended = project.append_new_decisions(decisions)
    except DecisionError as error:
        raise PackageError(f"{error.problem}", path=name, fix=error.fix) from error
    return PackageImport(file=name, coder=package.coder, added=appended.added,
                         already=appended.already, renamed=renamed)


def import_packages(project: Project,
                    files: Sequence[tuple[str, bytes]]) -> list[PackageImport]:
    """Import each (file name, bytes) in turn: a refused one is reported (its ``error``)
    and the others are still imported."""
    results = []
    for name, data in files:
        try:
            results.append(import_package(project, name, data))
        except CodingError as error:
            results.append(PackageImport(file=name, error=str(error)))
    return results


def import_package_files(project: Project,
                         paths: Sequence[str | Path]) -> list[PackageImport]:
    """:func:`import_packages` of files on disk; one that cannot be read is reported."""
    results = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            refusal = PackageError(f"cannot be read ({error.strerror}).", path=path,
                                   fix="check the file's name and that it is readable.")
            results.append(PackageImport(file=str(path), error=str(refusal)))
            continue
        results.extend(import_packages(project, [(str(path), data)]))
    return results


_SAME_FILE_FIX = ("code in a copy of the master project file (or import the very same "
                  "transcript files into both), export the package again, then import it.")


def _check_transcripts(project: Project, package: CoderPackage, name: str) -> None:
    stored = project.stored_transcripts([t.id for t in package.transcripts])
    problems = []
    for transcript in package.transcripts:
        here = stored.get(transcript.id)
        if here is None:
            problems.append(_absent(project, transcript))
        elif text_sha256(here.texts) != transcript.text_sha256:
            problems.append(f"{transcript.name!r} is the same file, but the master holds "
                            "different text for it (read by another version of the tool, "
                            "or its turns edited)")
    if problems:
        raise PackageError("refused: the transcript text differs from the master's: "
                           f"{'; '.join(problems)}.", path=name, fix=_SAME_FILE_FIX)


def _absent(project: Project, transcript: PackageTranscript) -> str:
    other = project.transcript_id_named(transcript.name)
    if other is None:
        return f"{transcript.name!r} (content {transcript.id}) is not in the master"
    return (f"{transcript.name!r} is another file than the master's of that name (content "
            f"{transcript.id} in the package, {other} in the master)")


def _check_segments(project: Project, package: CoderPackage, name: str) -> None:
    listed = {t.id for t in package.transcripts}
    strays = [d.segment_id for d in package.decisions
              if d.segment_id.split(":", 1)[0] not in listed]
    if strays:
        raise PackageError(f"the package is damaged: segment {strays[0]!r} is on no "
                           "transcript it lists.", path=name,
                           fix="ask the coder to export it again.")
    missing = project.missing_segments([d.segment_id for d in package.decisions])
    if missing:
        theirs, ours = package.project.get("unit") or "?", project.meta("unit") or "?"
        raise PackageError(
            f"refused: {len(missing)} segment(s) the package decides on are not in the "
            f"master (e.g. {missing[0]!r}); the coder's copy cuts transcripts into "
            f"{theirs} segments, the master into {ours} segments.", path=name,
            fix="code in a copy of the master project file, so both cut the same segments.")


def _renamed_themes(project: Project, package: CoderPackage, name: str) -> dict[str, str]:
    """Old theme name → the master's name for each theme renamed in the master since the
    coder's copy was made; refuses a theme the master does not know at all."""
    current = set(project.code_names_by_id().values())
    named = sorted(({d.code for d in package.decisions}
                    | {d.new_code for d in package.decisions}) - {""} - current)
    former = project.former_code_names()
    renamed = {old: former[(package.codes[old], old)] for old in named
               if old in package.codes and (package.codes[old], old) in former}
    unknown = [old for old in named if old not in renamed]
    if unknown:
        raise PackageError(
            f"refused: the master's codebook has no theme {', '.join(map(repr, unknown))}.",
            path=name, fix="the lead adds the theme (same name) on the Codebook screen, or "
                           "the coder relabels those segments and exports again; then "
                           "import this package again.")
    return renamed


def _under_master_names(decision: Decision, renamed: dict[str, str]) -> Decision:
    if not renamed:
        return decision
    return Decision(segment_id=decision.segment_id,
                    code=renamed.get(decision.code, decision.code), action=decision.action,
                    coder=decision.coder, new_code=renamed.get(decision.new_code,
                                                               decision.new_code),
                    memo=decision.memo, decided_at=decision.decided_at)
