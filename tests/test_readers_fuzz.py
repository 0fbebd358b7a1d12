"""Fuzzing: random bytes, and every sample transcript of tests/data damaged at random —
bytes flipped, cut short, '<', ':', '-->', NUL or a huge run inserted, and for Word and
Excel files the XML inside the zip damaged the same way. Whatever comes in, reading
ends within a time limit, and the only exception that may come out is CodingError.
"""

from __future__ import annotations

import io
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coding.errors import CodingError
from coding.readers import SUPPORTED_SUFFIXES, read_transcript

DATA = Path(__file__).resolve().parent / "data"
#: Every sample of tests/data, and two hostile fixtures whose structure the samples lack
#: (a Word table with merged cells, an Excel sheet with merged cells).
SAMPLES = sorted(path for path in DATA.iterdir() if path.suffix in SUPPORTED_SUFFIXES) + [
    DATA / "hostile" / "c6_table_merged_speaker.docx", DATA / "hostile" / "c7_merged_speaker.xlsx"]
#: Per file: the samples are a few KB and read in milliseconds.
TIME_LIMIT = 2.0
INSERTS = [b"<", b":", b"-->", b"\x00", b"<v" + b".a" * 2000, b"<a" * 3000, b"\n" * 500,
           b"\xff\xfe", b"&amp;" * 500, b"\r\r\n", b"00:00:01.000 --> 00:00:00.000\n",
           b'"' * 301, b"{\\an8}", b"\xe2\x80\xa8", b"_x0007_", b"a" * 100_000]
FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def read_or_refuse(data: bytes, suffix: str) -> None:
    """Read ``data`` as a file with ``suffix``: a transcript, a CodingError, or a failed
    test (any other exception, or no answer within TIME_LIMIT)."""
    outcome: dict[str, BaseException] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(data)

        def run() -> None:
            try:
                read_transcript(path)
            except CodingError:
                pass
            except BaseException as error:  # reported to the test below
                outcome["error"] = error

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(TIME_LIMIT)
        assert not worker.is_alive(), f"reading took over {TIME_LIMIT} s: {data[:200]!r}"
    if "error" in outcome:
        raise outcome["error"]


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """``original`` with one to four random edits."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if edit == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "cut":
            del data[at:]
        elif edit == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS)) * draw(st.integers(1, 3))
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


@st.composite
def damaged_inside(draw, original: bytes) -> bytes:
    """A Word or Excel file whose XML parts are damaged, then zipped again: the zip
    stays readable, so the damage reaches the XML and the readers behind it."""
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = sorted(name for name in parts if name.endswith(".xml"))
    for name in draw(st.lists(st.sampled_from(xml), min_size=1, max_size=2, unique=True)):
        parts[name] = draw(damaged(parts[name]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
@FUZZ
@given(data=st.data())
def test_a_damaged_sample_is_read_or_refused(sample, data):
    original = sample.read_bytes()
    if sample.suffix in (".docx", ".xlsx") and data.draw(st.booleans()):
        fuzzed = data.draw(damaged_inside(original))
    else:
        fuzzed = data.draw(damaged(original))
    read_or_refuse(fuzzed, sample.suffix)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_bytes_are_read_or_refused(data, suffix):
    read_or_refuse(data, suffix)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(INSERTS[:14] + [b"Ann Lee: ", b"WEBVTT\n\n", b"1\n", b" "]),
                max_size=30), st.sampled_from([".vtt", ".srt", ".txt", ".csv"]))
def test_text_built_from_hostile_pieces_is_read_or_refused(pieces, suffix):
    read_or_refuse(b"".join(pieces), suffix)
