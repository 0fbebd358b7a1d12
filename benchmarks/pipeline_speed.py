"""End-to-end speed of `coding run` on the sample study: cold, warm and in-process.

- cold: a new process and a new project (imports, model load, every embedding computed)
- warm: a new process on the same project (transcripts known, embeddings cached)
- hot:  a second run inside an already warm process (what the app sees on a re-run)

Each measurement runs in its own child process so peak memory (max RSS) is its own.

    .venv/bin/python benchmarks/pipeline_speed.py [--transcripts DIR] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from datetime import datetime, UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()
from coding.pipeline import run_pipeline
from coding.config import Settings
transcripts, codebook, project, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = []
for _ in range(repeats):
    clock = time.perf_counter()
    report = run_pipeline([transcripts], codebook, project, Settings())
    runs.append({"seconds": time.perf_counter() - clock, "segments": report.segments,
                 "suggestions": report.suggestions, "timings": report.timings})
print(json.dumps({"process_seconds": time.perf_counter() - started, "runs": runs,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(transcripts: Path, codebook: Path, project: Path, repeats: int = 1) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", _CHILD, str(transcripts), str(codebook), str(project),
         str(repeats)], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def measure(transcripts: Path, codebook: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "bench.sqlite"
        cold = _child(transcripts, codebook, project)
        warm = _child(transcripts, codebook, project, repeats=2)
    segments = cold["runs"][0]["segments"]
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {_cores()} cores, Python {platform.python_version()}",
        "transcripts": str(transcripts), "segments": segments,
        "suggestions": cold["runs"][0]["suggestions"],
        "cold_process_s": round(cold["process_seconds"], 2),
        "cold_pipeline_s": round(cold["runs"][0]["seconds"], 2),
        "cold_segments_per_s": round(segments / cold["runs"][0]["seconds"], 1),
        "warm_process_s": round(warm["process_seconds"] - warm["runs"][1]["seconds"], 2),
        "warm_pipeline_s": round(warm["runs"][0]["seconds"], 2),
        "hot_pipeline_s": round(warm["runs"][1]["seconds"], 2),
        "cold_peak_rss_mb": round(cold["peak_rss_mb"]),
        "warm_peak_rss_mb": round(warm["peak_rss_mb"]),
        "cold_stage_timings": cold["runs"][0]["timings"],
    }


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _markdown(result: dict) -> str:
    return "\n".join([
        "# Pipeline speed (sample study)", "",
        f"Measured {result['measured_at']} on {result['machine']} with "
        "`.venv/bin/python benchmarks/pipeline_speed.py`.", "",
        f"{result['segments']} segments (speaker turns), {result['suggestions']} suggestions.", "",
        "| measure | value |", "|---|---|",
        f"| cold: new process + new project, whole process | {result['cold_process_s']} s |",
        "| cold: `run_pipeline` alone (model load + all embeddings) | "
        f"{result['cold_pipeline_s']} s |",
        f"| cold throughput | {result['cold_segments_per_s']} segments/s |",
        f"| warm: new process, same project, whole process | {result['warm_process_s']} s |",
        f"| warm: `run_pipeline` alone (embeddings cached) | {result['warm_pipeline_s']} s |",
        f"| hot: second run in the same process | {result['hot_pipeline_s']} s |",
        f"| peak memory, cold | {result['cold_peak_rss_mb']} MB |",
        f"| peak memory, warm | {result['warm_peak_rss_mb']} MB |", "",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=Path, default=ROOT / "transcripts")
    parser.add_argument("--codebook", type=Path, default=ROOT / "codebooks" / "friendtor.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    result = measure(args.transcripts.resolve(), args.codebook.resolve())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pipeline_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "pipeline_speed.md").write_text(_markdown(result))
    print(_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
