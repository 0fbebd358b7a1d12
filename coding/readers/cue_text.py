"""The words and voices of one WebVTT or SubRip cue, in time proportional to its length.

A cue's text may hold voice tags (``<v Ann Lee>``, several in one cue), styling tags
(``<i>``, ``<c.yellow>``, SubRip's ``<font color=…>``), YouTube's word timings
(``<00:00:01.400>``), SubRip positioning codes (``{\\an8}``) and HTML entities
(``R&amp;D``). Tags are found by a pattern that cannot reach past the next angle
bracket, so it never backtracks over the cue: a hostile cue full of ``<v.a.a.a`` or
``<a<a<a`` without ``>`` costs no more than an ordinary one, and a ``<`` with no ``>``
before the next ``<`` is text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: SubRip/ASS override codes such as {\an8} or {\i1}; [^{}] keeps every match local.
_OVERRIDE = re.compile(r"\{\\[^{}]*\}")
#: A tag starts with a letter (<i>), a slash (</i>) or a digit (<00:00:01.400>); '< 5' or
#: '<3' in a subtitle is text.
_TAG = re.compile(r"<([A-Za-z/0-9][^<>]*)>")


@dataclass
class Span:
    """Text under one voice tag (``voice`` is the name) or under none (``voice`` None)."""

    voice: str | None
    text: str


def voice_spans(payload: str) -> list[Span]:
    """The cue text split where a voice tag starts, every other tag removed, entities
    decoded. Spans hold their line breaks; empty spans are dropped."""
    spans = [Span(None, "")]
    pieces: list[str] = []
    for is_tag, content in _tokens(_OVERRIDE.sub("", payload)):
        if not is_tag:
            pieces.append(content)
            continue
        voice = _voice(content)
        if voice is not None or content[:2] == "/v":
            spans[-1].text = "".join(pieces)
            pieces = []
            spans.append(Span(voice, ""))  # after </v> the text belongs to no voice
    spans[-1].text = "".join(pieces)
    return [Span(span.voice, html.unescape(span.text)) for span in spans
            if span.text.strip()]


def _voice(tag: str) -> str | None:
    """The name in a '<v.class Name>' tag ('' when it has none); None for other tags."""
    if not tag.startswith("v") or (len(tag) > 1 and tag[1] not in ". \t"):
        return None
    parts = tag.split(None, 1)
    return html.unescape(parts[1]).strip() if len(parts) == 2 else ""


def _tokens(text: str) -> list[tuple[bool, str]]:
    """(is_tag, content) pieces: text, and tag contents without their angle brackets.

    A tag is '<', then no '<' or '>', then '>': the pattern cannot cross another '<', so
    each attempt ends at the next angle bracket and the whole scan is linear."""
    tokens: list[tuple[bool, str]] = []
    position = 0
    for found in _TAG.finditer(text):
        tokens.append((False, text[position:found.start()]))
        tokens.append((True, found.group(1)))
        position = found.end()
    tokens.append((False, text[position:]))
    return tokens
