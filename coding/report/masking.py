"""Apply a pseudonym masker to everything an export writes: every text cell, every
column name (participants head the columns of some tables), captions and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import TypeVar

import pandas as pd

Mask = Callable[[str], str]
T = TypeVar("T")


def masked_frame(frame: pd.DataFrame, mask: Mask) -> pd.DataFrame:
    renamed = frame.rename(columns=lambda c: mask(c) if isinstance(c, str) else c)
    if isinstance(renamed.index, pd.Index) and renamed.index.dtype == object:
        renamed.index = [mask(i) if isinstance(i, str) else i for i in renamed.index]
    return renamed.map(lambda v: mask(v) if isinstance(v, str) else v)


def masked(value: T, mask: Mask) -> T:
    """``value`` with every text masked: a string, a DataFrame, a dict or tuple of
    them, or a frozen dataclass whose fields are any of these."""
    if isinstance(value, str):
        return mask(value)  # type: ignore[return-value]
    if isinstance(value, pd.DataFrame):
        return masked_frame(value, mask)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {masked(k, mask): masked(v, mask) for k, v in value.items()}  # type: ignore
    if isinstance(value, tuple):
        return tuple(masked(v, mask) for v in value)  # type: ignore[return-value]
    if hasattr(value, "__dataclass_fields__"):
        return replace(value, **{f.name: masked(getattr(value, f.name), mask)  # type: ignore
                                 for f in fields(value)})
    return value
