"""Everything an export writes, built once from the project and written to a folder or
offered for download: the paper's theme table (CSV, XLSX, DOCX), the per-meeting counts,
the segment table, saturation and co-occurrence, the 0/1 matrices for R/SPSS, the
codebook report with its quote bank, the methods paragraph and audit trail, and the
figures (PNG and SVG).

With ``pseudonymise`` every table and text is masked (participants → their
pseudonyms, names in the words masked) before any file is made from it, figures
included; the project itself is not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coding.model import SpeakerRole
from coding.people.export_key import export_masker
from coding.report import extras
from coding.report.counting import counted_decisions, describe_rule
from coding.report.docx import ReportBook, report_docx, theme_table_docx
from coding.report.figures import heatmap_files, saturation_files
from coding.report.files import csv_bytes, xlsx_bytes
from coding.report.masking import masked
from coding.report.methods import audit_trail, methods_facts, methods_paragraph
from coding.report.paper import DEFAULTS, THEME, ExportOptions, PaperTables, paper_tables
from coding.report.saturation import MEETING, NEW_PAIRS, NEW_THEMES
from coding.report.tables import _by_attributes, _segments, included, segment_codes, segment_table
from coding.store import Project

#: Added to every file name, and to the sheet names, of an export that counts
#: suggestions nobody has reviewed (so it cannot pass for results).
UNREVIEWED = " (unreviewed suggestions)"


@dataclass(frozen=True)
class ExportBundle:
    """The tables and texts of one export, already masked when pseudonymised."""

    paper: PaperTables
    segments: pd.DataFrame
    by_attribute: dict[str, pd.DataFrame]
    options: ExportOptions
    title: str
    saturation: pd.DataFrame = field(default_factory=pd.DataFrame)
    cooccurrence: dict[str, pd.DataFrame] = field(default_factory=dict)
    by_segment: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_participant: pd.DataFrame = field(default_factory=pd.DataFrame)
    methods: str = ""
    audit: pd.DataFrame = field(default_factory=pd.DataFrame)
    book: ReportBook | None = None
    _figures: dict[str, dict[str, bytes]] = field(default_factory=dict, repr=False,
                                                  compare=False)

    @property
    def marker(self) -> str:
        return UNREVIEWED if self.options.include_suggested else ""

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The XLSX workbook: the theme table, per meeting, segments, open disagreements,
        one sheet per participant attribute, saturation, co-occurrence, audit trail and
        the notes."""
        mark = " (unreviewed)" if self.options.include_suggested else ""
        sheets = {f"Themes{mark}": self.paper.themes, "Per meeting": self.paper.by_meeting,
                  "Segments": self.segments}
        if not self.paper.disagreements.empty:
            sheets["Open disagreements"] = self.paper.disagreements
        sheets.update({f"By {name}": table.reset_index()
                       for name, table in self.by_attribute.items()})
        if not self.saturation.empty:
            sheets["Saturation"] = self.saturation
        sheets.update({f"Together in one {unit}": table
                       for unit, table in self.cooccurrence.items()})
        if not self.audit.empty:
            sheets["Audit trail"] = self.audit
        sheets["Notes"] = pd.DataFrame({"": ["Caption", "Note", "Methods"],
                                        "text": [self.paper.caption, self.paper.note,
                                                 self.methods]})
        return sheets

    def figures(self) -> dict[str, dict[str, bytes]]:
        """Figure name → {"png": …, "svg": …}, drawn from the (masked) tables; made once."""
        if not self._figures:
            self._figures.update({
                "theme_by_meeting": heatmap_files(self.paper.by_meeting.drop(columns=["Total"]),
                                                  "Segments per theme and meeting"),
                "saturation": saturation_files(
                    self.saturation, MEETING, NEW_THEMES, NEW_PAIRS,
                    "New themes and new theme × participant pairs per meeting"),
                "cooccurrence": heatmap_files(self.cooccurrence["segment"],
                                              "Themes coded on the same segment")})
        return self._figures

    def files(self) -> dict[str, bytes]:
        """File name → bytes, in a fixed order."""
        return {name: make() for name, make in self.makers().items()}

    def makers(self) -> dict[str, Callable[[], bytes]]:
        """File name → a function making its bytes (a download screen makes each file
        only when it is asked for)."""
        mark = self.marker
        makers: dict[str, Callable[[], bytes]] = {
            f"theme_table{mark}.docx": lambda: theme_table_docx(
                self.paper, self.options.exemplars, self.title),
            f"theme_table{mark}.xlsx": lambda: xlsx_bytes(self.sheets()),
            f"theme_table{mark}.csv": lambda: csv_bytes(self.paper.themes),
            f"theme_by_meeting{mark}.csv": lambda: csv_bytes(self.paper.by_meeting),
            f"segments{mark}.csv": lambda: csv_bytes(self.segments)}
        if self.book is not None:
            makers[f"codebook_report{mark}.docx"] = self._report
        if not self.by_segment.empty:
            makers[f"code_by_segment{mark}.csv"] = lambda: csv_bytes(self.by_segment)
            makers[f"code_by_participant{mark}.csv"] = lambda: csv_bytes(self.by_participant)
        if not self.saturation.empty:
            makers[f"saturation{mark}.csv"] = lambda: csv_bytes(self.saturation)
        if not self.audit.empty:
            makers["audit_trail.csv"] = lambda: csv_bytes(self.audit)
        if self.methods:
            makers[f"methods{mark}.txt"] = lambda: (self.methods + "\n").encode("utf-8")
        for name in _CAPTIONS:
            for kind in ("png", "svg"):
                makers[f"{name}{mark}.{kind}"] = (
                    lambda name=name, kind=kind: self.figures()[name][kind])
        return makers

    def _report(self) -> bytes:
        pictures = tuple((_CAPTIONS[name], kinds["png"])
                         for name, kinds in self.figures().items())
        return report_docx(ReportBook(**{**self.book.__dict__, "figures": pictures}))


