"""Figures of emergent themes (plotly), built here so app pages only render them.

Export is HTML with plotly.js inside, so a downloaded figure opens offline. Image
export (kaleido) is not offered: it is not installed here and needs a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.express as px
from plotly.graph_objects import Figure

from coding.emergent.fit import fit_settings, theme_counts, theme_overview, theme_segments
from coding.emergent.smalltalk import SMALL_TALK_NUMBER
from coding.palette import CATEGORICAL, PLOTLY_TEMPLATE, SEQUENTIAL
from coding.store import Project

_COLOURS = {"template": PLOTLY_TEMPLATE, "color_discrete_sequence": list(CATEGORICAL)}


def prevalence_over_meetings(segments: pd.DataFrame) -> Figure:
    """Share of each meeting's segments per theme, meetings in time order."""
    counts = theme_counts(segments, "meeting_label")
    share = (counts / counts.sum(axis=0)).T.reset_index(names="meeting")
    long = share.melt(id_vars="meeting", var_name="theme", value_name="share")
    figure = px.line(long, x="meeting", y="share", color="theme", markers=True, **_COLOURS,
                     labels={"share": "share of the meeting's segments", "meeting": ""})
    figure.update_yaxes(tickformat=".0%")
    return figure.update_layout(legend_title_text="theme", margin={"t": 30})


def theme_by_participant(segments: pd.DataFrame) -> Figure:
    """Segments per theme (rows) and participant (columns)."""
    counts = theme_counts(segments, "speaker")
    figure = px.imshow(counts, text_auto=True, aspect="auto", color_continuous_scale=SEQUENTIAL,
                       template=PLOTLY_TEMPLATE, labels={"color": "segments", "x": "", "y": ""})
    figure.update_layout(height=160 + 32 * len(counts), coloraxis_showscale=False,
                         margin={"t": 30})
    return figure.update_xaxes(side="top")


def segment_map(segments: pd.DataFrame) -> Figure:
    """Every segment at its 2-D position (PCA of the fit's features), coloured by theme."""
    shown = segments.assign(words=segments["text"].str.slice(0, 120))
    figure = px.scatter(shown, x="x", y="y", color="theme", **_COLOURS,
                        hover_data={"speaker": True, "meeting_label": True, "words": True,
                                    "x": False, "y": False},
                        labels={"x": "", "y": ""})
    figure.update_traces(marker={"size": 6, "opacity": 0.75})
    figure.update_xaxes(showticklabels=False)
    figure.update_yaxes(showticklabels=False)
    return figure.update_layout(legend_title_text="theme", margin={"t": 30})


def figure_html(figure: Figure) -> bytes:
    """A standalone HTML page of the figure that works without internet, with the
    figure's own colours and room for every axis label."""
    shown = Figure(figure).update_xaxes(automargin=True).update_yaxes(automargin=True)
    return shown.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")


@dataclass(frozen=True)
class ThemeView:
    """Everything the Themes screen shows for the latest fit."""

    overview: pd.DataFrame
    figures: dict[str, Figure]  # title -> figure
    run_id: str | None
    settings: dict[str, object] = field(default_factory=dict)  # the listed fit's


def theme_view(store: Project) -> ThemeView:
    run_id = store.latest_theme_run()
    if run_id is None:
        return ThemeView(pd.DataFrame(), {}, None)
    segments = theme_segments(store, run_id)
    segments = segments[segments["number"] != SMALL_TALK_NUMBER]  # not a theme
    figures = {"Themes across meetings": prevalence_over_meetings(segments),
               "Themes by participant": theme_by_participant(segments),
               "Map of segments": segment_map(segments)}
    return ThemeView(theme_overview(store, run_id), figures, run_id,
                     fit_settings(store, run_id))
