"""`coding run --pseudonymise …` and `coding participants`: the same library, typed."""

from __future__ import annotations

import pytest

from coding.cli import main
from coding.people.pseudonyms import read_key

pytestmark = pytest.mark.usefixtures("fake_default_embedder")  # `coding run` embeds


def test_run_pseudonymised_then_list_and_correct_participants(two_meetings, small_codebook,
                                                               tmp_path, capsys):
    project = tmp_path / "p.sqlite"
    people = tmp_path / "people.csv"
    people.write_text("name,site\nJane Smith,North\n", encoding="utf-8")
    masks = tmp_path / "masks.txt"
    masks.write_text("Okafor\n", encoding="utf-8")
    key = tmp_path / "elsewhere" / "p.key.csv"
    assert main(["run", str(two_meetings), "--codebook", str(small_codebook), "--project",
                 str(project), "--quiet", "--pseudonymise", "--participants", str(people),
                 "--mask-list", str(masks), "--key", str(key)]) == 0
    assert read_key(key) == {"Jane Smith": "P1", "Ben Kowalski": "P2"}
    capsys.readouterr()

    assert main(["participants", "--project", str(project), "--map", "P2=P1",
                 "--coder", "Ana"]) == 0
    listing = capsys.readouterr().out
    assert "corrected 1 label(s)." in listing
    rows = [line.split() for line in listing.splitlines()]
    assert ["P2", "P1", "False", "Ana"] in rows
    assert ["P1", "North"] in rows
    assert "Jane" not in listing and "Ben" not in listing


def test_a_bad_correction_is_an_error_naming_the_fix(two_meetings, small_codebook, tmp_path,
                                                     capsys):
    project = str(tmp_path / "p.sqlite")
    main(["run", str(two_meetings), "--codebook", str(small_codebook), "--project", project,
          "--quiet"])
    capsys.readouterr()
    assert main(["participants", "--project", project, "--map", "Janet=Jane Smith"]) == 2
    error = capsys.readouterr().err
    assert "no speaker is written 'Janet'" in error and "Dr. Jane Smith" in error
