"""What the command-line modules share: the project option, progress bars, the cache."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coding.errors import ProjectError
from coding.store import exists as project_exists

DEFAULT_PROJECT = "project.sqlite"


def eval_cache() -> Path:
    """Where evaluations keep sentence embeddings between runs."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("focus-coding")) / "eval-embeddings.sqlite"


def project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", default=DEFAULT_PROJECT,
                        help="project: a SQLite file, or postgresql://USER@HOST/DATABASE/PROJECT "
                             "on a team server (default: %(default)s)")


def require_project(project: str) -> None:
    if not project_exists(project):
        raise ProjectError("project file not found.", path=project,
                           fix="run 'coding run' first, or pass --project.")


class ProgressBars:
    """One tqdm bar per pipeline step, on stderr, one at a time: a step's bar closes
    when the next step starts, so bars never nest or garble each other."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.step = ""
        self.bar: object | None = None

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def update(self, step: str, done: int, total: int, detail: str = "") -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        from coding.progress import STEP_NAMES

        if step != self.step or self.bar is None:
            self._close()
            self.step = step
            self.bar = tqdm(total=total, desc=STEP_NAMES.get(step, step), unit="item",
                            file=sys.stderr, leave=True, dynamic_ncols=True)
        self.bar.total = total
        self.bar.n = done
        self.bar.set_postfix_str(detail, refresh=False)
        self.bar.refresh()
