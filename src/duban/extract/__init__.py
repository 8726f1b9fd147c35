"""Extract stage: report text in, the contract of ``spec/extraction.md`` out.

``extract_file(path)`` and ``extract_text(text)`` return a plain dict with
``schema``, ``document``, ``outline``, ``quantities``, ``indicators`` and ``tasks``.
This package imports no web code, so researchers can use it alone.
"""

from duban.extract.pipeline import extract_file, extract_text

__all__ = ["extract_file", "extract_text"]
