"""Figures for a journal, as PNG and SVG, drawn with matplotlib (offline, no browser).

Same table, same bytes: no dates or software names are written into the files, and the
SVG keeps its text as text (smaller, editable, and searchable).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no screen: files only

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from coding.palette import CATEGORICAL, SEQUENTIAL  # noqa: E402

_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "focus-coding", "font.size": 9,
          "axes.prop_cycle": matplotlib.cycler(color=list(CATEGORICAL)),
          "axes.spines.top": False, "axes.spines.right": False}


def _files(figure: plt.Figure) -> dict[str, bytes]:
    out = {}
    for kind, metadata in (("png", {"Software": None}), ("svg", {"Date": None,
                                                               "Creator": None})):
        buffer = io.BytesIO()
        figure.savefig(buffer, format=kind, dpi=300 if kind == "png" else None,
                       bbox_inches="tight", metadata=metadata)
        out[kind] = buffer.getvalue()
    plt.close(figure)
    return out


def heatmap_files(counts: pd.DataFrame, title: str, label: str = "segments") -> dict[str, bytes]:
    """A labelled heat map of a theme × column count table (first column: the theme)."""
    table = counts.set_index(counts.columns[0])
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(1.2 + 0.9 * len(table.columns),
                                             1.2 + 0.4 * len(table)))
        image = axes.imshow(table.to_numpy(), cmap=SEQUENTIAL, aspect="auto")
        axes.set_xticks(range(len(table.columns)), [str(c) for c in table.columns],
                        rotation=35, ha="right")
        axes.set_yticks(range(len(table)), [str(i) for i in table.index])
        top = table.to_numpy().max() or 1
        for (row, column), value in pd.DataFrame(table.to_numpy()).stack().items():
            axes.text(column, row, str(value), ha="center", va="center",
                      color="white" if value > top / 2 else "black")
        axes.set_title(title, loc="left")
        figure.colorbar(image, ax=axes, label=label, shrink=0.6)
        return _files(figure)


def saturation_files(table: pd.DataFrame, meeting: str, new: str, pairs: str,
                     title: str) -> dict[str, bytes]:
    """New themes and new theme × participant pairs per meeting, in meeting order."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(7, 3.6))
        positions = range(len(table))
        axes.plot(positions, table[new], marker="o", label=new)
        axes.plot(positions, table[pairs], marker="s", linestyle="--", label=pairs)
        axes.set_xticks(positions, list(table[meeting]), rotation=30, ha="right")
        axes.set_ylabel("new in this meeting (n)")
        axes.set_ylim(bottom=0)
        axes.legend(frameon=False)
        axes.set_title(title, loc="left")
        return _files(figure)
