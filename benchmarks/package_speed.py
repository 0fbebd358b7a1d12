"""Coder packages on real coded interviews: export, import, re-import; nothing lost.

A master project is built from a coded data set (``coded/<dataset>/units.csv``: one turn
per unit, one transcript per document, its ``codebook.yaml``; no embeddings). Two coders
each code every unit in their own copy of the master file: they confirm the
researchers' codes, reject one other code, and write a memo on every tenth unit; the
second coder swaps one code in five for another (so agreement is not perfect). Each
exports a package; the lead imports both into the master, then imports them again.

Measured: export and import time and decisions/s, the re-import (which must add 0),
decisions lost (the master must hold exactly both coders' decisions, coder and time
kept) and the package size. Baseline, same run: the same decisions written straight
into a copy of the master with ``Project.record_decisions`` (what coding in one shared
file costs).

    .venv/bin/python benchmarks/package_speed.py ../shared/data [--dataset mlss_interviews]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.codebooks import load_codebook  # noqa: E402
from coding.model import Action, Decision, Transcript, Turn, content_hash  # noqa: E402
from coding.review.agreement import project_agreement  # noqa: E402
from coding.review.packages import export_package, import_packages  # noqa: E402
from coding.segment import segment_transcript  # noqa: E402
from coding.store import Project  # noqa: E402


def codes_of(cell: object) -> list[str]:
    return [c.strip() for c in str(cell).split(";") if c.strip()] if cell == cell else []


def build_master(folder: Path, path: Path) -> dict[str, str]:
    """The master project of one data set; unit id → segment id."""
    units = pd.read_csv(folder / "units.csv")
    segment_of = {}
    with Project(path) as project:
        project.set_codebook(load_codebook(folder / "codebook.yaml"), coder="benchmark")
        project.set_meta("unit", "turn")
        for document, rows in units.groupby("document", sort=True):
            turns = tuple(Turn(index=n, speaker=str(r.speaker), text=str(r.text))
                          for n, r in enumerate(rows.itertuples()))
            transcript = Transcript(id=content_hash("\n".join(t.text for t in turns)),
                                    name=f"{document}.txt", turns=turns, format="txt")
            segments = segment_transcript(transcript)
            project.add_transcript(transcript, segments, "turn")
            segment_of.update(zip(rows["unit_id"], (s.id for s in segments), strict=True))
    return segment_of


def coder_decisions(folder: Path, segment_of: dict[str, str], coder: str, swap: float,
                    seed: int) -> list[Decision]:
    units = pd.read_csv(folder / "units.csv")
    names = [code.name for code in load_codebook(folder / "codebook.yaml").codes]
    rng, clock = random.Random(seed), datetime(2026, 3, 2, 9, tzinfo=UTC)
    made = []
    for n, row in enumerate(units.itertuples()):
        segment, applied = segment_of[row.unit_id], [c for c in codes_of(row.codes) if c in names]
        applied = [rng.choice(names) if rng.random() < swap else c for c in applied]
        others = [c for c in names if c not in applied]
        acts = [(c, Action.CONFIRM, "") for c in dict.fromkeys(applied)]
        acts += [(rng.choice(others), Action.REJECT, "")] if others else []
        acts += [("", Action.MEMO, f"{coder}: note on unit {n}")] if n % 10 == 0 else []
        for code, action, memo in acts:
            clock += timedelta(seconds=rng.randint(5, 90))
            made.append(Decision(segment, code, action, coder=coder, memo=memo,
                                 decided_at=clock.isoformat(timespec="seconds")))
    return made


def timed(call, *args):
    clock = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - clock


def run(folder: Path, work: Path) -> dict:
    master = work / "master.sqlite"
    segment_of = build_master(folder, master)
    made = {"Ana": coder_decisions(folder, segment_of, "Ana", 0.0, 1),
            "Ben": coder_decisions(folder, segment_of, "Ben", 0.2, 2)}
    packages, export_s, baseline_s = [], {}, {}
    for coder, decisions in made.items():
        copy = work / f"{coder}.sqlite"
        shutil.copy(master, copy)
        with Project(copy) as project:
            _, baseline_s[coder] = timed(project.record_decisions, decisions)
            data, export_s[coder] = timed(export_package, project, coder, "bench")
        packages.append((f"{coder}.package.json", data))
    with Project(master) as project:
        first, import_s = timed(import_packages, project, packages)
        again, reimport_s = timed(import_packages, project, packages)
        stored = project.decisions()
        coders = project_agreement(project, bootstrap=0).coders
    total = sum(len(d) for d in made.values())
    expected = made["Ana"] + made["Ben"]
    return {
        "dataset": folder.name, "units": len(segment_of), "transcripts": len(
            {s.split(":")[0] for s in segment_of.values()}),
        "decisions_per_coder": {c: len(d) for c, d in made.items()},
        "package_kb": {name: round(len(data) / 1024, 1) for name, data in packages},
        "export_s": {c: round(s, 3) for c, s in export_s.items()},
        "import_s": round(import_s, 3), "import_decisions_per_s": round(total / import_s),
        "reimport_s": round(reimport_s, 3),
        "reimport_added": sum(r.added for r in again),
        "baseline_record_decisions_s": round(sum(baseline_s.values()), 3),
        "baseline_decisions_per_s": round(total / sum(baseline_s.values())),
        "added": sum(r.added for r in first), "refused": [r.error for r in first if r.error],
        "lost": sum((Counter(expected) - Counter(stored)).values()),
        "identical_to_coders": stored == expected, "agreement_sees": list(coders),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holding coded/)")
    parser.add_argument("--dataset", action="append",
                        help="coded data set(s) (default: mlss_interviews, serdif_usability)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    results = []
    for name in args.dataset or ["mlss_interviews", "serdif_usability"]:
        with tempfile.TemporaryDirectory() as work:
            results.append(run(args.data / "coded" / name, Path(work)))
        print(json.dumps(results[-1], indent=1))
    report = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                         f"Python {platform.python_version()}", "results": results}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "package_speed.json").write_text(json.dumps(report, indent=2) + "\n",
                                                 encoding="utf-8")


if __name__ == "__main__":
    main()
