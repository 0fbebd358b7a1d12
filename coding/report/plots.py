"""Figures of the theme table and of agreement (plotly), built here so pages only render.

Each function takes a table the library already computed and returns a plotly
``Figure``; nothing here reads the project or talks to a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.express as px
from plotly.graph_objects import Figure

from coding.palette import CATEGORICAL, PLOTLY_TEMPLATE, SEQUENTIAL
from coding.report.tables import ExportTables
from coding.review.agreement import ALL_THEMES


def theme_heatmap(counts: pd.DataFrame) -> Figure:
    """Segments per theme (rows) and meeting, participant or attribute value (columns),
    each cell labelled with its count."""
    figure = px.imshow(counts, text_auto=True, aspect="auto", color_continuous_scale=SEQUENTIAL,
                       template=PLOTLY_TEMPLATE, labels={"color": "segments"})
    figure.update_layout(height=140 + 40 * len(counts), margin={"l": 10, "r": 10, "t": 40},
                         coloraxis_showscale=False)
    figure.update_xaxes(side="top", title=None, automargin=True)
    return figure.update_yaxes(title=None, automargin=True)


@dataclass(frozen=True)
class ExportFigures:
    """The heat maps of the Export screen."""

    by_meeting: Figure
    by_participant: Figure
    by_attribute: dict[str, Figure]  # attribute name -> heat map over its values


def export_figures(tables: ExportTables) -> ExportFigures | None:
    """Heat maps of the theme table's counts; None while no segment is counted (nothing
    confirmed yet, and suggestions left out)."""
    if tables.themes.empty or tables.by_meeting.to_numpy().sum() == 0:
        return None
    return ExportFigures(
        by_meeting=theme_heatmap(tables.by_meeting),
        by_participant=theme_heatmap(tables.by_participant),
        by_attribute={name: theme_heatmap(table) for name, table in tables.by_attribute.items()})


def agreement_chart(themes: pd.DataFrame) -> Figure | None:
    """Krippendorff's α per theme, with its 95% interval when the table has one; None
    when no theme has an α (too few judgements)."""
    plotted = themes[themes["theme"] != ALL_THEMES].dropna(subset=["alpha"])
    if plotted.empty:
        return None
    intervals = ({"error_y": plotted["alpha_high"] - plotted["alpha"],
                  "error_y_minus": plotted["alpha"] - plotted["alpha_low"]}
                 if "alpha_low" in plotted else {})
    figure = px.bar(plotted, x="theme", y="alpha", template=PLOTLY_TEMPLATE,
                    color_discrete_sequence=list(CATEGORICAL),
                    labels={"alpha": "Krippendorff's α", "theme": ""}, **intervals)
    # Negative α (worse than chance) stays visible; the top is perfect agreement.
    return figure.update_yaxes(range=[min(-0.2, plotted["alpha"].min() - 0.1), 1])


def bundle_figures(by_meeting: pd.DataFrame, segments: pd.DataFrame,
                   by_attribute: dict[str, pd.DataFrame]) -> ExportFigures | None:
    """The Export screen's heat maps from an export's (possibly pseudonymised) tables:
    per meeting (its theme × meeting table), per participant (counted from the segment
    table) and per attribute value; None while nothing is counted."""
    counts = by_meeting.set_index(by_meeting.columns[0]).drop(columns=["Total"])
    if counts.empty or counts.to_numpy().sum() == 0:
        return None
    people = (segments.drop_duplicates(["theme", "segment_id"])
              .groupby(["theme", "speaker"]).size().unstack(fill_value=0)
              .reindex(index=counts.index, fill_value=0))
    return ExportFigures(by_meeting=theme_heatmap(counts), by_participant=theme_heatmap(people),
                         by_attribute={name: theme_heatmap(table)
                                       for name, table in by_attribute.items()})
