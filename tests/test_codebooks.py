"""Codebooks load from YAML and CSV alike and refuse contradictions with a fix."""

from __future__ import annotations

import pytest

from coding.codebooks import load_codebook, save_codebook
from coding.errors import CodebookError


def test_yaml_and_csv_with_the_same_columns_give_the_same_codebook(data_dir):
    from_yaml = load_codebook(data_dir / "codebook_small.yaml")
    from_csv = load_codebook(data_dir / "codebook_small.csv")
    assert from_yaml.codes == from_csv.codes
    boundaries = from_yaml.code("Setting boundaries")
    assert boundaries.keywords == ("boundary", "switch off", "phone off")
    assert boundaries.parent == "Work-life integration"
    assert len(boundaries.examples) == 1


def test_study_codebook_has_the_seed_themes_with_examples(tmp_path):
    from tests.conftest import SAMPLE_CODEBOOK

    codebook = load_codebook(SAMPLE_CODEBOOK)
    seeds = {"Major life decisions", "Setting boundaries", "Non-clinical practice challenges",
             "Burnout", "Celebrating milestones", "Shared academic pursuits"}
    assert seeds <= set(codebook.names)
    for code in codebook.codes:
        assert code.definition and code.inclusion and code.exclusion and code.keywords
        assert 2 <= len(code.examples) <= 3


def test_save_then_load_round_trips(tmp_path, data_dir):
    codebook = load_codebook(data_dir / "codebook_small.yaml")
    save_codebook(codebook, tmp_path / "copy.yaml")
    assert load_codebook(tmp_path / "copy.yaml") == codebook


@pytest.mark.parametrize("body, message, line", [
    ("codes:\n  - name: A\n  - name: a\n", "appears twice", 3),
    ("codes:\n  - name: A\n  - name: B\n    keywrods: [x]\n", "did you mean 'keywords'", 3),
    ("codes:\n  - definition: no name\n", "has no name", 2),
    ("codes:\n  - name: A\n    examples: {a: b}\n", "must be a list", 2),
    ("codes: []\n", "no codes", None),
    ("name: x\n", "'codes:' list", 1),
    ("codes:\n  - name: A\n   definition: [unclosed\n", "not valid YAML", 3),
])
def test_bad_codebooks_are_refused_with_reason_and_line(tmp_path, body, message, line):
    path = tmp_path / "book.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CodebookError, match=message) as caught:
        load_codebook(path)
    assert "book.yaml" in str(caught.value)
    assert caught.value.line == line


def test_extra_fields_from_other_tools_are_tolerated(tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("codes:\n  - name: A\n    subcodes: [x, y]\n    published_highlight_count: 3\n",
                    encoding="utf-8")
    assert load_codebook(path).names == ["A"]


def test_csv_errors_name_the_line(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text("name,definition\nA,first\nB,second\nA,again\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="appears twice") as caught:
        load_codebook(path)
    assert caught.value.line == 4


def test_csv_without_a_name_column_says_which_header_to_use(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text("code,meaning\nA,b\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="name,definition"):
        load_codebook(path)
