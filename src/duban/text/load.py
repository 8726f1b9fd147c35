"""Read a report file into text: bytes or a document in, ``LoadedText`` out.

Raises ``ReportError`` (one line: what is wrong and what to do) for anything that
is not a readable report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ReportError(Exception):
    """The input is not a report duban can read; ``str(err)`` is one line for the user."""


@dataclass(frozen=True)
class LoadedText:
    text: str  # decoded text, newlines normalised to "\n", no BOM
    source_format: str  # "txt", "md", "docx" or "pdf"
    encoding: str | None = None  # for text files, the encoding that decoded them


def load_report(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    raise NotImplementedError
