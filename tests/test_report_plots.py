"""Figures of the theme table and of agreement, built by the library for the app."""

from __future__ import annotations

import pandas as pd

from coding.report.plots import agreement_chart, export_figures, theme_heatmap
from coding.report.tables import ExportTables
from coding.review.agreement import ALL_THEMES

COUNTS = pd.DataFrame({"Meeting 1": [2, 0], "Meeting 2": [1, 3]},
                      index=pd.Index(["Burnout", "Boundaries"], name="theme"))


def _tables(counts: pd.DataFrame, **by_attribute: pd.DataFrame) -> ExportTables:
    return ExportTables(themes=pd.DataFrame({"theme": list(counts.index)}),
                        segments=pd.DataFrame(), by_meeting=counts, by_participant=counts,
                        by_attribute=by_attribute)


def test_a_heat_map_shows_every_count_with_themes_as_rows():
    figure = theme_heatmap(COUNTS)
    heat, = figure.data
    assert heat.z.tolist() == [[2, 1], [0, 3]]
    assert list(heat.y) == ["Burnout", "Boundaries"]
    assert list(heat.x) == ["Meeting 1", "Meeting 2"]
    assert figure.layout.height == 140 + 40 * 2  # a row per theme stays readable


def test_export_figures_wait_until_a_segment_is_counted():
    assert export_figures(_tables(COUNTS * 0)) is None
    figures = export_figures(_tables(COUNTS, role=COUNTS))
    assert list(figures.by_attribute) == ["role"]
    assert figures.by_meeting.data[0].z.tolist() == [[2, 1], [0, 3]]


def test_the_agreement_chart_plots_each_theme_with_its_interval_but_not_the_pool():
    themes = pd.DataFrame({"theme": ["Burnout", "Boundaries", ALL_THEMES],
                           "alpha": [0.6, None, 0.5], "alpha_low": [0.4, None, 0.3],
                           "alpha_high": [0.8, None, 0.7]})
    bar, = agreement_chart(themes).data
    assert list(bar.x) == ["Burnout"]
    assert [round(bar.error_y.array[0], 9), round(bar.error_y.arrayminus[0], 9)] == [0.2, 0.2]
    assert agreement_chart(themes.assign(alpha=None)) is None
