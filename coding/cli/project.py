"""Command line, one project: ``coding run | participants | export | status | decide``."""

from __future__ import annotations

import argparse
from pathlib import Path

from coding.cli.common import ProgressBars, project_option, require_project
from coding.config import load_settings
from coding.errors import shown_name
from coding.model import Unit
from coding.report.counting import ALL_CODERS, ANY_CODER


def add_project_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="import transcripts and suggest themes")
    run.add_argument("transcripts", nargs="+", help="transcript files or folders "
                     "(.vtt .srt .txt .docx .csv .xlsx)")
    run.add_argument("--codebook", required=True, help="codebook .yaml or .csv")
    project_option(run)
    run.add_argument("--settings", help="TOML file overriding the default settings")
    run.add_argument("--unit", choices=[u.value for u in Unit], help="unit of coding")
    run.add_argument("--threshold", type=float, help="minimum score of a suggestion")
    run.add_argument("--model", help="sentence-transformers model name or local folder")
    run.add_argument("--quiet", action="store_true", help="no progress bars")
    run.add_argument("--participants", metavar="CSV",
                     help="participant attributes: a participant column + role, site …")
    run.add_argument("--pseudonymise", action="store_true", default=None,
                     help="replace participants by P1, P2 … and mask names in the text "
                          "before storing (a pseudonymised project stays so)")
    run.add_argument("--mask-list", metavar="FILE",
                     help="other names and places to mask, one per line ('X = [PLACE]')")
    run.add_argument("--key", metavar="FILE",
                     help="pseudonym key (default: keys/<project>.key.csv beside the project)")
    run.set_defaults(handler=_run)

    people = commands.add_parser("participants",
                                 help="list or correct who each speaker label is")
    project_option(people)
    people.add_argument("--map", action="append", default=[], metavar="LABEL=PARTICIPANT",
                        help='correct a label, e.g. --map "Jane=Jane Smith" (repeatable)')
    people.add_argument("--role", action="append", default=[], metavar="PARTICIPANT=ROLE",
                        help='speaker role: participant, facilitator or observer, e.g. '
                             '--role "Jordan Lee=facilitator" (repeatable)')
    people.add_argument("--attributes", metavar="CSV", help="load participant attributes "
                        "(a 'speaker role' column sets roles)")
    people.add_argument("--key", metavar="FILE", help="pseudonym key, for --attributes")
    people.add_argument("--coder", default="command line", help="who makes the correction")
    people.set_defaults(handler=_participants)

    export = commands.add_parser("export", help="write the theme table (CSV, XLSX, DOCX), "
                                 "the codebook report and the methods record")
    project_option(export)
    export.add_argument("--out", default="export",
                        help="folder for the files (default: %(default)s)")
    export.add_argument("--include-suggestions", action="store_true",
                        help="count unreviewed suggestions too, marked as such in the file "
                             "names, sheets and quotes")
    export.add_argument("--pseudonymise", action="store_true",
                        help="replace participants by their pseudonyms (from the key, or "
                             "P1, P2 … saved to it) and mask their names in every file; "
                             "the project is not changed")
    export.add_argument("--key", metavar="FILE",
                        help="pseudonym key (default: keys/<project>.key.csv beside the project)")
    export.add_argument("--count", default=ALL_CODERS, metavar="RULE",
                        help="where coders disagree and the team has not reconciled: "
                             f"'{ALL_CODERS}' (default), '{ANY_CODER}', or one coder's name")
    export.add_argument("--include-facilitators", action="store_true",
                        help="count facilitators' and observers' turns too")
    export.add_argument("--settings", help="TOML file overriding the default settings")
    export.set_defaults(handler=_export)

    status = commands.add_parser("status", help="counts per theme and status")
    project_option(status)
    status.set_defaults(handler=_status)

    decide = commands.add_parser("decide", help="record decisions from a CSV file")
    decide.add_argument("decisions", help="CSV: segment_id,theme,action[,new_theme,coder,memo]")
    project_option(decide)
    decide.add_argument("--coder", default="", help="coder for rows that name none")
    decide.set_defaults(handler=_decide)

    undo = commands.add_parser("undo", help="take back a coder's latest decisions "
                                            "(recorded as undo rows; nothing is erased)")
    project_option(undo)
    undo.add_argument("--coder", required=True, help="whose decisions to take back")
    undo.add_argument("--last", type=int, default=1, help="how many (default: %(default)s)")
    undo.set_defaults(handler=_undo)


