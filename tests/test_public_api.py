"""The public API a notebook user imports: every name in ``coding.__all__`` resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import coding


@pytest.mark.parametrize("name", coding.__all__)
def test_every_public_name_resolves(name):
    assert getattr(coding, name) is not None


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'run_pipline'"):
        coding.run_pipline  # noqa: B018


def test_importing_the_package_loads_no_heavy_library():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, coding; print(sorted(sys.modules))"],
        capture_output=True, text=True, check=True).stdout
    assert all(heavy not in loaded for heavy in ("'torch'", "'pandas'", "'spacy'"))
