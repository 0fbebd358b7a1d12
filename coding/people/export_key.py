"""Pseudonyms at export time, for a project imported with real names.

The project and every decision stay as they are; only what is written out changes:
each participant becomes their pseudonym (from the key beside the project, or P1, P2 …
in order of first speaking, added to the key and saved), and every mention of their
names in the words is masked as at import (:class:`coding.people.pseudonyms.Masker`).
"""

from __future__ import annotations

from pathlib import Path

from coding.paths import default_key_path
from coding.people.matching import name_key
from coding.people.pseudonyms import Masker, name_masks, next_pseudonym, read_key, write_key
from coding.store import Project

MASK_LABEL = "[NAME]"


def export_key(project: Project, key_path: str | Path | None = None,
               prefix: str = "P") -> dict[str, str]:
    """Real name → pseudonym for every participant of the project; new participants get
    the next free P-number and the key file is saved with them."""
    path = Path(key_path) if key_path else default_key_path(project.path)
    key = read_key(path)
    known = {name_key(real) for real in key}
    added = False
    for participant in _in_order_of_speaking(project):
        if name_key(participant) not in known:
            key[participant] = next_pseudonym(key, prefix)
            known.add(name_key(participant))
            added = True
    if added:
        write_key(key, path)
    return key


def _in_order_of_speaking(project: Project) -> list[str]:
    return list(dict.fromkeys(place.speaker for place in project.segments_in_meeting_order()))


def export_masker(project: Project, key_path: str | Path | None = None) -> Masker:
    """A masker that turns every participant's names, and every speaker label as written,
    into their pseudonym (a name part two participants share becomes [NAME])."""
    key = export_key(project, key_path)
    by_key = {name_key(real): pseudonym for real, pseudonym in key.items()}
    labels = {entry.label: by_key[name_key(entry.participant)]
              for entry in project.speaker_map() if name_key(entry.participant) in by_key}
    return Masker({**name_masks(key, MASK_LABEL), **key, **labels})
