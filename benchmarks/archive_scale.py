"""Archive scale: every AMI meeting, coded by sentence, as one project (issue 22, item 4).

All 82 meetings of ``DATA_DIR/meetings/ami`` (about seven years of monthly meetings)
written as Zoom WebVTT and imported with ``--unit sentence``, which makes about 50,000
segments. Each step a researcher takes runs in its own process, so its peak memory
(max RSS) is its own; the goal is 2 GB for every step:

- import and suggest: ``coding run`` on a new project;
- one review decision (a click): ``coding decide`` with one confirmed suggestion;
- update the suggestions after it: ``coding run`` again (learning from the decision);
- export: ``coding export`` (theme table, codebook report, figures …);
- emergent themes: ``coding themes``.

    python benchmarks/archive_scale.py DATA_DIR [--out benchmarks/results]

The results are saved after each step, so on a busy machine a step that does not
finish leaves the figures of the others.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from year_of_meetings import CODEBOOK, ROOT, ami_as_vtt, coding, started, timed  # noqa: E402

MEETINGS = 82
GOAL_MB = 2048

_FIRST_SUGGESTION = r"""
import json, sys
from coding.store import Project
with Project(sys.argv[1]) as project:
    pairs = sorted(project.suggested_pairs())
    print(json.dumps({"segments": len(project.segments()), "suggestion": pairs[0]}))
"""

_STEPS = (("run_cold", "import and suggest: `coding run --unit sentence`, new project"),
          ("decide_one", "one review decision: `coding decide` (one row)"),
          ("run_update", "update suggestions after it: `coding run` again"),
          ("export", "export: `coding export`"),
          ("themes", "emergent themes: `coding themes`"))


def measure(data: Path, meetings: int, save) -> dict:  # noqa: ANN001
    result = started()
    with tempfile.TemporaryDirectory(prefix="archive-scale-") as folder:
        work = Path(folder)
        files = [str(path) for path in ami_as_vtt(data / "meetings" / "ami",
                                                  work / "meetings", meetings)]
        result["meetings"] = len(files)
        project = str(work / "archive.sqlite")
        run = ["run", *files, "--codebook", str(CODEBOOK), "--project", project,
               "--unit", "sentence", "--quiet"]
        result["run_cold"] = coding(*run)
        save(result)
        found = json.loads(timed([sys.executable, "-c", _FIRST_SUGGESTION, project])["last"])
        result["segments"] = found["segments"]
        decisions = work / "one_decision.csv"
        with decisions.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([("segment_id", "theme", "action"),
                                          (*found["suggestion"], "confirm")])
        steps = (("decide_one", ["decide", str(decisions), "--project", project,
                                 "--coder", "benchmark"]),
                 ("run_update", run),
                 ("export", ["export", "--project", project, "--out", str(work / "export")]),
                 ("themes", ["themes", "--project", project]))
        for name, args in steps:
            result[name] = coding(*args)
            save(result)
    result["complete"] = True
    save(result)
    return result


def markdown(result: dict, command: str) -> str:
    lines = ["# Archive scale (issue 22)", "",
             f"Measured {result['measured_at']} on {result['machine']} with `{command}`"
             + ("" if result.get("complete") else " (**incomplete**: the steps not listed "
                                                    "did not finish)") + ".",
             f"Workload: all {result.get('meetings', '?')} AMI meetings as Zoom WebVTT, "
             f"coded by sentence: {result.get('segments', 0):,} segments. "
             f"Goal: every step within {GOAL_MB / 1024:.0f} GB.", "",
             "| step | time | CPU | peak memory | within 2 GB | said |",
             "|---|---|---|---|---|---|"]
    for name, label in _STEPS:
        if name in result:
            step = result[name]
            lines.append(f"| {label} | {step['s']:.1f} s | {step['cpu_s']:.1f} s | "
                         f"{step['peak_mb']:.0f} MB | "
                         f"{'yes' if step['peak_mb'] <= GOAL_MB else '**no**'} | "
                         f"{step['last'] if name.startswith(('run', 'decide')) else ''} |")
    return "\n".join([*lines, ""])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (holds meetings/ami)")
    parser.add_argument("--meetings", type=int, default=MEETINGS)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    command = "python benchmarks/archive_scale.py DATA_DIR" + (
        f" --meetings {args.meetings}" if args.meetings != MEETINGS else "")

    def save(result: dict) -> None:
        (args.out / "archive_scale.json").write_text(json.dumps(result, indent=2) + "\n")
        (args.out / "archive_scale.md").write_text(markdown(result, command))

    print(markdown(measure(args.data.resolve(), args.meetings, save), command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
