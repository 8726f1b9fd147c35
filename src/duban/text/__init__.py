"""Text stage: a report file in, its decoded text and a repaired view of it out.

``load`` reads .txt/.md/.docx/.pdf into one string (the offsets of the contract's
``raw_span`` point into it); ``chrome`` finds what a saved web page adds around the
report; ``repair`` undoes PDF damage while keeping a map back to the raw offsets.
"""

from duban.text.load import LoadedText, ReportError, load_report

__all__ = ["LoadedText", "ReportError", "load_report"]
