"""Shared fixtures: small real inputs, real SQLite files, the real bundled model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coding.config import Settings
from coding.embed import Embedder
from coding.pipeline import run_pipeline
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_TRANSCRIPTS = ROOT / "transcripts"
SAMPLE_CODEBOOK = ROOT / "codebooks" / "friendtor.yaml"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def small_codebook() -> Path:
    return DATA / "codebook_small.yaml"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Where a fresh project file will be created."""
    return tmp_path / "project.sqlite"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2, uncached."""
    return Embedder()


@pytest.fixture(scope="session")
def fake_embedder() -> FakeEmbedder:
    """Bag-of-words vectors in place of the sentence model (tests/fakes.py)."""
    return FakeEmbedder()


@pytest.fixture(scope="session")
def sample_project_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample study run through the pipeline once per test session (read-only)."""
    path = tmp_path_factory.mktemp("sample") / "friendtor.sqlite"
    run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, path, Settings())
    return path


@pytest.fixture
def sample_project(sample_project_once: Path, tmp_path: Path) -> Path:
    """A private copy of the sample-study project that a test may change."""
    return _private_copy(sample_project_once, tmp_path)


# -- participants ---------------------------------------------------------------------

def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def two_meetings(tmp_path: Path) -> Path:
    """Two transcripts that write Jane Smith three ways and mention people in the text."""
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "2025-01-15_meeting01.txt", [
        "Dr. Jane Smith: I have been setting boundaries with my pager on weekends.",
        "Ben Kowalski: Jane's boundary idea worked for me too, I turn it off at six.",
        "Dr. Jane Smith: Ben, that is burnout prevention in practice at St Mary's Hospice."])
    _write(folder, "2025-02-12_meeting02.txt", [
        "JANE SMITH (she/her): Our team celebrated a milestone this month.",
        "Jane: Sorry, my video froze. We finished the palliative care audit.",
        "Ben Kowalski: Congratulations Smith, that audit took a whole year with Dr. Okafor."])
    return folder


# -- the app ------------------------------------------------------------------------------

APP = ROOT / "app.py"


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty projects folder that the app uses instead of the user's own."""
    home = tmp_path / "projects"
    home.mkdir()
    monkeypatch.setenv("FOCUS_CODING_HOME", str(home))
    return home


@pytest.fixture
def app_with_sample(app_home: Path, sample_project_once: Path):
    """The app with the coded sample study open and the coder Ana signed in."""
    from streamlit.testing.v1 import AppTest

    shutil.copy(sample_project_once, app_home / "sample study.sqlite")
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["project"] = "sample study"
    app.query_params["coder"] = "Ana"
    return app, app_home / "sample study.sqlite"


# -- importing bad files ------------------------------------------------------------------


@pytest.fixture(scope="session")
def imported_project_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding one good transcript (zoom_small.vtt) and no codebook."""
    from coding.pipeline import import_uploads

    path = tmp_path_factory.mktemp("imported") / "project.sqlite"
    import_uploads([("zoom_small.vtt", (DATA / "zoom_small.vtt").read_bytes())], None, path)
    return path


@pytest.fixture
def imported_project(imported_project_once: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`imported_project_once` that a test may change."""
    return _private_copy(imported_project_once, tmp_path)


@pytest.fixture
def project_tables():
    """Every row of every table of a project file, to compare before and after.

    The ``runs`` table is left out: each import attempt is logged there, refused or not."""
    from coding.store import Project

    def snapshot(path: Path) -> dict[str, list[tuple]]:
        with Project(path) as project:
            names = [row[0] for row in project.rows(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                "'sqlite_%' AND name != 'runs' ORDER BY name")]
            return {name: sorted((tuple(row) for row in project.rows(f'SELECT * FROM "{name}"')),
                           key=repr) for name in names}

    return snapshot


def _private_copy(project: Path, folder: Path) -> Path:
    """``project`` copied into ``folder`` under its own name, for one test to change."""
    copy = folder / project.name
    shutil.copy(project, copy)
    return copy
