"""Each text embedded once per run; runs that cost in proportion to what is new."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from coding.config import Settings
from coding.embed import Embedder
from coding.embed.runtime import exported_model, quantised_model, sha256_of
from coding.errors import ModelError
from coding.model import Action, Decision
from coding.pipeline import run_pipeline
from coding.readers import read_transcript
from coding.store import Project
from tests.conftest import SAMPLE_CODEBOOK, SAMPLE_TRANSCRIPTS
from tests.fakes import FakeEmbedder


class CountingEmbedder(FakeEmbedder):
    """The fake model, noting every text it is asked to compute (shared by its twins)."""

    def __init__(self, computed: list[str] | None = None) -> None:
        super().__init__()
        self.computed = [] if computed is None else computed

    def _compute(self, texts, progress):
        self.computed.extend(texts)
        return super()._compute(texts, progress)


def test_an_embedder_computes_each_distinct_text_once_even_without_a_cache():
    embedder = CountingEmbedder()
    first = embedder.encode(["a short one", "a much longer sentence than that", "a short one"])
    second = embedder.encode(["a much longer sentence than that", "new words"])
    assert embedder.computed == ["a much longer sentence than that", "a short one",
                                 "new words"]  # longest first, each once
    assert np.allclose(second[0], first[1]) and np.allclose(first[0], first[2])


def test_a_run_embeds_every_text_once(tmp_path):
    embedder = CountingEmbedder()
    run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, tmp_path / "p.sqlite", Settings(),
                 embedder=embedder)
    assert embedder.computed, "nothing was embedded"
    assert len(embedder.computed) == len(set(embedder.computed))


def test_a_rerun_on_unchanged_files_computes_nothing_and_keeps_suggestions(tmp_path):
    project = tmp_path / "p.sqlite"
    first = run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, project, Settings(),
                         embedder=FakeEmbedder())
    made = _suggestions(project)
    embedder = CountingEmbedder()
    again = run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, project, Settings(),
                         embedder=embedder)
    assert embedder.computed == []
    assert again.suggestions_kept and not first.suggestions_kept
    assert again.imported == [] and sorted(again.unchanged) == sorted(first.imported)
    assert (again.segments, again.suggestions) == (first.segments, first.suggestions)
    assert _suggestions(project) == made
    with Project(project) as store:
        segment = store.segments()[3]
        store.record_decisions([Decision(segment.id, "Burnout", Action.CONFIRM, "ana")])
    learned = run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, project, Settings(),
                           embedder=FakeEmbedder())
    assert not learned.suggestions_kept and learned.learned_from == 1


def test_adding_a_meeting_embeds_only_that_meetings_texts(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE_TRANSCRIPTS, folder)
    newest = sorted(folder.glob("*.vtt"))[-1]
    held_back = newest.rename(tmp_path / newest.name)
    project = tmp_path / "p.sqlite"
    run_pipeline([folder], SAMPLE_CODEBOOK, project, Settings(), embedder=FakeEmbedder())
    embedder = CountingEmbedder()
    report = run_pipeline([folder, held_back], SAMPLE_CODEBOOK, project, Settings(),
                          embedder=embedder)
    assert report.imported == [held_back.name] and not report.suggestions_kept
    added = read_transcript(held_back).id
    with Project(project) as store:
        its_texts = {turn.text for turn in store.turns(added)}
        its_texts |= {s.text for s in store.segments([added])}
    assert embedder.computed and set(embedder.computed) <= its_texts


def _suggestions(project) -> list:
    with Project(project) as store:
        return sorted(store.suggestions_on([s.id for s in store.segments()]),
                      key=lambda s: (s.segment_id, s.code))


def _exported(tmp_path, monkeypatch, source_sha):
    """A model folder in a private cache holding an 'export' recorded as made from the
    weights with ``source_sha``."""
    monkeypatch.setenv("FOCUS_CODING_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "models" / f"all-MiniLM-L6-v2-{source_sha[:16]}"
    folder.mkdir(parents=True)
    (folder / "model.onnx").write_bytes(b"exported")
    (folder / "export.json").write_text(json.dumps({
        "source_sha256": source_sha, "onnx_sha256": sha256_of(folder / "model.onnx")}))
    return folder


def test_an_export_that_no_longer_matches_its_record_is_refused(tmp_path, monkeypatch):
    source_sha = "ab" * 32
    folder = _exported(tmp_path, monkeypatch, source_sha)
    assert exported_model(tmp_path, source_sha) == folder / "model.onnx"
    (folder / "model.onnx").write_bytes(b"altered")
    with pytest.raises(ModelError, match="delete the folder"):
        exported_model(tmp_path, source_sha)


def test_a_quantised_model_that_no_longer_matches_its_record_is_refused(tmp_path, monkeypatch):
    source_sha = "cd" * 32
    folder = _exported(tmp_path, monkeypatch, source_sha)
    (folder / "model.int8.onnx").write_bytes(b"quantised")
    (folder / "int8.json").write_text(json.dumps({
        "fp32_sha256": sha256_of(folder / "model.onnx"),
        "int8_sha256": sha256_of(folder / "model.int8.onnx")}))
    assert quantised_model(tmp_path, source_sha) == folder / "model.int8.onnx"
    (folder / "model.int8.onnx").write_bytes(b"altered")
    with pytest.raises(ModelError, match="delete the folder"):
        quantised_model(tmp_path, source_sha)


def test_quantised_vectors_are_kept_apart_from_full_precision_ones():
    assert Embedder(runtime="onnx-int8").key == "all-MiniLM-L6-v2 (int8)"
    assert Embedder().key == Embedder(runtime="torch").key == "all-MiniLM-L6-v2"
    assert FakeEmbedder().key == "fake-bag-of-words"


@pytest.mark.slow  # the real model, quantised and not
def test_the_quantised_model_keeps_the_meaning_of_full_precision():
    texts = ["I can't stop answering texts from families late at night.",
             "Patients' relatives message me after hours all the time.",
             "The conference poster deadline is next Friday.", "Yeah.",
             "We are two nurses short and the billing office keeps rejecting claims. " * 3]
    int8 = Embedder(runtime="onnx-int8").encode(texts)
    full = Embedder().encode(texts)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1, atol=1e-5)
    assert (int8 * full).sum(axis=1).min() > 0.94
    assert int8[0] @ int8[1] > int8[0] @ int8[2] + 0.2  # related sentences still closer


@pytest.mark.slow  # the real model, both runtimes
def test_onnx_runtime_gives_the_sentence_transformers_vectors():
    texts = ["I can't stop answering texts from families late at night.", "Yeah.",
             "The conference poster deadline is next Friday, so I'm writing all weekend " * 4]
    onnx = Embedder(runtime="onnx").encode(texts)
    torch = Embedder(runtime="torch").encode(texts)
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1, atol=1e-5)
    assert (onnx * torch).sum(axis=1).min() > 0.9999
