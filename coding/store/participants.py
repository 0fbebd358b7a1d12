"""Who spoke, inside a project: speaker label as written → participant, and attributes.

Segments and turns keep the label exactly as the transcript wrote it (their ids do not
depend on it), and every table resolves the participant when it is read, through
:data:`PARTICIPANT_OF`. So a correction applies at once to every segment, table and
export, and no decision moves. The machine's mapping is refreshed on each import; a
researcher's correction is never overwritten by it, and every correction is kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from coding.errors import ParticipantError
from coding.model import SpeakerMatch, SpeakerRole
from coding.store.codebook import now

#: The meta key that marks a pseudonymised project ("1"); see coding.people.pseudonyms.
PSEUDONYMISED = "pseudonymised"


def participant_of(alias: str) -> str:
    """SQL for the participant of the segment or turn row ``alias``, e.g. ``s``."""
    return (f"COALESCE((SELECT sp.participant FROM speakers sp WHERE sp.label = "
            f"{alias}.speaker), {alias}.speaker)")


#: The participant of segment ``s``, for SELECTs.
PARTICIPANT_OF = participant_of("s")

#: The speaker role of segment ``s``'s participant ('participant' when none is set).
ROLE_OF = (f"COALESCE((SELECT r.role FROM participant_roles r WHERE r.participant = "
           f"{PARTICIPANT_OF}), '{SpeakerRole.PARTICIPANT.value}')")


@dataclass(frozen=True)
class SpeakerLabel:
    """One way a speaker is written in the transcripts, and who it stands for."""

    label: str
    participant: str
    ambiguous: bool = False
    set_by: str = ""  # '' when the machine matched it; else who corrected it


class ParticipantStore:
    """Mixin of :class:`coding.store.Project`: the speaker map and participant attributes."""

    db: sqlite3.Connection
    path: Path

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def speaker_labels(self) -> list[str]:
        """Every speaker label written in the project's transcripts."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT speaker FROM turns ORDER BY 1")]

    def speaker_map(self) -> list[SpeakerLabel]:
        """Each label of the transcripts with its participant (itself when unmapped)."""
        rows = self.db.execute(
            "SELECT t.speaker AS label, COALESCE(sp.participant, t.speaker) AS participant, "
            "COALESCE(sp.ambiguous, 0) AS ambiguous, COALESCE(sp.set_by, '') AS set_by "
            "FROM (SELECT DISTINCT speaker FROM turns) t "
            "LEFT JOIN speakers sp ON sp.label = t.speaker ORDER BY participant, label")
        return [SpeakerLabel(r["label"], r["participant"], bool(r["ambiguous"]), r["set_by"])
                for r in rows]

    def participants(self) -> list[str]:
        return sorted({entry.participant for entry in self.speaker_map()})

    def participant_presence(self) -> list[tuple[str, int, list[str]]]:
        """(participant, turns spoken, ids of the transcripts they speak in) for each
        participant, however many labels the transcripts write them with."""
        rows = self.db.execute(
            f"SELECT {participant_of('tu')} AS participant, tu.transcript_id, COUNT(*) "
            "FROM turns tu GROUP BY participant, tu.transcript_id").fetchall()
        turns: dict[str, int] = {}
        meetings: dict[str, list[str]] = {}
        for participant, transcript_id, count in rows:
            turns[participant] = turns.get(participant, 0) + count
            meetings.setdefault(participant, []).append(transcript_id)
        return [(name, turns[name], sorted(meetings[name])) for name in sorted(turns)]

    def match_labels(self, matches: Mapping[str, SpeakerMatch]) -> None:
        """Store the machine's matches; labels a researcher corrected keep their mapping."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO speakers VALUES (?,?,?,'',?) ON CONFLICT(label) DO UPDATE SET "
                "participant=excluded.participant, ambiguous=excluded.ambiguous "
                "WHERE speakers.set_by = ''",
                [(label, match.participant, int(match.ambiguous), now())
                 for label, match in matches.items()])

    def correct_speakers(self, corrections: Mapping[str, str], coder: str) -> int:
        """Map labels to the participants a researcher names; all or nothing, each one
        kept in ``speaker_edits``. Returns how many labels changed."""
        known = {entry.label: entry for entry in self.speaker_map()}
        for label, participant in corrections.items():
            if label not in known:
                raise ParticipantError(
                    f"no speaker is written {label!r} in the transcripts.", path=self.path,
                    fix=f"use a label from the list: {', '.join(sorted(known))}.")
            if not participant.strip():
                raise ParticipantError(f"no participant is given for {label!r}.",
                                       fix="write the participant's name, e.g. 'Jane Smith'.")
        if not coder.strip():
            raise ParticipantError("no name is given for who made the correction.",
                                   fix="say who corrects the mapping.")
        changed = {label: participant.strip() for label, participant in corrections.items()
                   if known[label].participant != participant.strip()}
        with self.transaction() as db:
            for label, participant in changed.items():
                db.execute("INSERT INTO speakers VALUES (?,?,0,?,?) ON CONFLICT(label) DO "
                           "UPDATE SET participant=excluded.participant, ambiguous=0, "
                           "set_by=excluded.set_by, set_at=excluded.set_at",
                           (label, participant, coder.strip(), now()))
                db.execute("INSERT INTO speaker_edits (label, before, after, coder, edited_at) "
                           "VALUES (?,?,?,?,?)", (label, known[label].participant, participant,
                                                  coder.strip(), now()))
        return len(changed)

    def set_participant_attributes(self, values: Mapping[str, Mapping[str, str]]) -> None:
        """Replace the attributes of the participants given, in one transaction."""
        with self.transaction() as db:
            db.executemany("DELETE FROM participant_attributes WHERE participant=?",
                           [(participant,) for participant in values])
            db.executemany("INSERT INTO participant_attributes VALUES (?,?,?)", [
                (participant, attribute, value)
                for participant, attributes in values.items()
                for attribute, value in attributes.items()])

    def participant_attributes(self) -> dict[str, dict[str, str]]:
        """participant → {attribute: value}, for every participant with attributes."""
        found: dict[str, dict[str, str]] = {}
        for row in self.db.execute("SELECT * FROM participant_attributes "
                                   "ORDER BY participant, attribute"):
            found.setdefault(row["participant"], {})[row["attribute"]] = row["value"]
        return found

    # -- speaker roles ----------------------------------------------------------------------

    def participant_roles(self) -> dict[str, SpeakerRole]:
        """participant → role, for every participant of the project (participant unless
        a researcher said otherwise)."""
        set_roles = {row[0]: SpeakerRole(row[1]) for row in
                     self.db.execute("SELECT participant, role FROM participant_roles")}
        return {name: set_roles.get(name, SpeakerRole.PARTICIPANT)
                for name in self.participants()}

    def set_participant_roles(self, roles: Mapping[str, str], coder: str) -> int:
        """Set speaker roles (all or nothing); returns how many changed. The machine's
        suggestions on the turns of a facilitator or observer go at once (the next run
        makes none there); decisions stay."""
        known = self.participant_roles()
        for participant, role in roles.items():
            if participant not in known:
                raise ParticipantError(
                    f"{participant!r} is not a participant of this project.", path=self.path,
                    fix=f"use one of: {', '.join(known)}.")
            if role not in {r.value for r in SpeakerRole}:
                raise ParticipantError(
                    f"{role!r} is not a speaker role (for {participant!r}).",
                    fix=f"use one of: {', '.join(r.value for r in SpeakerRole)}.")
        if not coder.strip():
            raise ParticipantError("no name is given for who set the roles.",
                                   fix="say who sets the speaker roles.")
        changed = {p: r for p, r in roles.items() if known[p] != r}
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO participant_roles VALUES (?,?,?,?) ON CONFLICT(participant) "
                "DO UPDATE SET role=excluded.role, set_by=excluded.set_by, "
                "set_at=excluded.set_at",
                [(p, r, coder.strip(), now()) for p, r in changed.items()])
            db.execute(f"DELETE FROM suggestion_rows WHERE segment_id IN (SELECT s.id FROM "
                       f"segments s WHERE {ROLE_OF} <> '{SpeakerRole.PARTICIPANT.value}')")
        return len(changed)

    def uncounted_segment_ids(self) -> set[str]:
        """Segments spoken by a facilitator or an observer: context, never suggested."""
        return {row[0] for row in self.db.execute(
            f"SELECT s.id FROM segments s WHERE {ROLE_OF} <> "
            f"'{SpeakerRole.PARTICIPANT.value}'")}

    def speaker_edits(self) -> list[tuple[str, str, str, str, str]]:
        """Every correction of the speaker map: (when, who, label, before, after), oldest
        first."""
        return [tuple(row) for row in self.db.execute(
            "SELECT edited_at, coder, label, before, after FROM speaker_edits "
            "ORDER BY edited_at, id")]
