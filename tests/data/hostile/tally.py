"""Count how the readers fare on the hostile files: imported correctly, refused with a
clear error, wrong (imported with other words or speakers, or refused though valid),
crashed (an exception other than CodingError), hung (no answer within the time limit).

    python tests/data/hostile/tally.py                     # the readers of this checkout
    python tests/data/hostile/tally.py --code /other/tree  # e.g. the commit before the fix

Each file is read in a process of its own, so a hang or a crash in one cannot hide the
others. Three cases cannot be files in a repository and are made here at run time: a
named pipe with a transcript's name, a name holding a terminal escape, and a name whose
bytes are not UTF-8.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TIME_LIMIT = 10.0
_CHILD = r"""
import json, os, sys
from coding.errors import CodingError
from coding.readers import read_transcript
path = os.fsencode(sys.argv[1]) if sys.argv[2] == "bytes" else sys.argv[1]
try:
    t = read_transcript(path)
    out = {"kind": "import", "turns": [[x.speaker, x.text] for x in t.turns],
           "starts": [x.start for x in t.turns], "warnings": list(t.warnings),
           "meeting": t.meeting}
except CodingError as error:
    out = {"kind": "refused", "message": str(error)}
except BaseException as error:
    out = {"kind": "crash", "message": f"{type(error).__name__}: {error}"[:300]}
print(json.dumps(out, ensure_ascii=True))
"""


def read_in_child(path: Path | bytes, code: Path) -> dict:
    as_bytes = isinstance(path, bytes)
    argument = os.fsdecode(path)
    env = {**os.environ, "PYTHONPATH": str(code)}
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, argument,
                               "bytes" if as_bytes else "str"], capture_output=True,
                              timeout=TIME_LIMIT, env=env, check=False, cwd=code)
    except subprocess.TimeoutExpired:
        return {"kind": "hung"}
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return {"kind": "crash", "message": done.stderr.decode("utf-8", "replace")[-300:]}
    return json.loads(lines[-1])


def judge(result: dict, expected: dict, shown: str) -> str:
    kind = result["kind"]
    if kind in ("hung", "crash"):
        return {"hung": "hung", "crash": "crashed"}[kind]
    if "refused" in expected:
        message = result.get("message", "")
        clear = kind == "refused" and shown in message and all(
            part in message for part in expected["refused"])
        return "refused clearly" if clear else "wrong"
    if kind != "import" or result["turns"] != expected["turns"]:
        return "wrong"
    warnings = " ".join(result["warnings"])
    if any(part not in warnings for part in expected.get("warnings", [])):
        return "wrong"
    if "starts" in expected and result["starts"] != expected["starts"]:
        return "wrong"
    if "meeting" in expected and result["meeting"] != expected["meeting"]:
        return "wrong"
    return "imported correctly"


def run_time_cases(folder: Path) -> list[tuple[str, Path | bytes, dict, str]]:
    """(label, path, expected, name as messages must show it) for files made here."""
    cases = []
    fifo = folder / "meeting_pipe.vtt"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        cases.append(("named pipe", fifo, {"refused": ["named pipe", "Fix:"]}, fifo.name))
    escape = folder / "meeting\x1b[2J\x1b[31m.vtt"
    escape.write_bytes(b"WEBVTT\n\n1\n00:00:01.000 --> \nAnn: hi\n")
    cases.append(("escape in name", escape, {"refused": ["line 4", "\\x1b[2J"]},
                  "meeting\\x1b[2J\\x1b[31m.vtt"))
    raw = os.fsencode(folder) + b"/meeting\xff\xfe.vtt"
    with open(raw, "wb") as handle:
        handle.write(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn Lee: Hello.\n")
    cases.append(("name not UTF-8", raw, {"turns": [["Ann Lee", "Hello."]]}, ""))
    return cases


def tally(code: Path) -> tuple[Counter, list[tuple[str, str, str]]]:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    counts: Counter = Counter()
    details = []
    with tempfile.TemporaryDirectory() as scratch:
        cases = [(name, HERE / name, spec, name) for name, spec in expected.items()]
        cases += run_time_cases(Path(scratch))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda case: read_in_child(case[1], code), cases))
        for (label, _, spec, shown), result in zip(cases, results):
            verdict = judge(result, spec, shown)
            counts[verdict] += 1
            details.append((label, verdict, result.get("message", "")[:160]))
    return counts, details


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the source tree whose coding/ package is read with")
    parser.add_argument("--details", action="store_true", help="list every file's verdict")
    options = parser.parse_args()
    counts, details = tally(options.code)
    if options.details:
        for label, verdict, message in details:
            print(f"{verdict:20} {label!r:45} {message}")
    total = sum(counts.values())
    order = ("imported correctly", "refused clearly", "wrong", "crashed", "hung")
    print(f"{total} files: " + ", ".join(f"{counts[key]} {key}" for key in order))


if __name__ == "__main__":
    main()
