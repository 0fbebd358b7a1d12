"""Render the synthetic sample study (scripts/sample_study/*.yaml) as real export formats.

Each YAML holds one meeting's turns with the codes its author intended (used as the gold
standard by benchmarks/threshold.py). This script writes them the way Zoom (WebVTT, cues
split mid-sentence), a plain 'Name: text' file and Otter ('Name  0:03' headings) do, with
deterministic times at a natural speaking rate, plus transcripts/manifest.csv.

    python scripts/render_sample_study.py            # writes transcripts/
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "scripts" / "sample_study"
OUT = ROOT / "transcripts"
WORDS_PER_SECOND = 2.6
NOTICE = ("SYNTHETIC TRANSCRIPT: invented people and events, written as sample data for "
          "focus-coding. Not a real meeting.")


def timed_turns(turns: list[dict], seed: int) -> list[tuple[dict, float, float]]:
    chooser = random.Random(seed)
    clock = chooser.uniform(2, 6)
    timed = []
    for turn in turns:
        duration = max(0.8, len(turn["text"].split()) / WORDS_PER_SECOND)
        timed.append((turn, clock, clock + duration))
        clock += duration + chooser.uniform(0.3, 1.5)
    return timed


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    return (f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:"
            f"{millis // 1000 % 60:02d}.{millis % 1000:03d}")


def otter_time(seconds: float) -> str:
    whole = int(seconds)
    if whole >= 3600:
        return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    return f"{whole // 60}:{whole % 60:02d}"


def render_vtt(meeting: dict, seed: int) -> str:
    chooser = random.Random(seed + 1)
    lines = ["WEBVTT", "", f"NOTE {NOTICE}", ""]
    number = 0
    for turn, start, end in timed_turns(meeting["turns"], seed):
        words = turn["text"].split()
        position = 0
        while position < len(words):
            size = chooser.randint(7, 16)
            chunk = words[position:position + size]
            share_start = position / len(words)
            share_end = min(len(words), position + size) / len(words)
            number += 1
            lines += [str(number),
                      f"{vtt_time(start + share_start * (end - start))} --> "
                      f"{vtt_time(start + share_end * (end - start))}",
                      f"{turn['speaker']}: {' '.join(chunk)}", ""]
            position += size
    return "\n".join(lines)


def render_plain(meeting: dict, seed: int) -> str:
    return "\n\n".join(f"{turn['speaker']}: {turn['text']}" for turn in meeting["turns"]) + "\n"


def render_otter(meeting: dict, seed: int) -> str:
    blocks = [f"{turn['speaker']}  {otter_time(start)}\n{turn['text']}"
              for turn, start, _ in timed_turns(meeting["turns"], seed)]
    return "\n\n".join(blocks) + "\n"


RENDERERS = {"zoom_vtt": render_vtt, "plain": render_plain, "otter": render_otter}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    rows = []
    for seed, source in enumerate(sorted(SOURCE.glob("*.yaml"))):
        meeting = yaml.safe_load(source.read_text(encoding="utf-8"))
        render = RENDERERS[meeting["format"]]
        (OUT / meeting["file"]).write_text(render(meeting, seed), encoding="utf-8")
        rows.append({"file": meeting["file"], "meeting": meeting["meeting"],
                     "date": meeting["date"], "title": meeting["title"]})
    with (OUT / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "meeting", "date", "title"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} transcripts and manifest.csv to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
