"""A team at work on one project, on SQLite and on PostgreSQL side by side.

For each engine, on a project holding the transcripts of DATA_FOLDER (default: the
sample study) and its codebook:

- **load**: 10 coder processes record 1,000 decisions each at once, one decision per
  library call (as the Review screen's click does), while a reader process reads the
  status counts over and over; p50/p95 per decision and per read, decisions/s;
- **crossing edits**: two lead processes edit the same theme at the same moment, 40
  times; exactly one edit of each pair may win, the other must be refused
  (:class:`~coding.errors.EditConflictError`), never overwritten;
- **kill**: the 10 coders again, each process SIGKILLed mid-way; every decision the
  library acknowledged (returned from ``record_decisions``) must be stored — lost = 0 —
  and a new writer must get through at once afterwards (no lock left behind).

The PostgreSQL server is started here from Debian's binaries (tests/postgres_server.py),
with durable commits (fsync on), like the SQLite file; on the server the coders sign in
as accounts with the coder role, so the role checks are part of the measured work.

    .venv/bin/python benchmarks/team_load.py [DATA_FOLDER] [--coders 10]
        [--decisions 1000] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.codebooks import load_codebook  # noqa: E402
from coding.errors import EditConflictError  # noqa: E402
from coding.model import Action, Decision  # noqa: E402
from coding.pipeline import find_transcripts  # noqa: E402
from coding.readers import read_transcript  # noqa: E402
from coding.report.tables import status_counts  # noqa: E402
from coding.segment import segment_transcript  # noqa: E402
from coding.store import Project  # noqa: E402
from coding.store.accounts import add_user  # noqa: E402
from coding.store.copy import copy_project  # noqa: E402
from tests import postgres_server  # noqa: E402

PASSWORD = "benchmark password"
EDIT_ROUNDS = 40


def build(folder: Path, target: Path) -> None:
    with Project(target) as project:
        project.set_codebook(load_codebook(ROOT / "codebooks" / "friendtor.yaml"))
        for path in find_transcripts([folder]):
            transcript = read_transcript(path)
            project.add_transcript(transcript, segment_transcript(transcript), "turn")


# -- the processes ------------------------------------------------------------------------

def coder(address: str, account: str | None, name: str, count: int, tag: str,
          acks: str, ready: mp.Semaphore, start: mp.Event, latencies: str) -> None:
    """Record ``count`` decisions one call each; note each acknowledged one at once."""
    with Project(address, account) as project, open(acks, "a", encoding="utf-8") as log:
        segments = [s.id for s in project.segments()]
        codes = project.code_names()
        times = []
        ready.release()
        start.wait()
        for k in range(count):
            decision = Decision(segments[(k * 7 + sum(map(ord, name))) % len(segments)],
                                codes[k % len(codes)],
                                Action.CONFIRM if k % 3 else Action.REJECT, name,
                                memo=f"{tag}:{name}:{k}")
            began = time.perf_counter()
            project.record_decisions([decision])
            times.append(time.perf_counter() - began)
            log.write(f"{tag}:{name}:{k}\n")
            log.flush()  # in the kernel before the next call: survives SIGKILL
    Path(latencies).write_text(json.dumps(times))


def reader(address: str, account: str | None, stop: mp.Event, ready: mp.Semaphore,
           start: mp.Event, latencies: str) -> None:
    times = []
    with Project(address, account) as project:
        ready.release()
        start.wait()
        while not stop.is_set():
            began = time.perf_counter()
            status_counts(project)
            times.append(time.perf_counter() - began)
    Path(latencies).write_text(json.dumps(times))


def editor(address: str, account: str | None, name: str, rounds: int, barrier: mp.Barrier,
           results: str) -> None:
    """Each round: read the theme, wait for the other editor, save a change."""
    outcomes = []
    with Project(address, account) as project:
        for round_ in range(rounds):
            original = project.codebook().codes[0]
            barrier.wait(timeout=300)
            try:
                project.save_code(replace(original, definition=f"{name} round {round_}"),
                                  name, original)
                outcomes.append("saved")
            except EditConflictError:
                outcomes.append("refused")
            barrier.wait(timeout=300)
    Path(results).write_text(json.dumps(outcomes))


# -- the runs -----------------------------------------------------------------------------

def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50_ms": round(1000 * statistics.median(ordered), 2),
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 2),
            "n": len(ordered)}


def _stored(address: str, tag: str) -> list[str]:
    with Project(address) as project:
        return [d.memo for d in project.decisions() if d.memo.startswith(f"{tag}:")]


def load_run(address: str, accounts: list[str | None], count: int, work: Path,
             kill_after: float | None = None) -> dict:
    tag = f"{'kill' if kill_after else 'load'}{time.time_ns()}"
    ctx = mp.get_context("fork")  # no connection is open here; children open their own
    start, stop, ready = ctx.Event(), ctx.Event(), ctx.Semaphore(0)
    names = [account or f"coder{i}" for i, account in enumerate(accounts)]
    acks = [work / f"{tag}-{name}.acks" for name in names]
    lat = [work / f"{tag}-{name}.json" for name in names]
    coders = [ctx.Process(target=coder, args=(address, account, name, count, tag, str(ack),
                                              ready, start, str(times)))
              for account, name, ack, times in zip(accounts, names, acks, lat)]
    read = ctx.Process(target=reader, args=(address, accounts[0], stop, ready, start,
                                            str(work / f"{tag}-reader.json")))
    for process in (*coders, read):
        process.start()
    for _ in (*coders, read):  # every process has opened the project
        ready.acquire(timeout=300)
    began = time.perf_counter()
    start.set()
    if kill_after:
        time.sleep(kill_after)
        for process in coders:
            os.kill(process.pid, signal.SIGKILL)
    for process in coders:
        process.join(timeout=600)
    wall = time.perf_counter() - began
    stop.set()
    read.join(timeout=60)
    hung = [p.pid for p in (*coders, read) if p.is_alive()]
    acked = [line for ack in acks if ack.exists() for line in ack.read_text().split()]
    stored = _stored(address, tag)
    result = {"coders": len(coders), "decisions_per_coder": count, "wall_s": round(wall, 2),
              "acknowledged": len(acked), "stored": len(stored),
              "lost": len(set(acked) - set(stored)),
              "stored_twice": len(stored) - len(set(stored)), "hung_processes": hung}
    if kill_after:
        result["killed_after_s"] = kill_after
        result["unacknowledged_but_stored"] = len(set(stored) - set(acked))
        began = time.perf_counter()
        with Project(address, accounts[0]) as project:  # the locks died with the writers
            project.record_decisions([Decision(project.segments()[0].id,
                                               project.code_names()[0], Action.CONFIRM,
                                               names[0], memo="after the kill")])
        result["next_write_after_kill_ms"] = round(1000 * (time.perf_counter() - began), 1)
    else:
        times = [t for path in lat for t in json.loads(path.read_text())]
        result["decisions_per_s"] = round(len(acked) / wall, 1)
        result["decision"] = _percentiles(times)
        result["read_status_counts"] = _percentiles(
            json.loads((work / f"{tag}-reader.json").read_text()))
    return result


def edit_run(address: str, leads: list[str | None], work: Path) -> dict:
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(2)
    files = [work / f"edits-{i}.json" for i in range(2)]
    editors = [ctx.Process(target=editor, args=(address, lead, lead or f"lead{i}",
                                                EDIT_ROUNDS, barrier, str(path)))
               for i, (lead, path) in enumerate(zip(leads, files))]
    for process in editors:
        process.start()
    for process in editors:
        process.join(timeout=600)
    outcomes = list(zip(*(json.loads(path.read_text()) for path in files)))
    with Project(address) as project:
        stored = project.codebook().codes[0].definition
        edits = [e for e in project.codebook_edits() if " round " in (
            e.after.definition if e.after else "")]
    return {"rounds": len(outcomes),
            "rounds_with_one_saved_one_refused": sum(sorted(o) == ["refused", "saved"]
                                                     for o in outcomes),
            "rounds_both_saved": sum(o == ("saved", "saved") for o in outcomes),
            "edits_in_history": len(edits),
            "last_saved_is_stored": stored == edits[-1].after.definition if edits else None}


def engine_runs(address: str, accounts: list[str | None], leads: list[str | None],
                count: int, work: Path) -> dict:
    load = load_run(address, accounts, count, work)
    edits = edit_run(address, leads, work)
    kill = load_run(address, accounts, count, work, kill_after=load["wall_s"] / 2)
    return {"load": load, "crossing_edits": edits, "kill": kill}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(ROOT / "transcripts"))
    parser.add_argument("--coders", type=int, default=10)
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="team-load-"))
    sqlite_file = work / "team.sqlite"
    build(Path(args.data), sqlite_file)
    server = postgres_server.start(durable=True)
    try:
        address = server.project("team")
        copy_project(sqlite_file, address)
        coders = [f"coder{i}" for i in range(args.coders)]
        leads = ["lead0", "lead1"]
        for name in (*coders, *leads):
            add_user(server.url(), name, PASSWORD)
        with Project(address) as project:
            for name in leads:
                project.set_member(name, "lead")
            for name in coders:
                project.set_member(name, "coder")
        results = {
            "sqlite": engine_runs(str(sqlite_file), [None] * args.coders, [None, None],
                                  args.decisions, work),
            "postgresql": engine_runs(address, coders, leads, args.decisions, work)}
    finally:
        server.stop()
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "when": datetime.now(UTC).isoformat(timespec="seconds"),
                          "command": " ".join(["benchmarks/team_load.py", *sys.argv[1:]])}
    out = Path(args.out)
    (out / "team_load.json").write_text(json.dumps(results, indent=2) + "\n")
    (out / "team_load.md").write_text(report(results))
    print(report(results))


def report(results: dict) -> str:
    rows = []
    for engine in ("sqlite", "postgresql"):
        load, kill, edits = (results[engine][k] for k in ("load", "kill", "crossing_edits"))
        rows.append(
            f"| {engine} | {load['decisions_per_s']} | {load['decision']['p50_ms']} | "
            f"{load['decision']['p95_ms']} | {load['read_status_counts']['p50_ms']} / "
            f"{load['read_status_counts']['p95_ms']} | {load['lost']} | "
            f"{kill['acknowledged']} / {kill['stored']} / {kill['lost']} | "
            f"{kill['next_write_after_kill_ms']} | "
            f"{edits['rounds_with_one_saved_one_refused']}/{edits['rounds']} "
            f"(both saved: {edits['rounds_both_saved']}) | "
            f"{len(load['hung_processes']) + len(kill['hung_processes'])} |")
    machine = results["machine"]
    return (f"# Team load: {results['sqlite']['load']['coders']} coders × "
            f"{results['sqlite']['load']['decisions_per_coder']:,} decisions at once, "
            f"with a reader\n\n`{machine['command']}` — {machine['when']}, "
            f"{machine['cpus']} CPUs (shared), Python {machine['python']}. PostgreSQL 15 with "
            "fsync on, on a unix socket; SQLite in WAL mode. One decision per library call "
            "(open transaction, check, append, commit).\n\n"
            "| engine | decisions/s | p50 ms | p95 ms | reader p50 / p95 ms | lost | "
            "SIGKILL run: acknowledged / stored / lost | next write after kill, ms | "
            "crossing edits: one saved, one refused | hung processes |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
