"""Rows in, a panel file out, streamed: CSV and JSON lines need nothing, Parquet needs pyarrow
(``pip install 'duban[corpus]'``). Rows are written in batches and never held whole; the file
appears under its name only when complete (written as ``NAME.partial``, then renamed).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Protocol

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}
BATCH = 5000  # rows a Parquet row group holds: memory stays flat however many reports there are


class PanelFormatError(ValueError):
    """The output's suffix names no format we write, or Parquet is asked for without pyarrow."""


class Writer(Protocol):
    def write(self, rows: list[dict]) -> None: ...
    def close(self) -> None: ...


def format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PanelFormatError(f"不认识的输出格式“{path.suffix or path.name}”：请用 .parquet、.csv 或 .jsonl")
    if fmt == "parquet":
        _pyarrow()
    return fmt


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise PanelFormatError(
            "写 Parquet 需要 pyarrow：请运行 pip install 'duban[corpus]'，或改用 .csv / .jsonl"
        ) from None
    return pyarrow


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class _Csv:
    def __init__(self, path: Path, columns: dict[str, str]) -> None:
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.columns = list(columns)
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(self.columns)

    def write(self, rows: list[dict]) -> None:
        self.writer.writerows([_csv_cell(row.get(c)) for c in self.columns] for row in rows)

    def close(self) -> None:
        self.handle.close()


class _JsonLines:
    def __init__(self, path: Path, columns: dict[str, str]) -> None:
        self.handle = path.open("w", encoding="utf-8", newline="\n")
        self.columns = list(columns)

    def write(self, rows: list[dict]) -> None:
        for row in rows:
            record = {c: row.get(c) for c in self.columns}
            self.handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")

    def close(self) -> None:
        self.handle.close()


class _Parquet:
    def __init__(self, path: Path, columns: dict[str, str], types: dict[str, str]) -> None:
        pa = _pyarrow()
        self.pa = pa
        kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
        self.schema = pa.schema([(c, kinds[types.get(c, "str")]) for c in columns])
        self.writer = pa.parquet.ParquetWriter(str(path), self.schema)
        self.pending: list[dict] = []

    def write(self, rows: list[dict]) -> None:
        self.pending.extend(rows)
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            columns = {
                f.name: [_typed(r.get(f.name), f.type, self.pa) for r in self.pending] for f in self.schema
            }
            self.writer.write_table(self.pa.table(columns, schema=self.schema))
            self.pending = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


def _typed(value: Any, kind, pa) -> Any:
    if value is None:
        return None
    if kind == pa.float64():
        return float(value)
    if kind == pa.string() and not isinstance(value, str):
        return str(value)
    return value


class Panel:
    """A panel file being written: ``write`` batches of rows, then ``commit`` (or ``discard``)."""

    def __init__(self, path: Path, columns: dict[str, str], types: dict[str, str] | None = None) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.rows = 0
        fmt = format_of(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            self.writer: Writer = _Csv(self.partial, columns)
        elif fmt == "jsonl":
            self.writer = _JsonLines(self.partial, columns)
        else:
            self.writer = _Parquet(self.partial, columns, types or {})

    def write(self, rows: list[dict]) -> None:
        if rows:
            self.writer.write(rows)
            self.rows += len(rows)

    def commit(self) -> None:
        self.writer.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        self.writer.close()
        self.partial.unlink(missing_ok=True)
