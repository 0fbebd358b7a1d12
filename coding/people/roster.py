"""The project's participants: match speaker labels, correct the mapping, attributes.

The one place the command line, the app and the pipeline go to for who is who. The
name matching itself is in :mod:`coding.people.matching`; the tables in
:mod:`coding.store.participants`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coding.paths import default_key_path
from coding.people.matching import ParticipantError, match_speakers, name_key, read_attribute_rows
from coding.store import Project

if TYPE_CHECKING:
    import pandas as pd


#: The column of a participant CSV that gives speaker roles (any case; '_' for space).
ROLE_COLUMN = "speaker role"


def rematch_speakers(project: Project) -> None:
    """Match every label of the project's transcripts to a participant again (a new
    transcript may resolve an earlier 'Jane'); researchers' corrections stay."""
    project.match_labels(match_speakers(project.speaker_labels()))


def parse_corrections(pairs: Iterable[str]) -> dict[str, str]:
    """'Jane=Jane Smith' → {'Jane': 'Jane Smith'}, as typed after ``--map``."""
    corrections: dict[str, str] = {}
    for pair in pairs:
        label, sign, participant = pair.partition("=")
        if not sign or not label.strip() or not participant.strip():
            raise ParticipantError(f"{pair!r} is not a correction.",
                                   fix="write the label as written, '=', then the "
                                       "participant, e.g. --map \"Jane=Jane Smith\".")
        corrections[label.strip()] = participant.strip()
    return corrections


def correct_speakers(project: Project, corrections: Mapping[str, str], coder: str) -> int:
    """Apply a researcher's corrections; every table and export follows at once."""
    return project.correct_speakers(corrections, coder)


def speaker_table(project: Project) -> pd.DataFrame:
    """Each speaker label as written, its participant, whether the one-word label could
    mean several people, and who set the mapping ('' = matched automatically)."""
    import pandas as pd  # here: pandas costs a second to import, and a run never needs it

    return pd.DataFrame(
        [{"label": e.label, "participant": e.participant, "ambiguous": e.ambiguous,
          "set_by": e.set_by} for e in project.speaker_map()],
        columns=["label", "participant", "ambiguous", "set_by"])


def role_table(project: Project) -> pd.DataFrame:
    """Each participant and their speaker role (participant, facilitator, observer)."""
    import pandas as pd

    return pd.DataFrame([{"participant": name, "role": role.value}
                         for name, role in project.participant_roles().items()],
                        columns=["participant", "role"])


def parse_roles(pairs: Iterable[str]) -> dict[str, str]:
    """'Jordan Lee=facilitator' → {'Jordan Lee': 'facilitator'}, as typed after ``--role``."""
    roles: dict[str, str] = {}
    for pair in pairs:
        participant, sign, role = pair.rpartition("=")
        if not sign or not participant.strip() or not role.strip():
            raise ParticipantError(f"{pair!r} is not a role.",
                                   fix='write the participant, "=", then participant, '
                                       'facilitator or observer, e.g. --role '
                                       '"Jordan Lee=facilitator".')
        roles[participant.strip()] = role.strip().casefold()
    return roles


def set_roles_from_table(project: Project, before: pd.DataFrame, after: pd.DataFrame,
                         coder: str) -> int:
    """Apply the roles changed in an edited :func:`role_table`; returns how many changed."""
    old = dict(zip(before["participant"], before["role"]))
    changed = {name: str(role) for name, role in zip(after["participant"], after["role"])
               if old.get(name) != role}
    return project.set_participant_roles(changed, coder) if changed else 0


def correct_from_table(project: Project, before: pd.DataFrame, after: pd.DataFrame,
                       coder: str) -> int:
    """Apply the participants changed in an edited :func:`speaker_table` (the app's
    editor); returns how many labels changed."""
    old = dict(zip(before["label"], before["participant"]))
    changed = {label: "" if participant is None else str(participant)
               for label, participant in zip(after["label"], after["participant"])
               if old.get(label) != participant}
    return project.correct_speakers(changed, coder) if changed else 0


@dataclass(frozen=True)
class ParticipantView:
    """What the Participants screen shows."""

    speakers: pd.DataFrame
    roles: pd.DataFrame
    attributes: pd.DataFrame
    pseudonymised: bool
    key_path: Path


def participant_view(project: Project) -> ParticipantView:
    return ParticipantView(speakers=speaker_table(project), roles=role_table(project),
                           attributes=attribute_table(project),
                           pseudonymised=project.pseudonymised(),
                           key_path=default_key_path(project.path))


def load_attributes(project: Project, data: bytes, source: str,
                    key: Mapping[str, str] | None = None) -> list[str]:
    """Store the attributes of a participant CSV (participant column + role, site …).

    Each name is matched to a participant as speaker labels are (titles, case and
    accents aside); in a pseudonymised project ``key`` (real name → pseudonym) turns the
    researcher's real names into pseudonyms first. Any unknown name refuses the whole
    file. A *speaker role* column (participant, facilitator, observer) sets roles
    instead of being an attribute. Returns the attribute names."""
    columns, rows = read_attribute_rows(data, source)
    role_column = next((c for c in columns if c.casefold().replace("_", " ") == ROLE_COLUMN),
                       None)
    lookup = _participant_lookup(project, key or {})
    values: dict[str, dict[str, str]] = {}
    roles: dict[str, str] = {}
    for row in rows:
        participant = lookup.get(name_key(row.name))
        if participant is None:
            raise ParticipantError(
                f"{row.name!r} is not a participant of this project.", path=source,
                row=row.row, fix=f"use one of: {', '.join(project.participants())} "
                                 "(or correct the speaker mapping first).")
        values[participant] = {name: value for name, value in row.attributes.items()
                               if name != role_column}
        if role_column and row.attributes.get(role_column):
            roles[participant] = row.attributes[role_column].strip().casefold()
    if roles:
        project.set_participant_roles(roles, coder=source)
    project.set_participant_attributes(values)
    return [c for c in columns if c != role_column]


def _participant_lookup(project: Project, key: Mapping[str, str]) -> dict[str, str]:
    lookup = {name_key(real): pseudonym for real, pseudonym in key.items()}
    for entry in project.speaker_map():
        lookup[name_key(entry.label)] = entry.participant
        lookup[name_key(entry.participant)] = entry.participant
    return lookup


def attribute_table(project: Project) -> pd.DataFrame:
    """One row per participant, one column per attribute."""
    import pandas as pd

    attributes = project.participant_attributes()
    table = pd.DataFrame([{"participant": name, **attributes.get(name, {})}
                          for name in project.participants()])
    return table if not table.empty else pd.DataFrame(columns=["participant"])
