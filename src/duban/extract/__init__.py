"""Extract stage: report text in, the contract of ``spec/extraction.md`` out.

``extract_file(path)`` and ``extract_text(text)`` return a plain dict with
``schema``, ``document``, ``outline``, ``quantities``, ``indicators`` and ``tasks``.
This package imports no web code, so researchers can use it alone.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract_file", "extract_text"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the text stage reads this package's lexicon without
    # pulling in the whole pipeline.
    if name in __all__:
        from duban.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
