"""Command line, one project: ``coding run | participants | export | status | decide``."""

from __future__ import annotations

import argparse
from pathlib import Path

from coding.cli.common import ProgressBars, project_option, require_project
from coding.config import load_settings
from coding.errors import shown_name
from coding.model import Unit


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
    people.add_argument("--attributes", metavar="CSV", help="load participant attributes")
    people.add_argument("--key", metavar="FILE", help="pseudonym key, for --attributes")
    people.add_argument("--coder", default="command line", help="who makes the correction")
    people.set_defaults(handler=_participants)

    export = commands.add_parser("export", help="write the theme table (CSV and XLSX)")
    project_option(export)
    export.add_argument("--out", default="export",
                        help="folder for the files (default: %(default)s)")
    export.add_argument("--include-suggestions", action="store_true",
                        help="count unreviewed suggestions too, marked with their status")
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

    exemplars = load_settings(args.settings).exemplars
    for path in export_project(args.project, args.out, args.include_suggestions, exemplars):
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


def _participants(args: argparse.Namespace) -> int:
    from coding.people.matching import file_bytes
    from coding.people.on_import import load_participant_file
    from coding.people.roster import (
        attribute_table,
        correct_speakers,
        parse_corrections,
        speaker_table,
    )
    from coding.store import Project

    require_project(args.project)
    corrections = parse_corrections(args.map)
    with Project(args.project) as project:
        if corrections:
            changed = correct_speakers(project, corrections, args.coder)
            print(f"corrected {changed} label(s).")
        if args.attributes:
            names = load_participant_file(project, file_bytes(args.attributes),
                                          Path(args.attributes).name, args.key)
            print(f"loaded attributes: {', '.join(names)}.")
        print(speaker_table(project).to_string(index=False))
        print()
        print(attribute_table(project).to_string(index=False))
    return 0
