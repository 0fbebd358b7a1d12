"""REFI-QDA exchange: the codebook as ``.qdc`` and the whole project as ``.qdpx``.

Follows the REFI-QDA 1.0 schemas (``urn:QDA-XML:codebook:1.0`` and
``urn:QDA-XML:project:1.0``), so ATLAS.ti, MAXQDA, NVivo, QDA Miner and others can
open what this tool writes, and this tool can open theirs.
"""

from coding.refi.export import exchange_files, project_qdpx, qdc_bytes, write_qdc, write_qdpx
from coding.refi.import_ import ImportReport, import_qdpx, read_qdc

__all__ = ["ImportReport", "exchange_files", "import_qdpx", "project_qdpx", "qdc_bytes", "read_qdc",
           "write_qdc", "write_qdpx"]
