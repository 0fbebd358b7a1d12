"""What the command-line modules share: the project option, progress bars, the cache."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coding.errors import ProjectError
from coding.store import exists as project_exists

DEFAULT_PROJECT = "project.sqlite"
STAGES = {"import": "Reading transcripts", "episodes": "Finding topical episodes",
          "embed": "Embedding segments", "suggest": "Suggesting themes"}


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
    """One tqdm bar per pipeline stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, object] = {}

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc: object) -> None:
        for bar in self.bars.values():
            bar.close()

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total, desc=STAGES.get(stage, stage),
                                          unit="item", file=sys.stderr, leave=True)
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()
