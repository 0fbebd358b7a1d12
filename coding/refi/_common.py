"""What export and import share: namespaces, stable GUIDs, the plain-text layout."""

from __future__ import annotations

import uuid

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
SOURCES = "Sources"
INTERNAL = "internal://"
# Seeds the GUIDs: the same project always gets the same GUIDs, so exports are
# deterministic and a second export can be matched against the first.
_NAMESPACE = uuid.UUID("5b0d3c6e-8f0a-4f5e-9a57-0c0d1f0c0d1e")
# Attributes of sources and cases, as REFI-QDA variables: (name, type).
MEETING, DATE, TURNS, MEETINGS = (("Meeting", "Integer"), ("Date", "Date"),
                                  ("Turns", "Integer"), ("Meetings", "Integer"))


def guid(kind: str, key: str) -> str:
    """A GUID derived from what the thing is, e.g. guid("code", "Burnout")."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}\x1f{key}"))


def turn_line(speaker: str, text: str) -> tuple[str, int]:
    """One turn as a line of the plain-text source, and where its words begin in it.
    Line breaks inside a turn become spaces (same length, so offsets still hold)."""
    prefix = f"{speaker}: "
    return prefix + text.replace("\r", " ").replace("\n", " "), len(prefix)
