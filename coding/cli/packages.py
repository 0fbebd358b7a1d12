"""Command line, coding as a team without a server: ``coding package export | import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coding.cli.common import project_option, require_project


def add_package_commands(commands: argparse._SubParsersAction) -> None:
    package = commands.add_parser(
        "package", help="coder packages: one coder's decisions and memos as one file")
    actions = package.add_subparsers(required=True, metavar="ACTION")

    export = actions.add_parser("export", help="write one coder's decisions and memos to a "
                                               "package file (in the coder's copy)")
    project_option(export)
    export.add_argument("--coder", required=True, help="the coder, as recorded with the "
                                                       "decisions")
    export.add_argument("--out", help="the package file (default: PROJECT-CODER"
                                      ".package.json beside the project)")
    export.set_defaults(handler=_export)

    into = actions.add_parser("import", help="add coders' packages to the master project; "
                                             "a refused file does not stop the others")
    project_option(into)
    into.add_argument("files", nargs="+", metavar="FILE", help="package files")
    into.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> int:
    from coding.review.packages import package_name, write_package
    from coding.store import Project

    require_project(args.project)
    name = Path(args.project).stem
    out = Path(args.out) if args.out else Path(args.project).with_name(
        package_name(name, args.coder))
    with Project(args.project) as project:
        count = write_package(project, args.coder, out, project_name=name)
    print(f"wrote {count} decision(s) and memo(s) of {args.coder.strip()} to {out}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from coding.review.packages import import_package_files
    from coding.store import Project

    require_project(args.project)
    with Project(args.project) as project:
        reports = import_package_files(project, args.files)
    for report in reports:
        print(report.summary, file=sys.stderr if report.error else sys.stdout)
    refused = sum(bool(report.error) for report in reports)
    print(f"{len(reports) - refused} package(s) imported, {refused} refused.")
    return 1 if refused else 0
