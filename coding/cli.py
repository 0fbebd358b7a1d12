"""Command line: ``coding run | export | status | decide | participants | eval``
(also ``python -m coding``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from coding.config import load_settings
from coding.errors import CodingError, ProjectError
from coding.model import Unit

DEFAULT_PROJECT = "project.sqlite"
_STAGES = {"import": "Reading transcripts", "episodes": "Finding topical episodes",
           "embed": "Embedding segments",
           "suggest": "Suggesting themes"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except CodingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coding", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="import transcripts and suggest themes")
    run.add_argument("transcripts", nargs="+", help="transcript files or folders "
                     "(.vtt .srt .txt .docx .csv .xlsx)")
    run.add_argument("--codebook", required=True, help="codebook .yaml or .csv")
    _project_option(run)
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
    _project_option(people)
    people.add_argument("--map", action="append", default=[], metavar="LABEL=PARTICIPANT",
                        help='correct a label, e.g. --map "Jane=Jane Smith" (repeatable)')
    people.add_argument("--attributes", metavar="CSV", help="load participant attributes")
    people.add_argument("--key", metavar="FILE", help="pseudonym key, for --attributes")
    people.add_argument("--coder", default="command line", help="who makes the correction")
    people.set_defaults(handler=_participants)

    export = commands.add_parser("export", help="write the theme table (CSV and XLSX)")
    _project_option(export)
    export.add_argument("--out", default="export",
                        help="folder for the files (default: %(default)s)")
    export.add_argument("--include-suggestions", action="store_true",
                        help="count unreviewed suggestions too, marked with their status")
    export.add_argument("--settings", help="TOML file overriding the default settings")
    export.set_defaults(handler=_export)

    status = commands.add_parser("status", help="counts per theme and status")
    _project_option(status)
    status.set_defaults(handler=_status)

    decide = commands.add_parser("decide", help="record decisions from a CSV file")
    decide.add_argument("decisions", help="CSV: segment_id,theme,action[,new_theme,coder,memo]")
    _project_option(decide)
    decide.add_argument("--coder", default="", help="coder for rows that name none")
    decide.set_defaults(handler=_decide)

    evaluation = commands.add_parser("eval", help="measure the product against human work")
    kinds = evaluation.add_subparsers(required=True, metavar="WHAT")
    segmentation = kinds.add_parser(
        "segmentation", help="topical episodes vs gold boundaries (AMI format)")
    segmentation.add_argument("data", help="folder of meetings/*.json (or holding ami/)")
    segmentation.add_argument("--json", help="also write the results to this file")
    segmentation.add_argument("--cache",
                              help=f"embedding cache file (default: {eval_cache()})")
    segmentation.set_defaults(handler=_eval_segmentation)
    coded = kinds.add_parser(
        "coding", help="suggestions vs human coders (codebook.yaml + units.csv)")
    coded.add_argument("data", help="a coded data set folder, or a folder of them")
    coded.add_argument("--json", help="also write the results to this file")
    coded.add_argument("--seeds", type=int, default=3,
                       help="simulated researchers per setting (default: %(default)s)")
    coded.add_argument("--cache", help=f"embedding cache file (default: {eval_cache()})")
    coded.set_defaults(handler=_eval_coding)
    _team_commands(commands)
    _themes_commands(commands, kinds)
    return parser


# -- emergent themes (issue 6) ------------------------------------------------------------

def _themes_commands(commands: argparse._SubParsersAction,
                     kinds: argparse._SubParsersAction) -> None:
    themes = commands.add_parser("themes", help="find emergent themes and list them")
    _project_option(themes)
    themes.add_argument("--min-cluster-size", type=int, default=10,
                        help="smallest theme, in segments (default: %(default)s)")
    themes.add_argument("--themes", type=int, help="number of themes (default: from the data)")
    themes.add_argument("--seed", type=int, default=0, help="same seed, same themes")
    themes.set_defaults(handler=_themes)
    evaluation = kinds.add_parser("themes", help="emergent themes vs human codes")
    evaluation.add_argument("data", help="folder of coded datasets (units.csv, codebook.yaml)")
    evaluation.add_argument("--json", help="also write the results to this file")
    evaluation.add_argument("--cache", help=f"embedding cache file (default: {eval_cache()})")
    evaluation.set_defaults(handler=_eval_themes)


def _themes(args: argparse.Namespace) -> int:
    from coding.store import Project
    from coding.themes import ThemeRequest, fit_themes, theme_overview

    _require(args.project)
    report = fit_themes(args.project, ThemeRequest(
        n_themes=args.themes, min_theme_size=args.min_cluster_size, seed=args.seed))
    print(f"{len(report.themes)} themes in {report.segments} segments "
          f"({report.timings['total_s']:.1f} s, run {report.run_id}).")
    with Project(args.project) as project:
        for row in theme_overview(project, report.run_id).itertuples():
            print(f"\n{row.theme}  [{row.size} segments, {row.meetings} meetings, "
                  f"{row.participants} participants; {row.codebook}]\n  words: {row.terms}")
            for quote in row.quotes[:3]:
                print(f"  {quote}")
    return 0


def _eval_themes(args: argparse.Namespace) -> int:
    import json

    from coding.embed import Embedder
    from coding.evaluate.themes import evaluate_dataset, find_datasets, load_units
    from coding.store import Project

    results = {}
    with Project(args.cache or eval_cache()) as cache:
        embedder = Embedder(cache=cache)
        for folder in find_datasets(args.data):
            results[folder.name] = evaluate_dataset(load_units(folder), embedder)
    keys = ("harmonic_purity", "nmi", "ari", "n_themes", "code_recall")
    print(f"{'dataset':<22}{'method':<26}" + "".join(f"{k:>17}" for k in keys))
    for name, methods in results.items():
        for method, scores in methods.items():
            if isinstance(scores, dict):
                print(f"{name:<22}{method:<26}" + "".join(f"{scores[k]:>17}" for k in keys))
    if args.json:
        flat = {name: {**methods["themes (product)"], "units": methods["units"],
                       "baseline": next(v for k, v in methods.items() if k.startswith("minilm"))}
                for name, methods in results.items()}
        Path(args.json).write_text(json.dumps(flat, indent=2) + "\n", encoding="utf-8")
    return 0


def eval_cache() -> Path:
    """Where evaluations keep sentence embeddings between runs."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("focus-coding")) / "eval-embeddings.sqlite"


