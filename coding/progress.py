"""How long work says how far it has got: one protocol for the pipeline, theme fits and
both front ends, and each step's name as people read it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """``progress(step, done, total, detail)``: called as work advances, for bars and
    status lines. ``done`` of ``total`` counts the step's own items (files while reading
    and finding episodes, segments while suggesting); ``detail`` says which one and how
    far within it ("file 3 of 6: meeting03.vtt · reading for meaning 40/95"). Steps come
    one after another, never nested, so a front end shows one bar per step."""

    def __call__(self, step: str, done: int, total: int, detail: str = "") -> None: ...


#: Each step's name, as both front ends show it.
STEP_NAMES = {"import": "Reading transcripts", "episodes": "Finding topical episodes",
              "model": "Loading the language model", "suggest": "Suggesting themes",
              "embed": "Reading segments for meaning", "themes": "Finding emergent themes",
              "reduce": "Finding themes: reducing dimensions",
              "cluster": "Finding themes: grouping segments", "label": "Finding themes: labels",
              "compare": "Finding themes: comparing with the codebook"}


def quiet(step: str, done: int, total: int, detail: str = "") -> None:
    """The progress of a run nobody watches."""
