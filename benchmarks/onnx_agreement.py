"""ONNX Runtime against sentence-transformers on the same texts: cosine agreement and speed.

Texts: the distinct turns of the first AMI meetings (``DATA_DIR/meetings/ami``), up to
``--texts``. Both runtimes run the bundled all-MiniLM-L6-v2 in this process, batch 32.

    python benchmarks/onnx_agreement.py DATA_DIR [--texts 1500] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding.embed import load_model  # noqa: E402


def texts_from(ami: Path, count: int) -> list[str]:
    texts: dict[str, None] = {}
    for path in sorted(ami.glob("*.json")):
        for turn in json.loads(path.read_text())["turns"]:
            texts.setdefault(turn["text"], None)
        if len(texts) >= count:
            break
    return list(texts)[:count]


def measure(texts: list[str]) -> dict:
    result: dict = {"texts": len(texts)}
    vectors = {}
    for runtime in ("torch", "onnx"):
        model = load_model(runtime=runtime)
        model.encode(texts[:32], batch_size=32)  # first call pays for set-up, not encoding
        clock = time.perf_counter()
        vectors[runtime] = np.asarray(model.encode(texts, batch_size=32,
                                                   normalize_embeddings=True))
        result[f"{runtime}_s"] = round(time.perf_counter() - clock, 2)
    cosine = (vectors["torch"] * vectors["onnx"]).sum(axis=1)
    result.update(cosine_min=float(cosine.min()), cosine_mean=float(cosine.mean()),
                  onnx_over_torch=round(result["onnx_s"] / result["torch_s"], 3),
                  measured_at=datetime.now(UTC).isoformat(timespec="seconds"))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--texts", type=int, default=1500)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    result = measure(texts_from(args.data / "meetings" / "ami", args.texts))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "onnx_agreement.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
