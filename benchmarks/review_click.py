"""The review click on a 10,000-segment project: decision → store write → page redrawn.

Builds a project of about 10,000 segments (the sample study's meetings repeated with
distinct file contents), then measures:

- write: one click's library work as the app's callback does it (open the project file,
  check and append the decision, commit) — goal ≤ 100 ms p95;
- fragment data: what the cards fragment reads after a click (counter over all pairs and
  the cards of one page);
- browser redraw: in headless Chromium, from the click on "Confirm" until the counter on
  screen shows the new count — the fragment rerun the app uses — against the baseline of
  a full-page rerun ("Refresh the list", what every click would cost without fragments).

    .venv/bin/python benchmarks/review_click.py [--segments 10000] [--clicks 40]
        [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.model import Action, Status  # noqa: E402
from coding.pipeline import run_pipeline  # noqa: E402
from coding.review.cards import (  # noqa: E402
    ReviewFilter,
    decide,
    find_segments,
    review_counts,
    segment_cards,  # noqa: E402
)
from coding.store import Project  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"n": len(ordered), "p50_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * pick(0.95), 1), "max_ms": round(1000 * ordered[-1], 1)}


def build_project(folder: Path, segments: int) -> Path:
    """Copies of the sample meetings, each made distinct, until ``segments`` is reached."""
    sources = sorted((ROOT / "transcripts").glob("*.txt")) + sorted(
        (ROOT / "transcripts").glob("*.vtt"))
    per_round = 569  # segments in one pass over the sample study
    transcripts = folder / "transcripts"
    transcripts.mkdir()
    for copy in range(-(-segments // per_round)):
        for source in sources:
            text = source.read_text(encoding="utf-8")
            target = transcripts / f"copy{copy:02d}_{source.name}"
            # Trailing blank lines make the file's bytes (its id) new; the turns stay the same.
            target.write_text(text.rstrip("\n") + "\n" * (copy + 1), encoding="utf-8")
    project = folder / "projects" / "bench.sqlite"
    report = run_pipeline([transcripts], ROOT / "codebooks" / "friendtor.yaml", project)
    print(f"project: {report.segments:,} segments, {report.suggestions:,} suggestions, "
          f"{len(report.skipped)} skipped, built in {report.timings['total_s']} s")
    return project


def measure_writes(project: Path, clicks: int) -> dict:
    with Project(project) as store:
        pairs = [(card.id, theme.code) for card in segment_cards(
            store, find_segments(store, ReviewFilter())[:clicks * 2])
            for theme in card.themes if theme.status == Status.PENDING]
    random.Random(0).shuffle(pairs)
    samples = []
    for segment_id, code in pairs[:clicks]:
        clock = time.perf_counter()
        with Project(project) as store:
            decide(store, segment_id, code, Action.CONFIRM, "bench")
        samples.append(time.perf_counter() - clock)
    return percentiles(samples)


def measure_fragment_reads(project: Path, repeats: int, page_size: int) -> dict:
    with Project(project) as store:
        ids = find_segments(store, ReviewFilter())[:page_size]
    counts, cards = [], []
    for _ in range(repeats):
        with Project(project) as store:
            clock = time.perf_counter()
            review_counts(store)
            middle = time.perf_counter()
            segment_cards(store, ids)
            counts.append(middle - clock)
            cards.append(time.perf_counter() - middle)
    started = time.perf_counter()
    with Project(project) as store:
        find_segments(store, ReviewFilter())
    return {"counter": percentiles(counts), f"cards_{page_size}": percentiles(cards),
            "find_segments_ms": round(1000 * (time.perf_counter() - started), 1)}


_FLOOR_APP = """
import streamlit as st
st.session_state.setdefault("left", 10_000)
def confirm():
    st.session_state["left"] -= 1
st.button("Confirm", on_click=confirm)
st.write(f"{st.session_state['left']} suggestions left to review")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def _start(script: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script),
                               "--server.port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    return server, url


def measure_floor(clicks: int) -> dict:
    """The same click on a one-button Streamlit app: the cost of any rerun on this
    machine, whatever the app does."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text(_FLOOR_APP)
        server, url = _start(script, dict(os.environ))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                     args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url)
                counter = page.get_by_text(re.compile(r"suggestions left to review"))
                counter.wait_for(timeout=60_000)
                samples = [_click(page, counter)[1] for _ in range(clicks)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return percentiles(samples)


def measure_browser(project: Path, clicks: int) -> dict:
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "FOCUS_CODING_HOME": str(project.parent)}
    server, url = _start(ROOT / "app.py", env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/review?project={project.stem}&coder=bench")
            counter = page.get_by_text(re.compile(r"suggestions left to review"))
            counter.wait_for(timeout=120_000)
            results = {}
            for size in (10, 20):
                _choose_page_size(page, size)
                clicks_here = [_click(page, counter) for _ in range(clicks)]
                results[f"fragment_rerun_{size}_cards"] = {
                    "counter_updated": percentiles([c[0] for c in clicks_here]),
                    "all_cards_redrawn": percentiles([c[1] for c in clicks_here])}
                full = [_refresh(page) for _ in range(max(5, clicks // 4))]
                results[f"baseline_full_page_rerun_{size}_cards"] = percentiles(full)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results


_SETTLED = ("() => !document.querySelector('[data-stale=\"true\"]') && "
            "!document.querySelector('[data-testid=\"stStatusWidget\"]')")


def _choose_page_size(page, size: int) -> None:
    page.get_by_label("Segments per page").click()
    page.keyboard.type(str(size))
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"Page \d+ of")).wait_for()
    page.wait_for_function(_SETTLED, polling=5, timeout=30_000)
    time.sleep(1)


def _click(page, counter) -> tuple[float, float]:
    """Seconds from the click on the first enabled Confirm until the counter shows the
    new count, and until no element on the page is still being redrawn."""
    button = page.get_by_role("button", name="Confirm").and_(page.locator(":enabled"))
    if button.count() == 0:  # every suggestion on this page is decided: load the next ones
        _refresh(page)
    button = button.first
    before = counter.inner_text()
    clock = time.perf_counter()
    button.click()
    page.wait_for_function("([text]) => !document.body.innerText.includes(text)",
                           arg=[before], polling=5, timeout=30_000)
    counted = time.perf_counter() - clock
    page.wait_for_function(_SETTLED, polling=5, timeout=30_000)
    settled = time.perf_counter() - clock
    time.sleep(0.3)  # a researcher reads before the next click
    return counted, settled


def _refresh(page) -> float:
    """A full-page rerun: every element of the screen is sent and redrawn."""
    clock = time.perf_counter()
    page.get_by_role("button", name="Refresh the list").click()
    page.wait_for_function("() => !!document.querySelector('[data-stale=\"true\"]')",
                           polling=5, timeout=30_000)
    page.wait_for_function(_SETTLED, polling=5, timeout=30_000)
    elapsed = time.perf_counter() - clock
    time.sleep(0.3)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--clicks", type=int, default=40)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = build_project(Path(folder), args.segments)
        with Project(project) as store:
            counts = store.record_counts()
            size = {"segments": counts["segments"], "suggestions": counts["suggestions"]}
        result = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                  "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                  "project": size,
                  "write": measure_writes(project, 200),
                  "fragment_reads": measure_fragment_reads(project, 50, 20),
                  "browser": measure_browser(project, args.clicks),
                  "browser_floor_one_button_app": measure_floor(args.clicks)}
        with Project(project) as store:
            result["project"]["decisions_after"] = len(store.decisions())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "review_click.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
