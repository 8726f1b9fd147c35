"""Run every extraction step: ``LoadedText`` in, the contract dict out."""

from __future__ import annotations

from pathlib import Path

from duban.text.load import DEFAULT_MAX_BYTES, LoadedText, load_report

SCHEMA = "duban.extract/1"


def extract_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    return extract_loaded(load_report(path, max_bytes=max_bytes))


def extract_text(text: str) -> dict:
    return extract_loaded(LoadedText(text=text, source_format="txt"))


def extract_loaded(loaded: LoadedText) -> dict:
    raise NotImplementedError