def _eval_segmentation(args: argparse.Namespace) -> int:
    import json

    from coding.embed import Embedder
    from coding.evaluate.segmentation import (
        baselines, embed_meetings, evaluate, load_meetings, product,
    )
    from coding.store import Project

    meetings = load_meetings(args.data)
    with Project(args.cache or eval_cache()) as cache, _ProgressBars(True) as bars:
        vectors = embed_meetings(meetings, Embedder(cache=cache),
                                 lambda done, total: bars.update("embed", done, total))
    results = evaluate(meetings, vectors, {**baselines(), "topical (product)": product()})
    print(f"{len(meetings)} meetings")
    print(f"{'method':<28}{'Pk':>8}{'WD':>8}{'B':>8}{'F1±3':>8}{'segments':>10}")
    for row in results:
        print(f"{row['method']:<28}{row['pk']:>8.3f}{row['wd']:>8.3f}{row['b']:>8.3f}"
              f"{row['f1_3']:>8.3f}{row['segments']:>10.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"meetings": len(meetings), "results": results},
                                              indent=2) + "\n", encoding="utf-8")
    return 0


def _eval_coding(args: argparse.Namespace) -> int:
    import json
    import time

    from coding.embed import Embedder
    from coding.evaluate.coding import (
        dataset_folders, evaluate_dataset, human_ceiling, load_coded,
    )
    from coding.store import Project

    documents = []
    with Project(args.cache or eval_cache()) as cache:
        embedder = Embedder(cache=cache)
        for folder in dataset_folders(args.data):
            clock = time.perf_counter()
            data = load_coded(folder)
            print(f"{data.name}: {len(data.segments)} units, {len(data.codebook.names)} codes")
            results = evaluate_dataset(data, embedder, seeds=args.seeds)
            ceiling = human_ceiling(folder)
            if ceiling:
                print(f"{data.name:22} two human coders   mean κ {ceiling['mean_kappa']:.3f}"
                      f"  relevance κ {ceiling['relevance_kappa']:.3f}")
            documents.append({"dataset": data.name, "units": len(data.segments),
                              "codes": len(data.codebook.names), "seeds": args.seeds,
                              "seconds": round(time.perf_counter() - clock, 1),
                              "results": results, "human_ceiling": ceiling})
    if args.json:
        written = documents[0] if len(documents) == 1 else documents
        Path(args.json).write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
    return 0


def _project_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", default=DEFAULT_PROJECT,
                        help="project file (SQLite; default: %(default)s)")


