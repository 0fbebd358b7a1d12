"""focus-coding: suggest, review and export themes in meeting transcripts, offline."""

__version__ = "0.1.0"