_CAPTIONS = {"theme_by_meeting": "Segments per theme and meeting.",
             "saturation": "New themes, and new theme × participant pairs, per meeting "
                           "in meeting order: a flattening curve suggests saturation.",
             "cooccurrence": "How often two themes are coded on the same segment."}


def export_bundle(project: Project, options: ExportOptions = DEFAULTS,
                  key_path: str | Path | None = None) -> ExportBundle:
    # Every segment and every (segment, code) pair read once, for all the tables.
    segments = _segments(project)
    codes = segment_codes(project, rule=options.rule,
                          include_facilitators=options.include_facilitators, segments=segments)
    rows = included(codes, options.include_suggested).drop_duplicates(["theme", "segment_id"])
    counted_people = segments if options.include_facilitators else \
        segments[segments["role"] == SpeakerRole.PARTICIPANT.value]
    paper = paper_tables(project, options, segments=segments, codes=codes)
    themes = list(paper.themes[THEME]) if len(paper.themes) else []
    rule = describe_rule(options.rule, counted_decisions(project.decisions(), options.rule))
    methods = methods_paragraph(methods_facts(project, options), rule)
    audit = audit_trail(project)
    bundle = ExportBundle(
        paper=paper,
        segments=segment_table(project, options.include_suggested, options.rule,
                               options.include_facilitators, codes=codes),
        by_attribute=_by_attributes(project, options.include_suggested, segments),
        options=options, title=project.meta("codebook") or project.path.stem,
        saturation=extras.saturation(rows, segments),
        cooccurrence=extras.cooccurrences(rows, themes),
        by_segment=extras.code_by_segment(rows, counted_people, themes),
        by_participant=extras.code_by_participant(
            rows, sorted(counted_people["speaker"].unique()), themes),
        methods=methods, audit=audit,
        book=ReportBook(title=f"{project.meta('codebook') or project.path.stem}: codebook "
                              "report and quote bank",
                        chapters=extras.chapters(project, rows), methods=methods,
                        journal=extras.journal_table(project), audit=audit))
    if options.pseudonymise and not project.pseudonymised():
        mask: Callable[[str], str] = export_masker(project, key_path).mask
        return masked(bundle, mask)
    return bundle


def write_bundle(bundle: ExportBundle, folder: str | Path) -> list[Path]:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in bundle.files().items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written
