"""Arguing saturation from the data, and which themes go together.

*Saturation*: meeting by meeting, in meeting order, how many themes occur for the
first time and how many theme × participant pairs are new — a flattening curve is the
researcher's evidence that later meetings added little. *Co-occurrence*: how often two
themes are coded on the same segment, and in the same topical episode.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

MEETING = "Meeting"
SEGMENTS_CODED = "Segments coded (n)"
NEW_THEMES, ALL_THEMES_SO_FAR = "New themes (n)", "Themes so far (n)"
NEW_PAIRS, ALL_PAIRS_SO_FAR = ("New theme × participant pairs (n)",
                               "Theme × participant pairs so far (n)")
NEW_THEME_NAMES = "New themes"


def saturation_table(rows: pd.DataFrame, meetings: list[str]) -> pd.DataFrame:
    """One row per meeting (in the order given): coded segments, themes seen for the
    first time (and their names), themes so far, and the same for theme × participant
    pairs. ``rows``: the counted (segment, theme) rows with ``meeting`` and ``speaker``."""
    seen_themes: set[str] = set()
    seen_pairs: set[tuple[str, str]] = set()
    records = []
    for meeting in meetings:
        here = rows[rows["meeting"] == meeting]
        themes = set(here["theme"])
        pairs = set(zip(here["theme"], here["speaker"]))
        new_themes = themes - seen_themes
        new_pairs = pairs - seen_pairs
        seen_themes |= themes
        seen_pairs |= pairs
        records.append({MEETING: meeting, SEGMENTS_CODED: here["segment_id"].nunique(),
                        NEW_THEMES: len(new_themes), ALL_THEMES_SO_FAR: len(seen_themes),
                        NEW_PAIRS: len(new_pairs), ALL_PAIRS_SO_FAR: len(seen_pairs),
                        NEW_THEME_NAMES: ", ".join(sorted(new_themes))})
    return pd.DataFrame(records, columns=[MEETING, SEGMENTS_CODED, NEW_THEMES,
                                          ALL_THEMES_SO_FAR, NEW_PAIRS, ALL_PAIRS_SO_FAR,
                                          NEW_THEME_NAMES])


def cooccurrence(rows: pd.DataFrame, themes: list[str], unit: str = "segment_id") -> pd.DataFrame:
    """Theme × theme: how many units (segments, or episodes when ``unit`` names the
    episode column) carry both; the diagonal, how many carry the theme at all."""
    table = pd.DataFrame(0, index=themes, columns=themes, dtype=int)
    carried = rows.dropna(subset=[unit]).groupby(unit)["theme"].agg(lambda t: sorted(set(t)))
    for present in carried:
        for theme in present:
            if theme in table.index:
                table.loc[theme, theme] += 1
        for first, second in combinations(present, 2):
            if first in table.index and second in table.index:
                table.loc[first, second] += 1
                table.loc[second, first] += 1
    table.index.name = "Theme"
    return table
