"""Settings: defaults declared once, overridden from TOML, typos refused."""

from __future__ import annotations

import pytest

from coding.config import Settings, load_settings
from coding.errors import SettingsError
from coding.model import Unit


def test_toml_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('unit = "sentence"\nthreshold = 0.3\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.unit is Unit.SENTENCE and settings.threshold == 0.3
    assert settings.keyword_weight == Settings().keyword_weight


@pytest.mark.parametrize("body, message", [
    ("treshold = 0.3\n", "unknown setting"),
    ('unit = "paragraph"\n', "unit must be"),
    ('threshold = "high"\n', "must be a number"),
    ('runtime = "tensorflow"\n', "runtime must be one of onnx-int8, onnx, torch"),
    ("threshold = \n", "not valid TOML"),
])
def test_bad_settings_files_are_refused(tmp_path, body, message):
    path = tmp_path / "settings.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings(path)
    assert "settings.toml" in str(caught.value)


def test_command_line_overrides_ignore_options_not_given():
    settings = Settings().with_overrides(unit="sentence", threshold=None)
    assert settings.unit is Unit.SENTENCE and settings.threshold == Settings().threshold
