"""Shared fixtures: small real inputs, real SQLite files, a fake and the real model.

Two tiers:

    pytest -m "not slow"    the fast loop (under a minute): the sentence model is faked
    pytest                  everything, the real model too (what CI and `make test` run)

Fast tests embed with :class:`tests.fakes.FakeEmbedder` (hashed bag-of-words vectors,
no torch): library calls get it as ``embedder=fake_embedder``; the app and the command
line, which make their own, get it through ``fake_default_embedder`` (it swaps
``coding.embed.default_embedder``); the sample study (``sample_project``) is built with
it. A test whose assertion needs the real model's sense of meaning is marked
``@pytest.mark.slow`` and uses ``embedder``, ``sample_project_real`` or the library's
default embedder. Two checks keep the tiers honest: a test that uses a real-model
fixture must be marked slow (checked at collection), and a fast test that loads the real
model fails (``_no_real_model_in_fast_tests``).
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import threadpoolctl

import coding.embed
from coding.config import ONNX, Settings
from coding.embed import Embedder
from coding.pipeline import run_pipeline
from tests import postgres_server
from tests.fakes import FakeEmbedder

# One BLAS thread: numpy's OpenBLAS threads fight each other (and torch's) on a small,
# busy machine, and the tests' matrices are small. A theme fit took 18 s with two
# threads on two busy cores, 1-2 s with one.
threadpoolctl.threadpool_limits(1, user_api="blas")

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


# -- one store, two engines ----------------------------------------------------------------
#
# A test that takes ``project_address`` (a new project) or ``sample_store`` (the sample
# study) runs twice: on a SQLite file and on a project of a real PostgreSQL server,
# started once per session from Debian's binaries (tests/postgres_server.py). If it
# cannot start, those tests fail with the reason; they are never skipped.

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine in turn (the test runs once per engine)."""
    return request.param


@pytest.fixture(scope="session")
def postgres() -> postgres_server.Server:
    """A PostgreSQL server in a temporary folder, for the whole session."""
    try:
        server = postgres_server.start()
    except postgres_server.ServerError as error:
        pytest.fail(f"PostgreSQL did not start for the tests: {error}", pytrace=False)
    yield server
    server.stop()


