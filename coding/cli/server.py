"""Command line, projects on a team server: ``coding copy | users | members``."""

from __future__ import annotations

import argparse

from coding.errors import shown_name


def add_server_commands(commands: argparse._SubParsersAction) -> None:
    copy = commands.add_parser(
        "copy", help="copy a project to a new place or engine (SQLite file ⇄ PostgreSQL)")
    copy.add_argument("source", help="project file, or postgresql://…/DATABASE/PROJECT")
    copy.add_argument("target", help="a new project file, or a new project on a server")
    copy.set_defaults(handler=_copy)


def _copy(args: argparse.Namespace) -> int:
    from coding.store import parse_address
    from coding.store.copy import copy_project

    counts = copy_project(args.source, args.target)
    source, target = (shown_name(str(parse_address(a))) for a in (args.source, args.target))
    print(f"copied {sum(counts.values()):,} rows in {len(counts)} tables from {source} to "
          f"{target}.")
    return 0
