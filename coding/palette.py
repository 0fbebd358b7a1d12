"""The colours of every figure, chosen once: safe for colour-blind readers and in print.

Okabe & Ito's eight colours for categories (themes, coders), a single-hue sequential
scale for counts. Figures name their colours and template explicitly, so a figure looks
the same on screen, in a downloaded HTML page (Streamlit's own plotly template stands
its colours in as placeholders, which come out black off screen) and in a PNG or SVG.
"""

from __future__ import annotations

#: Okabe–Ito, ordered so the first colours are the most distinct (yellow and black last).
CATEGORICAL = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
               "#F0E442", "#000000")
#: Counts in heat maps: light to dark blue (one hue reads in grey and to every eye).
SEQUENTIAL = "Blues"
#: The plotly template of every figure (white background, plain axes).
PLOTLY_TEMPLATE = "plotly_white"
