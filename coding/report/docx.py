"""Word documents: the theme table for the paper, and the codebook report with its quote
bank (one chapter per theme: definition, inclusion, exclusion, memo, every quote).

Real Word tables with captions and notes, built with python-docx. Same project, same
bytes: the document's dates are fixed and its zip is rewritten without times.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from coding.report.files import fixed_zip
from coding.report.paper import (
    FIRST,
    LAST,
    MEETINGS,
    PARENT,
    PARTICIPANTS,
    PERCENT,
    SEGMENTS,
    SUGGESTED,
    THEME,
    PaperTables,
)

_FIXED = datetime(2000, 1, 1)
_GROUP_SHADE = "E8EEF4"
_SMALL = Pt(8.5)
#: The group heading of the themes without a parent (they come last).
OTHER_THEMES = "Other themes"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _document(landscape: bool) -> WordDocument:
    document = Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "focus-coding"
    properties.created = properties.modified = properties.last_printed = _FIXED
    properties.revision = 1
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10)
    return document


def _bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def _caption(document: WordDocument, number: int, text: str) -> None:
    paragraph = document.add_paragraph(style="Caption")
    label = paragraph.add_run(f"Table {number}. ")
    label.bold = True
    title = paragraph.add_run(text)
    title.bold, title.italic = False, True
    _color(paragraph, "000000")
    paragraph.paragraph_format.keep_with_next = True


def _note(document: WordDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run("Note. ").italic = True
    paragraph.add_run(text)
    for run in paragraph.runs:
        run.font.size = _SMALL


def _color(paragraph, hex_color: str) -> None:
    for run in paragraph.runs:
        run.font.color.rgb = RGBColor.from_string(hex_color)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page the table runs over."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _keep_together(row) -> None:
    """A row is not split over two pages (a quote stays in one piece)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _write(cell, text: object, bold: bool = False, size: Pt = _SMALL) -> None:
    """Cell text; line breaks inside become paragraphs of the cell."""
    lines = str(text).split("\n") if text is not None else [""]
    cell.text = ""
    for number, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, size


def _table(document: WordDocument, header: Sequence[str], rows: Sequence[Sequence[object]],
           widths: Sequence[float] | None = None,
           groups: Sequence[str] | None = None) -> Table:
    """A table with a bold, repeated header; ``groups`` (one per row) puts a shaded row
    with the group's name before each new group."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, header):
        _write(cell, name, bold=True)
        _shade(cell, "D9D9D9")
    _repeat_header(table)
    current = None
    for number, values in enumerate(rows):
        group = groups[number] if groups else None
        if groups and group != current and group:
            merged = table.add_row().cells
            cell = merged[0].merge(merged[-1])
            _write(cell, group, bold=True)
            _shade(cell, _GROUP_SHADE)
        current = group
        row = table.add_row()
        _keep_together(row)
        for cell, value in zip(row.cells, values):
            _write(cell, "" if value is None else value)
    if widths:
        _widths(table, widths)
    return table


def _widths(table: Table, widths: Sequence[float]) -> None:
    """Fixed column widths: Word reads the cells', LibreOffice the grid's."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


# -- the theme table for the paper ------------------------------------------------------

def _theme_rows(themes: pd.DataFrame, exemplars: int) -> list[list[object]]:
    rows = []
    for _, row in themes.iterrows():
        first, last = (_unbroken(row[FIRST]), _unbroken(row[LAST]))
        meetings = (f"{row[MEETINGS]}\nfirst: {first}\nlast: {last}" if first != last
                    else f"{row[MEETINGS]}\n{first}")
        count = f"{row[SEGMENTS]}\u00a0({row[PERCENT]:.1f}%)"  # no break inside
        if SUGGESTED in row and row[SUGGESTED]:
            count += f"\nof which {row[SUGGESTED]} suggested"
        quotes = "\n".join(_DATE.sub(lambda m: _unbroken(m.group(0)), str(row[f"Exemplar {n}"]))
                           for n in range(1, exemplars + 1) if row.get(f"Exemplar {n}"))
        rows.append([row[THEME], count, row[PARTICIPANTS], meetings, quotes])
    return rows


def _unbroken(text: object) -> str:
    """A date's hyphens as non-breaking ones, so 2025-01-15 never splits over two lines."""
    return str(text).replace("-", "\u2011")


