"""Command line, measuring: ``coding eval segmentation | coding | review | themes``."""

from __future__ import annotations

import argparse
from pathlib import Path

from coding.cli.common import ProgressBars, eval_cache


def add_eval_commands(commands: argparse._SubParsersAction) -> None:
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
    review = kinds.add_parser(
        "review", help="a simulated researcher working through the Review queue")
    review.add_argument("data", help="a coded data set folder, a folder of them, or the "
                        "sample study's sources (scripts/sample_study, with --codebook)")
    review.add_argument("--json", help="also write the results to this file")
    review.add_argument("--seeds", type=int, default=1,
                        help="simulated sessions per method (default: %(default)s)")
    review.add_argument("--codebook", help="the codebook of a sample-study folder")
    review.add_argument("--methods", default="product,transcript order,codebook only",
                        help="comma-separated methods to run (default: %(default)s)")
    review.add_argument("--cache", help=f"embedding cache file (default: {eval_cache()})")
    review.set_defaults(handler=_eval_review)
    evaluation = kinds.add_parser("themes", help="emergent themes vs human codes")
    evaluation.add_argument("data", help="folder of coded datasets (units.csv, codebook.yaml)")
    evaluation.add_argument("--json", help="also write the results to this file")
    evaluation.add_argument("--cache", help=f"embedding cache file (default: {eval_cache()})")
    evaluation.set_defaults(handler=_eval_themes)


def _eval_themes(args: argparse.Namespace) -> int:
    import json

    from coding.embed import Embedder
    from coding.evaluate.coded import dataset_folders
    from coding.evaluate.themes import THEME_SCORES, evaluate_dataset, load_units
    from coding.store import Project

    results = {}
    with Project(args.cache or eval_cache()) as cache:
        embedder = Embedder(cache=cache)
        for folder in dataset_folders(args.data):
            results[folder.name] = evaluate_dataset(load_units(folder), embedder)
    keys = THEME_SCORES
    print(f"{'dataset':<22}{'method':<26}" + "".join(f"{k:>17}" for k in keys))
    for name, methods in results.items():
        for method, scores in methods.items():
            if isinstance(scores, dict):
                print(f"{name:<22}{method:<26}" + "".join(f"{scores[k]:>17}" for k in keys))
    if args.json:
        flat = {name: {**methods["themes (product)"], "units": methods["units"],
                       "small_talk": methods["small_talk"],
                       "baseline": next(v for k, v in methods.items() if k.startswith("minilm"))}
                for name, methods in results.items()}
        Path(args.json).write_text(json.dumps(flat, indent=2) + "\n", encoding="utf-8")
    return 0


def _eval_segmentation(args: argparse.Namespace) -> int:
    import json

    from coding.embed import Embedder
    from coding.evaluate.segmentation import (
        baselines,
        embed_meetings,
        evaluate,
        load_meetings,
        product,
    )
    from coding.store import Project

    meetings = load_meetings(args.data)
    with Project(args.cache or eval_cache()) as cache, ProgressBars(True) as bars:
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
        dataset_folders,
        evaluate_dataset,
        human_ceiling,
        load_coded,
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


def _eval_review(args: argparse.Namespace) -> int:
    import json

    from coding.embed import Embedder
    from coding.evaluate.coded import dataset_folders, load_coded, load_sample_study
    from coding.evaluate.review import evaluate_review
    from coding.store import Project

    documents = []
    with Project(args.cache or eval_cache()) as cache:
        embedder = Embedder(cache=cache)
        if args.codebook:
            sets = [load_sample_study(args.data, args.codebook)]
        else:
            sets = [load_coded(folder) for folder in dataset_folders(args.data)]
        for data in sets:
            print(f"{data.name}: {len(data.segments)} segments, "
                  f"{int(data.gold.sum())} gold codings")
            methods = tuple(m.strip() for m in args.methods.split(",") if m.strip())
            documents.append(evaluate_review(data, embedder, seeds=args.seeds,
                                             methods=methods))
    if args.json:
        written = documents[0] if len(documents) == 1 else documents
        Path(args.json).write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
    return 0
