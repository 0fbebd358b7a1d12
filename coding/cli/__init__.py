"""Command line (also ``python -m coding``): one module per command group.

``run | participants | export | status | decide`` in :mod:`coding.cli.project`;
``themes`` in :mod:`coding.cli.themes`; ``eval`` in :mod:`coding.cli.evaluate`;
``agreement | blind | export-refi | import-refi`` in :mod:`coding.cli.team`;
``package export | import`` in :mod:`coding.cli.packages`;
``copy | users | members`` (projects on a team server) in :mod:`coding.cli.server`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from coding.cli.evaluate import add_eval_commands
from coding.cli.packages import add_package_commands
from coding.cli.project import add_project_commands
from coding.cli.server import add_server_commands
from coding.cli.team import add_team_commands
from coding.cli.themes import add_themes_command
from coding.errors import CodingError, shown_name


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except CodingError as error:
        print(f"error: {shown_name(str(error))}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coding", description="Suggest, review and export themes in meeting transcripts, "
        "entirely on this computer.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_project_commands(commands)
    add_themes_command(commands)
    add_eval_commands(commands)
    add_team_commands(commands)
    add_package_commands(commands)
    add_server_commands(commands)
    return parser
