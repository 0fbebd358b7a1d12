"""What the Export screen shows: the export for the options chosen, its heat maps, and
the counting rules it offers (the REFI-QDA files come from :func:`coding.refi.exchange_files`)."""

from __future__ import annotations

from dataclasses import dataclass

from plotly.graph_objects import Figure

from coding.report.bundle import ExportBundle, export_bundle
from coding.report.counting import ALL_CODERS, ANY_CODER
from coding.report.paper import ExportOptions
from coding.report.plots import ExportFigures, bundle_figures
from coding.review.agreement import CONSENSUS, project_coders
from coding.store import Project


@dataclass(frozen=True)
class ExportScreen:
    bundle: ExportBundle
    figures: ExportFigures | None
    name: str

    def heat_map(self, which: str) -> Figure | None:
        return getattr(self.figures, which, None) if self.figures else None


def export_screen(project: Project, options: ExportOptions) -> ExportScreen:
    bundle = export_bundle(project, options)
    return ExportScreen(bundle=bundle,
                        figures=bundle_figures(bundle.paper.by_meeting, bundle.segments,
                                               bundle.by_attribute),
                        name=project.path.stem)


def counting_rules(project: Project) -> list[str]:
    """The counting rules to offer: all coders, any coder, then each coder by name; only
    "all coders" while one coder (or none) has decided."""
    coders = [c for c in project_coders(project) if c != CONSENSUS]
    return [ALL_CODERS, ANY_CODER, *coders] if len(coders) > 1 else [ALL_CODERS]
