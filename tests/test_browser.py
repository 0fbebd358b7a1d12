"""The app in a real headless Chromium: upload → review → export, with screenshots.

Screenshots of each screen are saved in ``artifacts/screens/`` for a person to look at.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # a real browser and a real app server (the real model too)

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENS = ROOT / "artifacts" / "screens"
LONG = 180_000  # ms: the first run in a fresh process loads the language model


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {**os.environ, "FOCUS_CODING_HOME": str(tmp_path / "projects")}
    # The log goes to a file: a pipe nobody reads fills up and stalls the server.
    log = tmp_path / "streamlit.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    url = f"http://localhost:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "install Debian chromium: apt-get install chromium"
    SCREENS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      accept_downloads=True)
        yield context.new_page()
        browser.close()


def _shot(page, name: str) -> None:
    time.sleep(1)  # let the last frame paint
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def _idle(page) -> None:
    """Wait for the script run a widget started to finish: a click that lands while the
    server is still rerunning for an upload can be lost on a busy machine."""
    time.sleep(0.5)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=LONG)


def test_upload_review_and_export_in_a_real_browser(server, page, data_dir):
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/?coder=Ana")
    # The first screen says what the tool does and the order of work.
    page.get_by_role("button", name="Try the sample study").wait_for(timeout=LONG)
    page.get_by_text("The order of work").wait_for()
    _shot(page, "0-first")
    page.get_by_role("tab", name="New project").click()
    page.get_by_label("Name of the new project").fill("browser study")
    page.get_by_role("button", name="Create project").click()
    page.get_by_text("Add transcripts").wait_for(timeout=LONG)

    uploads = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploads.first.set_input_files([data_dir / "zoom_small.vtt", data_dir / "plain_small.txt"])
    page.get_by_text("plain_small.txt").first.wait_for()
    page.get_by_text("Upload a codebook").click()
    page.get_by_text("Codebook (.yaml or .csv)").wait_for()
    uploads.nth(1).set_input_files(data_dir / "codebook_small.yaml")
    page.get_by_text("codebook_small.yaml").wait_for()
    _idle(page)
    page.get_by_role("button", name="Import and suggest themes").click()
    page.get_by_text("Imported 2 transcripts;").wait_for(timeout=LONG)
    _shot(page, "1-project")

    page.get_by_role("link", name="Next: review the suggested themes").click()
    page.get_by_text("left to review").first.wait_for(timeout=LONG)
    page.get_by_role("button", name="Confirm").first.click()  # the keyboard bar's (Y)
    page.get_by_text("1 confirmed").wait_for(timeout=LONG)
    page.get_by_role("heading", name="Review").click()  # the page has the keyboard's focus
    page.keyboard.press("u")
    page.get_by_text("Undone: confirmed").wait_for(timeout=LONG)
    page.get_by_text("0 confirmed").wait_for(timeout=LONG)
    _idle(page)
    page.keyboard.press("y")
    page.get_by_text("1 confirmed").wait_for(timeout=LONG)
    _idle(page)
    page.get_by_text("Before and after").first.click()
    _shot(page, "2-review")

    page.get_by_role("link", name="Codebook").click()
    page.get_by_text("History of edits").wait_for(timeout=LONG)
    _shot(page, "3-codebook")

    page.get_by_role("link", name="Export").click()
    page.get_by_role("button", name="theme_table.csv").wait_for(timeout=LONG)
    _idle(page)  # the table is still being built on a busy machine
    with page.expect_download() as download:
        page.get_by_role("button", name="theme_table.csv").click()
    rows = list(csv.DictReader(io.StringIO(
        Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert sum(int(row["Segments (n)"]) for row in rows) == 1
    page.get_by_text("Include suggestions not yet reviewed").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=LONG)
    _shot(page, "4-export")
    # Nothing leaves the machine: every request the page made went to the app itself.
    foreign = sorted({url for url in requested
                      if not url.startswith((server, "data:", "blob:", "about:"))})
    assert foreign == []


def test_a_coders_downloaded_package_imports_into_the_master(server, page, tmp_path, data_dir,
                                                             fake_embedder):
    """The download is a package the master takes (AppTest cannot fetch a download)."""
    import json

    from playwright.sync_api import expect

    from coding.model import Action, Decision
    from coding.uploads import import_uploads
    from coding.store import Project

    master = tmp_path / "projects" / "team.sqlite"
    import_uploads([("zoom_small.vtt", (data_dir / "zoom_small.vtt").read_bytes())], None,
                   master, embedder=fake_embedder)
    with Project(master) as project:
        project.record_decisions([Decision(project.segment_ids()[0], "", Action.MEMO,
                                           coder="Ana", memo="ask Ben about this")])
    page.goto(f"{server}/packages?project=team&coder=Ana")
    button = page.get_by_role("button", name="Download my decisions and memos (Ana)")
    button.wait_for(timeout=LONG)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "team-Ana.package.json"
    package = Path(download.value.path())
    assert [d["memo"] for d in json.loads(package.read_text(encoding="utf-8"))["decisions"]
            ] == ["ask Ben about this"]
    shown = tmp_path / "team-Ana.package.json"
    shown.write_bytes(package.read_bytes())
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(shown)
    importing = page.get_by_role("button", name="Import packages")
    expect(importing).to_be_enabled(timeout=LONG)  # the upload has arrived
    _idle(page)
    importing.click()
    page.get_by_text("1 already in the project").wait_for(timeout=LONG)
    _idle(page)
    _shot(page, "5-coder-packages")
