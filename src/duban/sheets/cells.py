"""Cells to text: an openpyxl cell value (and its number format) in, the text the office sees out.

``cell_text`` gives 1.0 as '1', a date as '2024-06-30' and 0.052 formatted as a percentage as
'5.2%'; ``clean_text`` makes Windows line ends plain; ``normalize_header`` gives the canonical
form of a header however an office wrapped, padded or annotated it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

_BRACKETED = re.compile(r"[(\[【].*$")


def normalize_header(value: Any) -> str:
    """'重 点\\n任务', '完成值（万元）', 'Task_ID', '完成值*' → the canonical header form.

    Offices break headers onto two lines, pad them with full-width spaces, add a unit in
    brackets or a required-mark; none of that changes which column it is.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split())
    text = _BRACKETED.sub("", text).rstrip("*")
    return text.casefold()


def clean_text(text: str) -> str:
    """One cell's text with Windows line ends made plain and the outer blanks trimmed."""
    return text.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A cell value as the office reads it: 1.0 → '1', a date → '2024-06-30', 0.052 as % → '5.2%'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            # Excel stores 5.2% as 0.052; the office typed and sees 5.2%.
            return f"{value * 100:.15g}%"
        return f"{value:.15g}"
    return clean_text(str(value))
