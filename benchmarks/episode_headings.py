"""Episode headings a person would read: on the sample study and a few AMI meetings.

    nice -n 15 .venv/bin/python benchmarks/episode_headings.py ../shared/data/meetings \\
        [--cache COPY_OF_THE_EVAL_CACHE] [--before main]

Episodes are found as the import finds them (:func:`coding.topical.episodes_for`, the
shipped boundary model, the real sentence model), then headed twice in the same run:
*before* by ``episode_labels`` as it is at the git revision ``--before`` (read from git,
not from the work tree), *after* by this tree's. Per corpus:

* **label_quality**: the share of heading words that are names (the participants' and
  speakers' labels), months, weekdays, fillers or numbers
  (:func:`coding.evaluate.themes.label_quality`); target 0;
* **multi_word**: the share of headings holding at least one phrase of two or more words;
* **phrases**, **words**: mean phrases and words per heading (a heading is read at a
  glance: two short phrases, not a list).

The headings themselves are written out, for reading.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import types
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from coding.cli.common import eval_cache
from coding.embed import Embedder
from coding.evaluate.segmentation import load_meetings
from coding.evaluate.themes import label_quality
from coding.model import Turn
from coding.readers import read_transcript
from coding.store import Project
from coding.talk import name_words, words
from coding.topical import episode_labels, episodes_for

ROOT = Path(__file__).resolve().parents[1]
#: A few AMI meetings: two of each scenario series (ES, IS, TS) and a non-scenario one.
AMI = ("ES2002a", "ES2008b", "IS1000a", "IS1004c", "TS3005b", "TS3010c", "IB4003")
Labeller = Callable[..., list[str]]


def labeller_at(revision: str) -> Labeller:
    """``episode_labels`` as the file ``coding/topical.py`` is at ``revision``."""
    source = subprocess.run(["git", "show", f"{revision}:coding/topical.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    module = types.ModuleType("topical_before")
    module.__file__ = str(ROOT / "coding" / "topical.py")  # where it finds its model file
    sys.modules[module.__name__] = module  # its dataclasses look themselves up there
    exec(compile(source, f"{revision}:coding/topical.py", "exec"), module.__dict__)
    return module.episode_labels


def sample_meetings() -> tuple[dict[str, list[Turn]], set[str]]:
    """The sample study's transcripts, and every word of its participants' names."""
    folder = ROOT / "transcripts"
    meetings = {path.name: list(read_transcript(path).turns)
                for path in sorted(folder.iterdir()) if path.suffix in (".vtt", ".txt")}
    people = pd.read_csv(folder / "participants.csv")["participant"].tolist()
    return meetings, name_words(set(people))


def ami_meetings(folder: Path) -> dict[str, list[Turn]]:
    chosen = [m for m in load_meetings(folder) if m.id in AMI]
    return {m.id: [Turn(index=i, speaker=speaker, text=text, start=start, end=end)
                   for i, (text, speaker, start, end) in enumerate(zip(
                       m.texts, m.speakers, m.starts or [None] * len(m.texts),
                       m.ends or [None] * len(m.texts)))]
            for m in chosen}


def headings(meetings: dict[str, list[Turn]], names: set[str], embedder: Embedder,
             labellers: dict[str, Labeller]) -> dict[str, list[dict[str, object]]]:
    """Per meeting, each episode's turns and its heading by each labeller."""
    found: dict[str, list[dict[str, object]]] = {}
    for name, turns in meetings.items():
        episodes = episodes_for(name, turns, embedder.encode([t.text for t in turns]),
                                names=names)
        known = name_words({*names, *(t.speaker for t in turns)})
        texts = [" ".join(t.text for t in turns[e.start_turn:e.end_turn + 1])
                 for e in episodes]
        labels = {kind: label(texts, names=known) for kind, label in labellers.items()}
        found[name] = [{"turns": [e.start_turn, e.end_turn],
                        **{kind: labels[kind][i] for kind in labellers}}
                       for i, e in enumerate(episodes)]
    return found


def measure(labels: Sequence[str], names: set[str]) -> dict[str, float]:
    phrases = [[p for p in label.split(" · ") if p] for label in labels]
    return {"headings": len(labels), "label_quality": label_quality(list(labels), names),
            "multi_word": round(float(np.mean([any(" " in p for p in ps) for ps in phrases])), 4),
            "phrases": round(float(np.mean([len(ps) for ps in phrases])), 2),
            "words": round(float(np.mean([len(words(label)) for label in labels])), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meetings", help="folder of AMI meetings (../shared/data/meetings)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    parser.add_argument("--cache", type=Path, default=None,
                        help="embedding cache file (default: the evaluations' cache)")
    parser.add_argument("--before", default="main", help="git revision of the 'before'")
    args = parser.parse_args()
    labellers = {"before": labeller_at(args.before), "after": episode_labels}
    sample, people = sample_meetings()
    with Project(args.cache or eval_cache()) as cache:
        embedder = Embedder(cache=cache)
        corpora = {corpus: (headings(meetings, names, embedder, labellers),
                            name_words({*names, *(t.speaker for turns in meetings.values()
                                                  for t in turns)}))
                   for corpus, (meetings, names) in (
                       ("sample study", (sample, people)),
                       ("AMI", (ami_meetings(Path(args.meetings)), set())))}
    report: dict[str, object] = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                 "before": args.before, "corpora": {}}
    lines = ["# Episode headings", "", f"{report['measured_at']}; before = `episode_labels` "
             f"at `{args.before}`, after = this tree; the same episodes (shipped boundary "
             "model, real sentence model). label_quality: share of heading words that are "
             "names, months, weekdays, fillers or numbers (target 0); multi_word: share of "
             "headings with a phrase of two or more words. Names are those the product "
             "knows: the sample study's participants and every speaker label; AMI labels "
             "its speakers A–D, so a first name said in an AMI meeting (\"andrew and "
             "craig\") is not known as one and not counted.", "",
             "| corpus | labels | headings | label_quality | multi_word | phrases | words |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for corpus, (found, names) in corpora.items():
        rows = [episode for episodes in found.values() for episode in episodes]
        scores = {kind: measure([str(r[kind]) for r in rows], names)
                  for kind in labellers}
        report["corpora"][corpus] = {"scores": scores, "headings": found}
        lines += [f"| {corpus} | {kind} | " + " | ".join(str(s[k]) for k in (
            "headings", "label_quality", "multi_word", "phrases", "words")) + " |"
            for kind, s in scores.items()]
    lines += ["", "## The headings", "", "| corpus | meeting | turns | before | after |",
              "|---|---|---|---|---|"]
    for corpus, (found, _) in corpora.items():
        lines += [f"| {corpus} | {meeting} | {r['turns'][0]}–{r['turns'][1]} | {r['before']} "
                  f"| {r['after']} |" for meeting, rows in found.items() for r in rows]
    out = Path(args.out)
    (out / "episode_headings.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "episode_headings.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