def _run(args: argparse.Namespace) -> int:
    from coding.pipeline import run_pipeline

    settings = load_settings(args.settings).with_overrides(
        unit=args.unit, threshold=args.threshold, model=args.model)
    with _ProgressBars(enabled=not args.quiet) as bars:
        report = run_pipeline(args.transcripts, args.codebook, args.project, settings,
                              progress=bars.update, participants_csv=args.participants,
                              pseudonymise=args.pseudonymise, mask_list=args.mask_list,
                              key_path=args.key)
    print(f"Project {args.project}: {len(report.imported)} transcript(s) imported, "
          f"{len(report.unchanged)} already there, {len(report.skipped)} skipped.")
    for name, reason in sorted(report.skipped.items()):
        print(f"  skipped {name}: {reason}")
    for name, notes in sorted(report.warnings.items()):
        for note in notes:
            print(f"  check {name}: {note}")
    print(f"{report.segments} segments, {report.suggestions} suggestions "
          f"({report.timings.get('total_s', 0):.1f} s).")
    return 1 if report.skipped and not (report.imported or report.unchanged) else 0


def _export(args: argparse.Namespace) -> int:
    from coding.pipeline import export_project

    exemplars = load_settings(args.settings).exemplars
    for path in export_project(args.project, args.out, args.include_suggestions, exemplars):
        print(f"wrote {path}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from coding.store import Project
    from coding.tables import project_summary, status_counts

    _require(args.project)
    with Project(args.project) as project:
        summary = project_summary(project)
        print(f"{summary['transcripts']} transcripts, {summary['segments']} segments "
              f"(unit: {summary['unit']}), {summary['suggestions']} suggestions, "
              f"{summary['decisions']} decisions; last run {summary['last_run'] or 'never'}.")
        print(status_counts(project).to_string(index=False))
    return 0


def _decide(args: argparse.Namespace) -> int:
    from coding.decisions import record_decisions_csv
    from coding.store import Project

    _require(args.project)
    with Project(args.project) as project:
        stored = record_decisions_csv(project, args.decisions, args.coder)
    print(f"recorded {stored} decision(s) in {args.project}.")
    return 0


def _participants(args: argparse.Namespace) -> int:
    from coding.identities import load_participant_file
    from coding.participants import file_bytes
    from coding.roster import (
        attribute_table, correct_speakers, parse_corrections, speaker_table,
    )
    from coding.store import Project

    _require(args.project)
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


# -- several coders: agreement, blind mode, REFI-QDA exchange ------------------------------

def _team_commands(commands: argparse._SubParsersAction) -> None:
    agreement = commands.add_parser("agreement", help="agreement between coders per theme")
    _project_option(agreement)
    agreement.add_argument("--coders", help="comma-separated coder names (default: all)")
    agreement.add_argument("--include-machine", action="store_true",
                           help="count the machine's suggestions as one more coder")
    agreement.add_argument("--bootstrap", type=int, default=1000,
                           help="resamples for the 95%% intervals (0: none)")
    agreement.add_argument("--json", help="also write every figure to this file")
    agreement.set_defaults(handler=_agreement)

    blind = commands.add_parser("blind", help="blind coding on or off (the project lead)")
    blind.add_argument("state", choices=["on", "off"])
    _project_option(blind)
    blind.set_defaults(handler=_blind)

    export_refi = commands.add_parser("export-refi", help="write REFI-QDA .qdc or .qdpx")
    _project_option(export_refi)
    target = export_refi.add_mutually_exclusive_group(required=True)
    target.add_argument("--qdc", help="write the codebook to this .qdc file")
    target.add_argument("--qdpx", help="write the whole project to this .qdpx file")
    export_refi.set_defaults(handler=_export_refi)

    import_refi = commands.add_parser(
        "import-refi", help="read a REFI-QDA .qdpx (as a new project) or .qdc (codebook)")
    import_refi.add_argument("file", help=".qdpx project or .qdc codebook")
    _project_option(import_refi)
    import_refi.set_defaults(handler=_import_refi)


def _agreement(args: argparse.Namespace) -> int:
    import json

    from coding.agreement import project_agreement
    from coding.store import Project

    _require(args.project)
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
    from coding.review import set_blind
    from coding.store import Project

    _require(args.project)
    with Project(args.project) as project:
        set_blind(project, args.state == "on")
    print(f"blind coding is {args.state} in {args.project}.")
    return 0


def _export_refi(args: argparse.Namespace) -> int:
    from coding.refi import write_qdc, write_qdpx
    from coding.store import Project

    _require(args.project)
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


def _require(project: str) -> None:
    if not Path(project).exists():
        raise ProjectError("project file not found.", path=project,
                           fix="run 'coding run' first, or pass --project.")


class _ProgressBars:
    """One tqdm bar per pipeline stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, object] = {}

    def __enter__(self) -> _ProgressBars:
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
            bar = self.bars[stage] = tqdm(total=total, desc=_STAGES.get(stage, stage),
                                          unit="item", file=sys.stderr, leave=True)
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()
