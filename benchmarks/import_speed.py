"""Import speed: turns/s and peak memory reading a 10 MB transcript in each format.

The same synthetic meeting (words drawn from the sample study, five speakers, cues of a
few seconds) is written as Zoom WebVTT, SubRip, plain text, a Teams Word file, CSV and
Excel, sized so that the WebVTT file is 10 MB. Each file is read in its own child
process, so peak memory (VmHWM, Linux) is that reader's alone; the child then stores the
turns in a new project file (segments by turn, no embeddings: that is the pipeline
benchmark's business) and times that too.

    .venv/bin/python benchmarks/import_speed.py [--mb 10] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SPEAKERS = ["Amara Osei", "Ben Kowalski", "Carmen Reyes", "Dev Patel", "Elena Novak"]

# Peak RSS from /proc (VmHWM): ru_maxrss survives exec on Linux, so a child would report
# the parent's peak whenever that is higher.
_CHILD = r"""
import json, re, sys, time
from pathlib import Path
def peak_mb():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
from coding.readers import read_transcript
path, project = Path(sys.argv[1]), Path(sys.argv[2])
before_mb = peak_mb()
clock = time.perf_counter()
transcript = read_transcript(path)
read_s = time.perf_counter() - clock
read_peak_mb = peak_mb()
from coding.segment import segment_transcript
from coding.store import Project
clock = time.perf_counter()
with Project(project) as store:
    store.add_transcript(transcript, segment_transcript(transcript), "turn")
store_s = time.perf_counter() - clock
print(json.dumps({"turns": len(transcript.turns), "words": transcript.word_count,
                  "read_s": read_s, "store_s": store_s, "rss_before_read_mb": before_mb,
                  "read_peak_rss_mb": read_peak_mb,
                  "peak_rss_mb": peak_mb()}))
"""


def meeting(megabytes: float, seed: int = 0) -> list[tuple[str, str, int, int]]:
    """Cues (speaker, words, start ms, end ms) whose WebVTT is about ``megabytes`` MB."""
    vocabulary = re.findall(r"[A-Za-z']+[.,?]?", " ".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "transcripts").glob("*.txt"))))
    rng = random.Random(seed)
    cues, size, clock, speaker = [], 0, 0, SPEAKERS[0]
    while size < megabytes * 2**20:
        if rng.random() < 0.3:
            speaker = rng.choice([name for name in SPEAKERS if name != speaker])
        words = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(4, 16)))
        duration = rng.randint(1500, 6000)
        cues.append((speaker, words, clock, clock + duration))
        # number, timing, 'Name: words' and a blank line, as write_vtt writes them
        size += len(str(len(cues))) + 29 + len(speaker) + 2 + len(words) + 2
        clock += duration + rng.randint(0, 800)
    return cues


def _clock(ms: int, separator: str = ".") -> str:
    s = ms // 1000
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{separator}{ms % 1000:03d}"


def write_vtt(cues, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("WEBVTT\n\n")
        for number, (speaker, words, start, end) in enumerate(cues, start=1):
            out.write(f"{number}\n{_clock(start)} --> {_clock(end)}\n{speaker}: {words}\n\n")


def write_srt(cues, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, (speaker, words, start, end) in enumerate(cues, start=1):
            out.write(f"{number}\n{_clock(start, ',')} --> {_clock(end, ',')}\n"
                      f"{speaker}: {words}\n\n")


def _stamp(ms: int) -> str:
    return _clock(ms).rsplit(".", 1)[0]


def write_txt(cues, path: Path) -> None:
    """'[00:01:02] Name: words', wrapped at 80 characters as text exports are."""
    with path.open("w", encoding="utf-8") as out:
        for speaker, words, start, _ in cues:
            out.write(textwrap.fill(f"[{_stamp(start)}] {speaker}: {words}", 80) + "\n")


def write_csv(cues, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["speaker", "start", "end", "text"])
        for speaker, words, start, end in cues:
            writer.writerow([speaker, start / 1000, end / 1000, words])


def write_xlsx(cues, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Transcript")
    sheet.append(["speaker", "start", "end", "text"])
    for speaker, words, start, end in cues:
        sheet.append([speaker, start / 1000, end / 1000, words])
    book.save(path)


def write_docx(cues, path: Path) -> None:
    """Teams layout ('Name   0:03', a line break, the words), written straight into the
    document XML of a python-docx template: python-docx itself takes minutes for this."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(speaker)}   {_stamp(start)}</w:t>'
        f"<w:br/><w:t>{escape(words)}</w:t></w:r></w:p>" for speaker, words, start, _ in cues)
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + paragraphs.encode(), 1)
            target.writestr(item, data)


WRITERS = {"vtt": write_vtt, "srt": write_srt, "txt": write_txt, "docx": write_docx,
           "csv": write_csv, "xlsx": write_xlsx}


def measure(megabytes: float, formats: list[str]) -> dict:
    cues = meeting(megabytes)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in formats:
            path = Path(folder) / f"meeting.{name}"
            WRITERS[name](cues, path)
            output = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path), str(Path(folder) / f"{name}.sqlite")],
                check=True, capture_output=True, text=True, cwd=ROOT)
            child = json.loads(output.stdout.strip().splitlines()[-1])
            rows.append({"format": name, "file_mb": round(path.stat().st_size / 2**20, 1),
                         "cues": len(cues), "turns": child["turns"], "words": child["words"],
                         "read_s": round(child["read_s"], 2),
                         "turns_per_s": round(child["turns"] / child["read_s"]),
                         "cues_per_s": round(len(cues) / child["read_s"]),
                         "read_peak_rss_mb": round(child["read_peak_rss_mb"]),
                         "read_extra_rss_mb": round(child["read_peak_rss_mb"]
                                                    - child["rss_before_read_mb"]),
                         "store_s": round(child["store_s"], 2)})
            print(rows[-1], flush=True)
    return {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
                       f"Python {platform.python_version()}",
            "vtt_megabytes": megabytes, "results": rows}


def _markdown(result: dict) -> str:
    lines = [f"# Import speed (one {result['vtt_megabytes']:g} MB meeting in each format)", "",
             f"Measured {result['measured_at']} on {result['machine']} with "
             "`.venv/bin/python benchmarks/import_speed.py`.", "",
             "The same synthetic meeting in every format, sized so that its WebVTT is "
             f"{result['vtt_megabytes']} MB. *Read* is `read_transcript` (decode, parse, merge "
             "cues into turns); *store* is segmenting by turn and writing one project file "
             "(no embeddings). Peak memory is the child process's peak RSS (VmHWM) after reading; "
             "*extra* is that minus the RSS before the read (Python and the libraries).", "",
             "| format | file | cues | turns | read | turns/s | cues/s | peak RSS | extra "
             "| store |", "|---|---|---|---|---|---|---|---|---|---|"]
    for row in result["results"]:
        lines.append(f"| {row['format']} | {row['file_mb']} MB | {row['cues']:,} | "
                     f"{row['turns']:,} | {row['read_s']} s | {row['turns_per_s']:,} | "
                     f"{row['cues_per_s']:,} | {row['read_peak_rss_mb']} MB | "
                     f"{row['read_extra_rss_mb']} MB | {row['store_s']} s |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the WebVTT file")
    parser.add_argument("--formats", nargs="+", default=list(WRITERS), choices=list(WRITERS))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    result = measure(args.mb, args.formats)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "import_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "import_speed.md").write_text(_markdown(result))
    print(_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
