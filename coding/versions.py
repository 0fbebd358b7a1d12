"""The versions a run records: Python, the embedding model and the libraries that shape
the results, so a run can be repeated or explained later."""

from __future__ import annotations

import platform
from importlib import metadata

LIBRARIES = ("focus-coding", "spacy", "sentence-transformers", "torch", "onnxruntime",
             "numpy", "pandas", "bertopic")


def library_versions(model: str) -> dict[str, str]:
    """Python, ``model`` and each of :data:`LIBRARIES` with its installed version."""
    versions = {"python": platform.python_version(), "model": model}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
