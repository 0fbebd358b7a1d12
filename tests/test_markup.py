"""Transcript text shows literally on screen; matched words are highlighted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coding.errors import ProjectError
from coding.markup import escape, highlighted, word_spans
from coding.paths import list_projects, new_project_path


def _unescaped(markdown: str) -> str:
    return markdown.replace("\\", "").replace("  \n", "\n").replace("\u2060", "")


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script>", "**bold** and _it_", "# not a heading",
    ":red[not red] :smile:", "costs $5 and $6", "[link](http://x)", "a\\b", "1. list",
])
def test_escaped_text_has_every_special_character_backslashed(text):
    escaped = escape(text)
    assert _unescaped(escaped) == text.replace("\\", "")
    for character in "<*_#[:$":
        assert f"{character}" not in escaped.replace(f"\\{character}", "")


def test_matched_words_are_highlighted_whole_and_case_insensitively():
    text = "Boundaries matter; my boundary is home. Boundless!"
    assert word_spans(text, ["boundaries", "boundary"]) == [(0, 10), (22, 30)]
    marked = highlighted(text, ["boundaries", "boundary"])
    assert marked.count(":orange[**") == 2
    assert "Boundless" in marked


@given(st.text(max_size=60), st.lists(st.sampled_from(["staffed", "on-call", "a", "é"]),
                                      max_size=3))
def test_a_highlight_only_wraps_the_words_and_never_changes_them(text, words):
    """The wrapper is the only thing added: no space, no character moved or lost
    ("short staffed." once showed as "short staffed .")."""
    marked = highlighted(text, words)
    assert marked.replace(":orange[**", "").replace("**]", "") == escape(text)


def test_project_names_that_are_paths_are_refused(tmp_path):
    for name in ("../escape", "a/b", "", "x" * 90):
        with pytest.raises(ProjectError, match="cannot be a project name"):
            new_project_path(name, tmp_path)


def test_new_projects_land_in_the_folder_and_are_listed(tmp_path):
    path = new_project_path("friendtor 2025", tmp_path)
    assert path == tmp_path / "friendtor 2025.sqlite"
    path.write_bytes(b"")
    assert list_projects(tmp_path) == [path]
    with pytest.raises(ProjectError, match="already exists"):
        new_project_path("friendtor 2025", tmp_path)


def test_addresses_icon_codes_and_emoji_codes_cannot_become_links_or_icons():
    said = "See https://example.org, www.nhs.uk or ann@example.org :material/home: :smile:"
    shown = escape(said)
    for active in ("://", "www.", "www\\.", "@e", ":material", ":smile", "\\:material"):
        assert active not in shown
    assert shown.replace("\u2060", "").replace("\\", "") == said  # nothing else changes