def new_project_address(engine: str, folder: Path,
                        request: pytest.FixtureRequest) -> str | Path:
    if engine == "sqlite":
        return folder / f"project_{uuid.uuid4().hex[:8]}.sqlite"
    server = request.getfixturevalue("postgres")
    return server.project(f"test_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def project_address(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where a new project will be made: a SQLite file, then a project on the server."""
    return new_project_address(engine, tmp_path, request)


@pytest.fixture
def sample_store(engine: str, sample_project_once: Path, tmp_path: Path,
                 request: pytest.FixtureRequest) -> str | Path:
    """A private copy of the (fake-embedded) sample study, on each engine in turn."""
    if engine == "sqlite":
        return private_copy(sample_project_once, tmp_path)
    from coding.store.copy import copy_project

    address = new_project_address(engine, tmp_path, request)
    copy_project(sample_project_once, address)
    return address


# -- accounts and roles on the server ---------------------------------------------------------

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def people(postgres: postgres_server.Server) -> dict[str, str]:
    """Accounts on the test server (names made unique: accounts belong to the server)."""
    tag = uuid.uuid4().hex[:6]
    names = {role: f"{role}_{tag}" for role in ("lead", "coder", "viewer", "stranger",
                                                   "gone")}
    from coding.store.accounts import add_user, disable_user

    for name in names.values():
        add_user(postgres.url(), name, PASSWORD)
    disable_user(postgres.url(), names["gone"])
    return names


@pytest.fixture
def team_project(postgres: postgres_server.Server, people: dict[str, str],
                 sample_project_once: Path) -> str:
    """The sample study on the server with a lead, a coder, a viewer and a disabled
    member, set up through the command line as an administrator would."""
    from coding.cli import main
    from coding.store.copy import copy_project

    address = postgres.project(f"team_{uuid.uuid4().hex[:8]}")
    copy_project(sample_project_once, address)
    for role in ("lead", "coder", "viewer"):
        assert main(["members", "add", people[role], "--role", role,
                     "--project", address]) == 0
    return address



# -- the two tiers -------------------------------------------------------------------------

#: Fixtures that load the real sentence model: only tests marked slow may use them.
REAL_MODEL_FIXTURES = frozenset({"embedder", "sample_project_real_once", "sample_project_real"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [f"{item.nodeid} uses {', '.join(sorted(REAL_MODEL_FIXTURES & set(names)))}"
                for item in items
                if REAL_MODEL_FIXTURES & set(names := getattr(item, "fixturenames", ()))
                and item.get_closest_marker("slow") is None]
    if unmarked:
        raise pytest.UsageError("these tests use the real sentence model but are not marked "
                                "@pytest.mark.slow:\n  " + "\n  ".join(unmarked))


@pytest.fixture(autouse=True)
def _no_real_model_in_fast_tests(request: pytest.FixtureRequest,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """In a test not marked slow, loading the real model is a failure, not a slowdown."""
    if request.node.get_closest_marker("slow") is not None:
        return

    def refuse(name: str = coding.embed.DEFAULT_MODEL, runtime: str = ONNX) -> None:
        pytest.fail(f"a fast test loaded the sentence model {name!r}: pass "
                    "embedder=fake_embedder (or use fake_default_embedder), or mark the test "
                    "@pytest.mark.slow", pytrace=False)

    refuse.__wrapped__ = coding.embed.load_model.__wrapped__  # tests of the loader itself
    monkeypatch.setattr(coding.embed, "load_model", refuse)


@pytest.fixture(scope="session")
def fake_embedder() -> FakeEmbedder:
    """Bag-of-words vectors in place of the sentence model (tests/fakes.py)."""
    return FakeEmbedder()


@pytest.fixture
def fake_default_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake wherever the library makes its own embedder: the app, the command line."""
    monkeypatch.setattr(coding.embed, "default_embedder",
                        lambda settings: FakeEmbedder(batch_size=settings.batch_size))


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2, uncached (slow tests only)."""
    return Embedder()


def _sample_study(path: Path, embedder: Embedder | None) -> Path:
    run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, path, Settings(), embedder=embedder)
    return path


@pytest.fixture(scope="session")
def sample_project_once(tmp_path_factory: pytest.TempPathFactory,
                        fake_embedder: FakeEmbedder) -> Path:
    """The sample study run through the pipeline with the fake embedder, once per test
    session (read-only)."""
    return _sample_study(tmp_path_factory.mktemp("sample") / "friendtor.sqlite", fake_embedder)


@pytest.fixture
def sample_project(sample_project_once: Path, tmp_path: Path) -> Path:
    """A private copy of the (fake-embedded) sample-study project that a test may change."""
    return private_copy(sample_project_once, tmp_path)


@pytest.fixture(scope="session")
def sample_project_real_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample study run through the pipeline with the real model (slow tests only)."""
    return _sample_study(tmp_path_factory.mktemp("sample_real") / "friendtor.sqlite", None)


@pytest.fixture
def sample_project_real(sample_project_real_once: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`sample_project_real_once` that a test may change."""
    return private_copy(sample_project_real_once, tmp_path)


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
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             fake_default_embedder: None) -> Path:
    """An empty projects folder that the app uses instead of the user's own; the app
    embeds with the fake."""
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
def imported_project_once(tmp_path_factory: pytest.TempPathFactory,
                          fake_embedder: FakeEmbedder) -> Path:
    """A project holding one good transcript (zoom_small.vtt) and no codebook."""
    from coding.uploads import import_uploads

    path = tmp_path_factory.mktemp("imported") / "project.sqlite"
    import_uploads([("zoom_small.vtt", (DATA / "zoom_small.vtt").read_bytes())], None, path,
                   embedder=fake_embedder)
    return path


@pytest.fixture
def imported_project(imported_project_once: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`imported_project_once` that a test may change."""
    return private_copy(imported_project_once, tmp_path)


@pytest.fixture
def project_tables():
    """Every row of every table of a project file, to compare before and after.

    The ``runs`` table is left out, and ``meta``'s pointer to the newest run: each import
    attempt is logged there, refused or not."""
    from coding.store import Project
    from coding.store.sql_parts import NEWEST_RUN

    def snapshot(path: Path) -> dict[str, list[tuple]]:
        with Project(path) as project:
            return {name: sorted((tuple(row) for row in project.table_rows(name)
                                  if name != "meta" or row[0] != NEWEST_RUN), key=repr)
                    for name in project.table_names() if name != "runs"}

    return snapshot


def private_copy(project: Path, folder: Path) -> Path:
    """``project`` copied into ``folder`` under its own name, for one test to change."""
    copy = folder / project.name
    shutil.copy(project, copy)
    return copy
