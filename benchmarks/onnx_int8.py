"""int8 dynamic quantisation of the bundled MiniLM against the fp32 export: speed and quality.

Issue 22 allows int8 only if, on the shared data, the mean κ of ``coding eval coding`` per
data set stays within 0.01 of fp32 and the Pk of ``coding eval segmentation`` within
0.005. Both models are measured here in one process, one after the other, with the same
calls those commands make, each with a fresh embedding cache of its own (so no vector of
one model is ever served to the other):

- the int8 file: ``onnxruntime.quantization.quantize_dynamic`` of the verified fp32 export
  (MatMul weights to int8, per channel; made offline, no download), its sha256 recorded;
- speed: the year-of-meetings segment texts (or AMI turns), encoded by fp32 and int8 in
  turn, best of ``--repeats``, under a few ONNX Runtime session options;
- agreement: cosine of int8 to fp32 vectors;
- quality: mean κ per data set and setting (``coding eval coding``), Pk/WD
  (``coding eval segmentation``).

    python benchmarks/onnx_int8.py DATA_DIR [--texts 3000] [--seeds 3] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from coding.config import DEFAULT_MODEL_SHA256  # noqa: E402
from coding.embed import Embedder, bundled_model_path, verify_weights  # noqa: E402
from coding.embed.runtime import OnnxSentenceModel, exported_model, quantise, sha256_of  # noqa: E402
from onnx_agreement import texts_from  # noqa: E402  (the same AMI turns as that check)


class FixedModelEmbedder(Embedder):
    """An Embedder whose model is the given object, under its own cache name."""

    def __init__(self, model: object, name: str, cache: object) -> None:
        super().__init__(model=name, cache=cache)
        self._model = model

    @property
    def dimension(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def _compute(self, texts: list[str], progress: object) -> list[np.ndarray]:
        return list(self._model.encode(texts, batch_size=self.batch_size)) if texts else []


def session(model_file: Path, source: Path, threads: int | None = None,
            level: str | None = None) -> OnnxSentenceModel:
    model = OnnxSentenceModel(model_file, source, threads=threads)
    if level is not None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or len(os.sched_getaffinity(0))
        options.log_severity_level = 3
        options.graph_optimization_level = getattr(onnxruntime.GraphOptimizationLevel, level)
        model.session = onnxruntime.InferenceSession(str(model_file), options,
                                                     providers=["CPUExecutionProvider"])
    return model


def speed(models: dict[str, OnnxSentenceModel], texts: list[str], repeats: int) -> dict:
    """Best wall time of each model over ``repeats`` rounds, the models taking turns
    within a round (so a busy spell of the machine hits all of them alike)."""
    best = {name: float("inf") for name in models}
    for model in models.values():
        model.encode(texts[:32])  # first call pays for set-up
    for _ in range(repeats):
        for name, model in models.items():
            clock = time.perf_counter()
            model.encode(texts, batch_size=32)
            best[name] = min(best[name], time.perf_counter() - clock)
    return {name: {"s": round(s, 2), "texts_per_s": round(len(texts) / s, 1)}
            for name, s in best.items()}


def quality(data: Path, embedders: dict[str, Embedder], seeds: int) -> dict:
    from coding.evaluate.coding import dataset_folders, evaluate_dataset, load_coded
    from coding.evaluate.segmentation import embed_meetings, evaluate, load_meetings, product

    out: dict = {}
    folders = list(dataset_folders(data / "coded"))
    meetings = load_meetings(data / "meetings")
    for name, embedder in embedders.items():
        clock = time.perf_counter()
        coding = {}
        for folder in folders:
            rows = evaluate_dataset(load_coded(folder), embedder, seeds=seeds,
                                    report=lambda line: None)
            coding[folder.name] = {row["setting"]: row["mean_kappa"] for row in rows
                                   if row["method"] == "product"}
        vectors = embed_meetings(meetings, embedder)
        topical = evaluate(meetings, vectors, {"topical (product)": product()})[0]
        out[name] = {"coding_mean_kappa": coding,
                     "coding_mean_kappa_per_dataset": {
                         dataset: round(float(np.mean(list(row.values()))), 4)
                         for dataset, row in coding.items()},
                     "segmentation": {key: topical[key] for key in ("pk", "wd", "f1_3")},
                     "seconds": round(time.perf_counter() - clock, 1)}
        print(json.dumps({name: out[name]}, indent=1), flush=True)
    return out


def markdown(result: dict, command: str) -> str:
    lines = ["# int8 dynamic quantisation of the bundled MiniLM (issue 22)", "",
             f"Measured {result['measured_at']} ({result['machine']}) with `{command}`.",
             f"int8 file {result['sizes_mb']['int8']} MB (fp32 {result['sizes_mb']['fp32']} MB), "
             f"sha256 `{result['int8_sha256'][:16]}…`; cosine to fp32 on AMI turns: min "
             f"{result['cosine_int8_fp32']['min']}, mean {result['cosine_int8_fp32']['mean']}.", ""]
    if "speed" in result:
        lines += [f"Speed, {result['texts']} AMI turns, batch 32, best of the rounds:", "",
                  "| model / session | s | texts/s |", "|---|---|---|",
                  *(f"| {name} | {row['s']} | {row['texts_per_s']} |"
                    for name, row in result["speed"].items()), ""]
    if "quality" in result:
        fp32, int8 = result["quality"]["fp32"], result["quality"]["int8"]
        lines += ["Quality (the calls of `coding eval coding` and `coding eval segmentation`):",
                  "", "| figure | fp32 | int8 | int8 − fp32 | allowed |", "|---|---|---|---|---|"]
        for dataset, value in fp32["coding_mean_kappa_per_dataset"].items():
            other = int8["coding_mean_kappa_per_dataset"][dataset]
            lines.append(f"| {dataset}: mean κ over settings | {value:.3f} | {other:.3f} | "
                         f"{other - value:+.3f} | ±0.01 |")
        worst = max(abs(int8["coding_mean_kappa"][d][k] - v)
                    for d, row in fp32["coding_mean_kappa"].items() for k, v in row.items())
        lines.append(f"| largest κ change of one (data set, setting) | | | {worst:.3f} | |")
        for key, allowed in (("pk", "±0.005"), ("wd", ""), ("f1_3", "")):
            a, b = fp32["segmentation"][key], int8["segmentation"][key]
            lines.append(f"| segmentation {key} | {a:.4f} | {b:.4f} | {b - a:+.4f} | {allowed} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    from coding.store import Project

    source = bundled_model_path()
    verify_weights(source, DEFAULT_MODEL_SHA256)
    fp32 = exported_model(source, DEFAULT_MODEL_SHA256)
    result: dict = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": f"{len(os.sched_getaffinity(0))} cores, load "
                               f"{os.getloadavg()[0]:.1f}"}
    with tempfile.TemporaryDirectory(prefix="onnx-int8-") as folder:
        int8 = quantise(fp32, Path(folder) / "model.int8.onnx")
        result["int8_sha256"] = sha256_of(int8)
        result["sizes_mb"] = {"fp32": round(fp32.stat().st_size / 2**20, 1),
                              "int8": round(int8.stat().st_size / 2**20, 1)}
        texts = texts_from(args.data / "meetings" / "ami", args.texts)
        models = {"fp32": session(fp32, source), "int8": session(int8, source)}
        if not args.skip_speed:
            models.update({
                "fp32 threads=1": session(fp32, source, threads=1),
                "int8 threads=1": session(int8, source, threads=1),
                "fp32 ORT_ENABLE_EXTENDED": session(fp32, source, level="ORT_ENABLE_EXTENDED"),
                "fp32 ORT_ENABLE_BASIC": session(fp32, source, level="ORT_ENABLE_BASIC")})
            result["texts"] = len(texts)
            result["speed"] = speed(models, texts, args.repeats)
            print(json.dumps(result, indent=1), flush=True)
        a, b = models["fp32"].encode(texts), models["int8"].encode(texts)
        cosine = (a * b).sum(axis=1)
        result["cosine_int8_fp32"] = {"min": round(float(cosine.min()), 4),
                                      "mean": round(float(cosine.mean()), 4)}
        print(json.dumps(result["cosine_int8_fp32"]), flush=True)
        if not args.skip_quality:
            # fp32: exactly what `coding eval` runs (its cache holds the fp32 vectors);
            # int8: a cache of its own, so no fp32 vector is ever served to it.
            from coding.cli.common import eval_cache

            with Project(eval_cache()) as c32, Project(Path(folder) / "int8.sqlite") as c8:
                result["quality"] = quality(args.data, {
                    "fp32": Embedder(cache=c32, runtime="onnx"),
                    "int8": FixedModelEmbedder(models["int8"], "int8", c8)}, args.seeds)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "onnx_int8.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "onnx_int8.md").write_text(markdown(result, "python benchmarks/onnx_int8.py "
                                                    + " ".join(sys.argv[1:])))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