def _run(args: argparse.Namespace) -> int:
    from coding.pipeline import run_pipeline

    settings = load_settings(args.settings).with_overrides(
        unit=args.unit, threshold=args.threshold, model=args.model)
    with ProgressBars(enabled=not args.quiet) as bars:
        report = run_pipeline(args.transcripts, args.codebook, args.project, settings,
                              progress=bars.update, participants_csv=args.participants,
                              pseudonymise=args.pseudonymise, mask_list=args.mask_list,
                              key_path=args.key)
    print(f"Project {shown_name(args.project)}: {len(report.imported)} transcript(s) imported, "
          f"{len(report.unchanged)} already there, {len(report.skipped)} skipped.")
    for name, reason in sorted(report.skipped.items()):
        print(f"  skipped {shown_name(name)}: {shown_name(reason)}")
    for name, notes in sorted(report.warnings.items()):
        for note in notes:
            print(f"  check {shown_name(name)}: {shown_name(note)}")
    print(f"{report.segments} segments, {report.suggestions} suggestions "
          f"({report.timings.get('total_s', 0):.1f} s).")
    if report.suggestions_kept:
        print("Nothing changed since the last run (same files by content, codebook, "
              "decisions and settings): suggestions kept as they were.")
    return 1 if report.skipped and not (report.imported or report.unchanged) else 0


def _export(args: argparse.Namespace) -> int:
    from coding.pipeline import export_project
    from coding.report.paper import ExportOptions

    options = ExportOptions(include_suggested=args.include_suggestions,
                            include_facilitators=args.include_facilitators, rule=args.count,
                            exemplars=load_settings(args.settings).exemplars,
                            pseudonymise=args.pseudonymise)
    for path in export_project(args.project, args.out, options=options, key_path=args.key):
        print(f"wrote {shown_name(path)}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from coding.report.tables import project_summary, status_counts
    from coding.store import Project

    require_project(args.project)
    with Project(args.project) as project:
        summary = project_summary(project)
        print(f"{summary['transcripts']} transcripts, {summary['segments']} segments "
              f"(unit: {summary['unit']}), {summary['suggestions']} suggestions, "
              f"{summary['decisions']} decisions; last run {summary['last_run'] or 'never'}.")
        print(status_counts(project).to_string(index=False))
    return 0


def _decide(args: argparse.Namespace) -> int:
    from coding.review.decisions_file import record_decisions_csv
    from coding.store import Project

    require_project(args.project)
    with Project(args.project) as project:
        stored = record_decisions_csv(project, args.decisions, args.coder)
    print(f"recorded {stored} decision(s) in {args.project}.")
    return 0


def _undo(args: argparse.Namespace) -> int:
    from coding.review.undo import undo_last
    from coding.store import Project

    require_project(args.project)
    with Project(args.project) as project:
        undone = undo_last(project, args.coder, args.last)
    print(f"undid {len(undone)} decision(s) of {args.coder} in {args.project}.")
    return 0


def _participants(args: argparse.Namespace) -> int:
    from coding.people.matching import file_bytes
    from coding.people.on_import import load_participant_file
    from coding.people.roster import (
        attribute_table,
        correct_speakers,
        parse_corrections,
        parse_roles,
        role_table,
        speaker_table,
    )
    from coding.store import Project

    require_project(args.project)
    corrections = parse_corrections(args.map)
    roles = parse_roles(args.role)
    with Project(args.project) as project:
        if corrections:
            changed = correct_speakers(project, corrections, args.coder)
            print(f"corrected {changed} label(s).")
        if roles:
            changed = project.set_participant_roles(roles, args.coder)
            print(f"set {changed} speaker role(s).")
        if args.attributes:
            names = load_participant_file(project, file_bytes(args.attributes),
                                          Path(args.attributes).name, args.key)
            print(f"loaded attributes: {', '.join(names)}.")
        print(speaker_table(project).to_string(index=False))
        print()
        print(role_table(project).to_string(index=False))
        print()
        print(attribute_table(project).to_string(index=False))
    return 0
