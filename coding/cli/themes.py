"""Command line: ``coding themes`` (emergent themes of a project)."""

from __future__ import annotations

import argparse

from coding.cli.common import project_option, require_project


def add_themes_command(commands: argparse._SubParsersAction) -> None:
    themes = commands.add_parser("themes", help="find emergent themes and list them")
    project_option(themes)
    themes.add_argument("--min-cluster-size", type=int, default=10,
                        help="smallest theme, in segments (default: %(default)s)")
    themes.add_argument("--themes", type=int, help="number of themes (default: from the data)")
    themes.add_argument("--seed", type=int, default=0, help="same seed, same themes")
    themes.set_defaults(handler=_themes)


def _themes(args: argparse.Namespace) -> int:
    from coding.emergent.fit import ThemeRequest, fit_themes, theme_overview
    from coding.store import Project

    require_project(args.project)
    report = fit_themes(args.project, ThemeRequest(
        n_themes=args.themes, min_theme_size=args.min_cluster_size, seed=args.seed))
    print(f"{report.found} themes in {report.segments} "
          f"segments, {report.small_talk} set apart as non-substantive talk "
          f"({report.timings['total_s']:.1f} s, run {report.run_id}).")
    with Project(args.project) as project:
        for row in theme_overview(project, report.run_id).itertuples():
            print(f"\n{row.theme}  [{row.size} segments, {row.meetings} meetings, "
                  f"{row.participants} participants; {row.codebook}]\n  words: {row.terms}")
            for quote in row.quotes[:3]:
                print(f"  {quote}")
    return 0
