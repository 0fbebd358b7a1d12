"""Who is who during an import: pseudonymise a batch, match speakers, load attributes.

A project is pseudonymised from its first transcript or never: mixing real names and
pseudonyms in one project file would defeat the point, so either request on a project
in the other state is refused. The state is kept in the project's meta table; the key
(real name → pseudonym) is kept only in the key file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coding.config import Settings
from coding.errors import ProjectError
from coding.model import Transcript
from coding.paths import default_key_path
from coding.people.matching import SpeakerMatch, file_bytes, read_attribute_rows
from coding.people.pseudonyms import (
    chosen_pseudonyms,
    pseudonymise,
    read_key,
    read_mask_list,
    write_key,
)
from coding.people.roster import load_attributes, rematch_speakers
from coding.store import Project


@dataclass
class People:
    """The participant options of one run, checked before anything is imported."""

    pseudonymise: bool
    key_path: Path | None = None
    key: dict[str, str] = field(default_factory=dict)
    masks: dict[str, str] = field(default_factory=dict)
    attributes: tuple[str, bytes] | None = None  # (file name, bytes) of a participant CSV
    matches: dict[str, SpeakerMatch] = field(default_factory=dict)

    @classmethod
    def for_project(cls, store: Project, settings: Settings, *,
                    participants_csv: str | Path | None = None,
                    pseudonymise: bool | None = None, mask_list: str | Path | None = None,
                    key_path: str | Path | None = None) -> People:
        on = _mode(store, pseudonymise)
        attributes = ((Path(participants_csv).name, file_bytes(participants_csv))
                      if participants_csv else None)
        if not on:
            if mask_list or key_path:
                raise ProjectError("a mask list or key only works with pseudonymisation.",
                                   path=mask_list or key_path,
                                   fix="add --pseudonymise, or leave the option out.")
            return cls(False, attributes=attributes)
        path = Path(key_path) if key_path else default_key_path(store.path)
        key = _existing_key(store, path)
        if attributes:
            _, rows = read_attribute_rows(attributes[1], attributes[0])
            key = chosen_pseudonyms([(row.name, row.pseudonym) for row in rows], key)
        masks = (read_mask_list(file_bytes(mask_list), Path(mask_list).name,
                                settings.mask_label) if mask_list else {})
        return cls(True, path, key, masks, attributes)

    def prepare(self, transcripts: Sequence[Transcript], settings: Settings
                ) -> list[Transcript]:
        """The transcripts as they may be stored; with pseudonymisation, the key is
        written first so no stored pseudonym is ever without its key."""
        if not self.pseudonymise or not transcripts:
            return list(transcripts)
        batch = pseudonymise(transcripts, self.key, self.masks, settings.pseudonym_prefix,
                             settings.mask_label)
        write_key(batch.key, self.key_path)  # new participants, or names chosen in a CSV
        self.key, self.matches = batch.key, batch.matches
        return batch.transcripts

    def after_import(self, store: Project) -> None:
        """Match the speakers and store the participants' attributes."""
        if self.pseudonymise:
            store.match_labels(self.matches)
            store.mark_pseudonymised()
        else:
            rematch_speakers(store)
        if self.attributes:
            load_attributes(store, self.attributes[1], self.attributes[0],
                            self.key if self.pseudonymise else None)


def _mode(store: Project, pseudonymise: bool | None) -> bool:
    """Pseudonymise or not; None follows the project. Refuses to mix the two."""
    already = store.pseudonymised()
    has_transcripts = store.has_transcripts()
    if pseudonymise is None:
        return already
    if pseudonymise and has_transcripts and not already:
        raise ProjectError("this project already holds transcripts with real names.",
                           path=store.path, fix="import into a new project with "
                                                "pseudonymisation on from the start.")
    if not pseudonymise and already:
        raise ProjectError("this project is pseudonymised; these transcripts would bring "
                           "real names into it.", path=store.path,
                           fix="import with --pseudonymise (and --key if the key is "
                               "not in the default place).")
    return pseudonymise


def _existing_key(store: Project, path: Path) -> dict[str, str]:
    if path.resolve() == store.path.resolve():
        raise ProjectError("the key cannot be the project file.", path=path,
                           fix="name a separate .csv file, e.g. keys/study.key.csv.")
    if store.pseudonymised() and not path.exists():
        raise ProjectError("the key of this pseudonymised project is not there.", path=path,
                           fix="pass --key with the key file, so returning participants "
                               "keep their pseudonyms.")
    return read_key(path)



def load_participant_file(store: Project, data: bytes, source: str,
                          key_path: str | Path | None = None) -> list[str]:
    """Attributes from a participant CSV written with real names; in a pseudonymised
    project the key turns them into pseudonyms (default key place unless given)."""
    key = None
    if store.pseudonymised():
        key = _existing_key(store, Path(key_path) if key_path else default_key_path(store.path))
    return load_attributes(store, data, source, key)
