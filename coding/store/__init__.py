"""The project file: one SQLite database. This package is the only code that writes it."""

from coding.store.codebook import now
from coding.store.project import Project

__all__ = ["Project", "now"]