def theme_table_docx(paper: PaperTables, exemplars: int, title: str = "") -> bytes:
    """Table 1, the themes (grouped by parent theme) with n (%), participants and
    meetings as n/N, first and last meeting, and exemplar quotes; Table 2, segments per
    theme and meeting; Table 3, the open disagreements (when there are any)."""
    document = _document(landscape=True)
    if title:
        document.add_heading(title, level=1)
    _caption(document, 1, paper.caption)
    header = ["Theme", "n (%)", "Participants, n/N", "Meetings, n/N; first and last",
              "Exemplar quotes"]
    groups = [str(p) or OTHER_THEMES for p in paper.themes[PARENT]]
    _table(document, header, _theme_rows(paper.themes, exemplars),
           widths=[3.3, 2.3, 2.5, 6.3, 11.7], groups=groups)
    extra = [c for c in paper.themes.columns if "[95% CI]" in c]
    note = paper.note
    if extra:
        figures = "; ".join(f"{row[THEME]}: " + ", ".join(f"{c.split(' [')[0]} {row[c]}"
                                                           for c in extra)
                            for _, row in paper.themes.iterrows())
        note += f" Agreement per theme ({', '.join(extra)}): {figures}."
    _note(document, note)
    document.add_page_break()
    _caption(document, 2, "Segments per theme and meeting (meetings in date order).")
    counts = paper.by_meeting
    _table(document, list(counts.columns), counts.astype(str).values.tolist())
    _note(document, "Counted as in Table 1.")
    if not paper.disagreements.empty:
        _caption(document, 3, "Open disagreements between coders: counted by the rule in "
                              "the note to Table 1 until the team reconciles them.")
        shown = paper.disagreements.drop(columns=["segment_id"])
        _table(document, list(shown.columns), shown.astype(str).values.tolist(),
               widths=[3.8, 4.4, 2.4, 1.8, 10.9, 2.8])
    return _bytes(document)


# -- the codebook report and quote bank ----------------------------------------------------

@dataclass(frozen=True)
class ThemeChapter:
    """One theme's chapter: its codebook entry, the memo, and every quote with its tag."""

    name: str
    parent: str = ""
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    memo: str = ""
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportBook:
    """What the codebook report holds, every text already in its final (masked) form."""

    title: str
    chapters: tuple[ThemeChapter, ...]
    methods: str = ""
    journal: pd.DataFrame = field(default_factory=pd.DataFrame)
    audit: pd.DataFrame = field(default_factory=pd.DataFrame)
    figures: tuple[tuple[str, bytes], ...] = ()  # (caption, PNG)


def report_docx(book: ReportBook) -> bytes:
    """Methods, one chapter per theme (MAXQDA's Smart Publisher idea), the journal, the
    audit trail and the figures."""
    document = _document(landscape=False)
    document.add_heading(book.title, level=0)
    if book.methods:
        document.add_heading("Methods (generated from the project's records)", level=1)
        for paragraph in book.methods.split("\n\n"):
            document.add_paragraph(paragraph)
    document.add_heading("Codebook and quote bank", level=1)
    for chapter in book.chapters:
        _chapter(document, chapter)
    if not book.journal.empty:
        document.add_heading("Project journal", level=1)
        for _, entry in book.journal.iterrows():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{entry['date']} — {entry['who']}: ").bold = True
            paragraph.add_run(str(entry["entry"]))
    for number, (caption, image) in enumerate(book.figures, start=1):
        if number == 1:
            document.add_heading("Figures", level=1)
        document.add_picture(io.BytesIO(image), width=Cm(16))
        paragraph = document.add_paragraph(style="Caption")
        paragraph.add_run(f"Figure {number}. ").bold = True
        paragraph.add_run(caption)
    if not book.audit.empty:
        document.add_heading("Audit trail", level=1)
        _table(document, list(book.audit.columns), book.audit.astype(str).values.tolist(),
               widths=[3.6, 3.2, 2.8, 7.8])
    return _bytes(document)


def _chapter(document: WordDocument, chapter: ThemeChapter) -> None:
    heading = chapter.name + (f" ({chapter.parent})" if chapter.parent else "")
    document.add_heading(heading, level=2)
    for label, text in (("Definition", chapter.definition), ("Include", chapter.inclusion),
                        ("Exclude", chapter.exclusion), ("Memo", chapter.memo)):
        if text:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(text)
    paragraph = document.add_paragraph()
    paragraph.add_run(f"Quotes ({len(chapter.quotes)})").bold = True
    if not chapter.quotes:
        document.add_paragraph("No confirmed quote yet.").runs[0].italic = True
    for quote in chapter.quotes:
        document.add_paragraph(quote, style="Quote").paragraph_format.space_after = Pt(4)
