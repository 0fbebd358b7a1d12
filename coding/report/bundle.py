"""Everything an export writes, built once from the project and written to a folder or
offered for download: the paper's theme table (CSV, XLSX, DOCX), the per-meeting counts,
the segment table, the matrices for R/SPSS, the codebook report with its quote bank,
the methods paragraph and audit trail, and the figures.

With ``pseudonymise`` every file is built from masked tables (participants → their
pseudonyms, names in the words masked); the project itself is not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coding.people.export_key import export_masker
from coding.report.docx import theme_table_docx
from coding.report.files import csv_bytes, xlsx_bytes
from coding.report.masking import masked
from coding.report.paper import DEFAULTS, ExportOptions, PaperTables, paper_tables
from coding.report.tables import _by_attributes, segment_table
from coding.store import Project

#: Added to every file name, and to the sheet names, of an export that counts
#: suggestions nobody has reviewed (so it cannot pass for results).
UNREVIEWED = " (unreviewed suggestions)"


@dataclass(frozen=True)
class ExportBundle:
    """The tables of one export, already masked when pseudonymised."""

    paper: PaperTables
    segments: pd.DataFrame
    by_attribute: dict[str, pd.DataFrame]
    options: ExportOptions
    title: str

    @property
    def marker(self) -> str:
        return UNREVIEWED if self.options.include_suggested else ""

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The XLSX workbook: the theme table, per meeting, segments, open disagreements,
        one sheet per participant attribute, and the notes."""
        mark = " (unreviewed)" if self.options.include_suggested else ""
        sheets = {f"Themes{mark}": self.paper.themes, "Per meeting": self.paper.by_meeting,
                  "Segments": self.segments}
        if not self.paper.disagreements.empty:
            sheets["Open disagreements"] = self.paper.disagreements
        sheets.update({f"By {name}": table.reset_index()
                       for name, table in self.by_attribute.items()})
        sheets["Notes"] = pd.DataFrame({"": ["Caption", "Note"],
                                        "text": [self.paper.caption, self.paper.note]})
        return sheets

    def files(self) -> dict[str, bytes]:
        """File name → bytes, in a fixed order."""
        mark = self.marker
        return {
            f"theme_table{mark}.csv": csv_bytes(self.paper.themes),
            f"theme_by_meeting{mark}.csv": csv_bytes(self.paper.by_meeting),
            f"segments{mark}.csv": csv_bytes(self.segments),
            f"theme_table{mark}.xlsx": xlsx_bytes(self.sheets()),
            f"theme_table{mark}.docx": theme_table_docx(self.paper, self.options.exemplars,
                                                        self.title),
        }


def export_bundle(project: Project, options: ExportOptions = DEFAULTS,
                  key_path: str | Path | None = None) -> ExportBundle:
    bundle = ExportBundle(
        paper=paper_tables(project, options),
        segments=segment_table(project, options.include_suggested, options.rule,
                               options.include_facilitators),
        by_attribute=_by_attributes(project, options.include_suggested),
        options=options, title=project.meta("codebook") or project.path.stem)
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
