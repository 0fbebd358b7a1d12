"""Command line, several coders: ``coding agreement | blind | export-refi | import-refi``."""

from __future__ import annotations

import argparse
from pathlib import Path

from coding.cli.common import project_option, require_project


def add_team_commands(commands: argparse._SubParsersAction) -> None:
    agreement = commands.add_parser("agreement", help="agreement between coders per theme")
    project_option(agreement)
    agreement.add_argument("--coders", help="comma-separated coder names (default: all)")
    agreement.add_argument("--include-machine", action="store_true",
                           help="count the machine's suggestions as one more coder")
    agreement.add_argument("--bootstrap", type=int, default=1000,
                           help="resamples for the 95%% intervals (0: none)")
    agreement.add_argument("--json", help="also write every figure to this file")
    agreement.set_defaults(handler=_agreement)

    blind = commands.add_parser("blind", help="blind coding on or off (the project lead)")
    blind.add_argument("state", choices=["on", "off"])
    project_option(blind)
    blind.set_defaults(handler=_blind)

    export_refi = commands.add_parser("export-refi", help="write REFI-QDA .qdc or .qdpx")
    project_option(export_refi)
    target = export_refi.add_mutually_exclusive_group(required=True)
    target.add_argument("--qdc", help="write the codebook to this .qdc file")
    target.add_argument("--qdpx", help="write the whole project to this .qdpx file")
    export_refi.set_defaults(handler=_export_refi)

    import_refi = commands.add_parser(
        "import-refi", help="read a REFI-QDA .qdpx (as a new project) or .qdc (codebook)")
    import_refi.add_argument("file", help=".qdpx project or .qdc codebook")
    project_option(import_refi)
    import_refi.set_defaults(handler=_import_refi)


def _agreement(args: argparse.Namespace) -> int:
    import json

    from coding.review.agreement import project_agreement
    from coding.store import Project

    require_project(args.project)
    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    with Project(args.project) as project:
        report = project_agreement(project, coders, args.include_machine, args.bootstrap)
    print(f"Coders: {', '.join(report.coders)}. {report.compared} segment(s) compared; "
          f"{report.uncoded} judged but uncoded by everyone (left out of the figures); "
          f"{report.single} judged by fewer than two coders.")
    print(f"{'theme':<32}{'%':>7}{'Cohen κ':>9}{'Fleiss κ':>10}{'α':>8}  95% CI of α")
    for _, row in report.themes.iterrows():
        interval = (f"{row['alpha_low']:.2f} – {row['alpha_high']:.2f}"
                    if "alpha_low" in row else "")
        print(f"{row['theme'][:31]:<32}{row['percent']:>7.1%}{row['cohen_kappa_mean']:>9.3f}"
              f"{row['fleiss_kappa']:>10.3f}{row['alpha']:>8.3f}  {interval}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "coders": report.coders, "compared": report.compared, "uncoded": report.uncoded,
            "single": report.single, "bootstrap": report.bootstrap, "seed": report.seed,
            "themes": json.loads(report.themes.to_json(orient="records")),
            "pairs": json.loads(report.pairs.to_json(orient="records"))}, indent=2) + "\n",
            encoding="utf-8")
    return 0


def _blind(args: argparse.Namespace) -> int:
    from coding.store import Project

    require_project(args.project)
    with Project(args.project) as project:
        project.set_blind(args.state == "on")
    print(f"blind coding is {args.state} in {args.project}.")
    return 0


def _export_refi(args: argparse.Namespace) -> int:
    from coding.refi import write_qdc, write_qdpx
    from coding.store import Project

    require_project(args.project)
    with Project(args.project) as project:
        path = write_qdc(project, args.qdc) if args.qdc else write_qdpx(project, args.qdpx)
    print(f"wrote {path}")
    return 0


def _import_refi(args: argparse.Namespace) -> int:
    from coding.refi import import_qdpx, read_qdc
    from coding.store import Project

    if Path(args.file).suffix.lower() == ".qdc":
        codebook = read_qdc(args.file)
        with Project(args.project) as project:
            project.set_codebook(codebook, coder="REFI-QDA import")
        print(f"{len(codebook.codes)} code(s) from {args.file} in {args.project}.")
        return 0
    report = import_qdpx(args.file, args.project)
    print(f"{args.project}: {report.sources} source(s), {report.codes} code(s), "
          f"{report.codings} coding(s) imported.")
    for reason in report.skipped:
        print(f"  not imported: {reason}")
    return 0
