"""Transcript text as Markdown that shows literally, with chosen words highlighted.

Screens render Markdown, and transcript text is the participants' words: a ``*`` or a
``<script>`` in it must show as typed, never as formatting or markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Everything Markdown, Streamlit's directives (:red[..], :smile:) or LaTeX ($) could read.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")
# Coloured bold, not a background: Streamlit pads a background span on both sides, so
# "staffed." showed as "staffed ." — a highlight must never seem to change the words.
_HIGHLIGHT = ":orange[**{}**]"
#: U+2060 WORD JOINER: invisible, and no line may break at it.
_JOINER = "\u2060"
_JOINED = re.compile(r"[:@\uff1a]|(?i:www)(?=\.)")


def escape(text: str) -> str:
    """Backslash every character Markdown could read; newlines become hard breaks.

    Backslashes do not stop what acts on the text after parsing: Streamlit's icons and
    emoji (':material/home:', ':smile:') and the autolinks of bare web and e-mail
    addresses. An invisible word joiner after each colon and '@' and inside 'www.'
    stops those, so the words show exactly as said and nothing becomes a link or icon."""
    escaped = _SPECIAL.sub(r"\\\1", _JOINED.sub(lambda m: m.group(0) + _JOINER, text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def word_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the words occur in the text (case-insensitive, whole words), merged."""
    spans = []
    for word in {w.strip() for w in words if w.strip()}:
        pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
        spans.extend(match.span() for match in re.finditer(pattern, text, re.IGNORECASE))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted(text: str, words: Iterable[str] = ()) -> str:
    """Escaped Markdown of ``text`` with each occurrence of ``words`` highlighted."""
    parts, position = [], 0
    for start, end in word_spans(text, words):
        parts.append(escape(text[position:start]))
        parts.append(_HIGHLIGHT.format(escape(text[start:end])))
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)
