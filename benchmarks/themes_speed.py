"""Fit time of emergent themes (ThemeModel) at 1k, 3k, 10k and 50k segments.

Texts are the sample study's real segments repeated (each copy numbered, so no two are
equal); embeddings are random unit vectors of MiniLM's dimension (384), as the cached
ones would be. Each size runs in a fresh child process:

- cold: from process start (imports, model load for word vectors) to the first fit's end
- warm: a second fit in the same process (what the app sees on a re-fit)

Word vectors are cached in a temporary project file, as in the product. Peak memory is
the child's max RSS.

    .venv/bin/python benchmarks/themes_speed.py [--sizes 1000 3000 10000 50000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()
import numpy as np
from coding.embed import Embedder
from coding.readers import read_transcript
from coding.pipeline import find_transcripts
from coding.store import Project
from coding.emergent.model import ThemeModel
size, cache_path, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = [t.text for path in find_transcripts([folder]) for t in read_transcript(path).turns]
texts = [f"{base[i % len(base)]} ({i // len(base)})" for i in range(size)]
groups = [f"m{i // 300}" for i in range(size)]
rng = np.random.default_rng(0)
vectors = rng.normal(size=(size, 384)).astype(np.float32)
vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
with Project(cache_path) as cache:
    embedder = Embedder(cache=cache)
    clock = time.perf_counter()
    model = ThemeModel(embedder=embedder).fit(texts, vectors, groups)
    cold = time.perf_counter() - started
    first_fit = time.perf_counter() - clock
    clock = time.perf_counter()
    ThemeModel(embedder=embedder).fit(texts, vectors, groups)
    warm = time.perf_counter() - clock
print(json.dumps({"segments": size, "themes": int(model.n_themes_), "cold_s": round(cold, 2),
                  "cold_fit_only_s": round(first_fit, 2), "warm_s": round(warm, 2),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def measure(size: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        output = subprocess.run(
            [sys.executable, "-c", _CHILD, str(size), str(Path(folder) / "cache.sqlite"),
             str(ROOT / "transcripts")], check=True, capture_output=True, text=True,
            cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000, 50000])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        rows.append(measure(size))
        print(rows[-1], flush=True)
    result = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.processor() or platform.machine()}, "
                         f"{os.cpu_count()} CPU(s), Python {platform.python_version()}",
              "data": "sample-study texts repeated, random 384-d unit embeddings",
              "target": "3,000 segments warm <= 10 s on 2 cores", "results": rows}
    out = Path(args.out)
    (out / "themes_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["# Emergent themes: fit time", "", f"{result['measured_at']} · {result['machine']}",
             f"Data: {result['data']}. Target: {result['target']}.", "",
             "| segments | themes | cold (s) | first fit in cold process (s) | warm (s) "
             "| peak memory (MB) |", "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['segments']:,} | {r['themes']} | {r['cold_s']} | {r['cold_fit_only_s']} "
              f"| {r['warm_s']} | {r['peak_mb']} |" for r in rows]
    lines += ["", "No UMAP, so no numba compilation in a fresh process: cold minus warm is "
              "imports, loading the sentence model for word vectors and embedding the "
              "vocabulary once (cached afterwards).", ""]
    (out / "themes_speed.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
