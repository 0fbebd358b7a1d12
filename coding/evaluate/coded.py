"""Data coded by researchers, in the ``../shared/data/coded/<name>`` format:
``codebook.yaml`` (codes: name, definition, keywords, examples) and ``units.csv``
(unit_id, document, speaker, text, codes separated by ``;``, empty when uncoded)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coding.codebooks import load_codebook
from coding.errors import CodingError
from coding.model import Codebook, Segment


@dataclass(frozen=True)
class CodedData:
    name: str
    codebook: Codebook
    segments: list[Segment]
    documents: np.ndarray  # (units,) document of each unit
    gold: np.ndarray  # (units, codes) bool
    unit_codes: tuple[tuple[str, ...], ...]  # each unit's codes as listed (first first)

    @property
    def has_uncoded(self) -> bool:
        return bool((~self.gold.any(axis=1)).any())


def load_coded(folder: str | Path) -> CodedData:
    """A data set in the ``../shared/data/coded/<name>`` format."""
    folder = Path(folder)
    for required in ("codebook.yaml", "units.csv"):
        if not (folder / required).exists():
            raise CodingError(f"{required} is missing.", path=folder / required,
                              fix="give a folder holding codebook.yaml and units.csv.")
    codebook = load_codebook(folder / "codebook.yaml")
    units = pd.read_csv(folder / "units.csv", keep_default_na=False, dtype=str)
    missing = {"document", "text", "codes"} - set(units.columns)
    if missing:
        raise CodingError(f"columns {', '.join(sorted(missing))} are missing.",
                          path=folder / "units.csv", line=1,
                          fix="the header must name unit_id, document, speaker, text, codes.")
    turn = units.groupby("document").cumcount()
    segments = [Segment(transcript_id=row.document, turn_index=int(index), start_char=0,
                        end_char=len(row.text), text=row.text,
                        speaker=getattr(row, "speaker", ""))
                for row, index in zip(units.itertuples(), turn)]
    listed = tuple(tuple(c.strip() for c in codes.split(";") if c.strip())
                   for codes in units["codes"])
    gold = np.array([[name in codes for name in codebook.names] for codes in listed],
                    dtype=bool).reshape(len(listed), len(codebook.names))
    return CodedData(folder.name, codebook, segments, units["document"].to_numpy(), gold,
                     listed)


def dataset_folders(data_dir: str | Path) -> list[Path]:
    """``data_dir`` itself when it is one data set, else the data sets inside it."""
    data_dir = Path(data_dir)
    if (data_dir / "units.csv").exists():
        return [data_dir]
    found = sorted(p.parent for p in data_dir.glob("*/units.csv"))
    if not found:
        raise CodingError("no units.csv found here or one folder down.", path=data_dir,
                          fix="give ../shared/data/coded or one data set inside it.")
    return found


def load_sample_study(folder: str | Path, codebook: str | Path) -> CodedData:
    """The sample study's source files (``scripts/sample_study/*.yaml``: ``file``,
    ``meeting``, ``turns`` of speaker, text and the author's intended ``codes``) as a
    coded data set, one unit per turn, meetings in meeting order."""
    import yaml

    folder = Path(folder)
    meetings = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "turns" in data:
            meetings.append((int(data.get("meeting") or 0), path.stem, data["turns"]))
    if not meetings:
        raise CodingError("no meeting files (YAML with 'turns') found.", path=folder,
                          fix="give scripts/sample_study or a folder like it.")
    book = load_codebook(codebook)
    segments, documents, listed = [], [], []
    for _, name, turns in sorted(meetings):
        for index, turn in enumerate(turns):
            text = " ".join(str(turn["text"]).split())
            segments.append(Segment(transcript_id=name, turn_index=index, start_char=0,
                                    end_char=len(text), text=text,
                                    speaker=str(turn.get("speaker", ""))))
            documents.append(name)
            listed.append(tuple(turn.get("codes") or ()))
    unknown = sorted({c for codes in listed for c in codes} - set(book.names))
    if unknown:
        raise CodingError(f"codes {', '.join(unknown)} are not in the codebook.",
                          path=codebook, fix="give the codebook the study was coded with.")
    gold = np.array([[name in codes for name in book.names] for codes in listed],
                    dtype=bool).reshape(len(listed), len(book.names))
    return CodedData(folder.name, book, segments, np.array(documents), gold, tuple(listed))
