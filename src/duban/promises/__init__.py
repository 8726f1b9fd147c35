"""The promise check (兑现核查): this year's plan against next year's report. Plain library, no web
code: two extractions (``duban.extract``) in, the contract of ``spec/promises.md`` out.

``check(plan_extraction, next_extraction)`` is the whole check; ``check_files`` reads and extracts
two report files first. Steps, one module each: ``plan_side`` (the promises), ``review_side`` (what
the next report says was achieved), ``measures`` and ``matching`` (pairing by what is measured),
``verdicts`` (completion and verdict), ``citations`` (the sentences), ``pair`` (is it a follow-up?).
"""

from duban.promises.check import SCHEMA, check, check_files
from duban.promises.pair import PairRefused
from duban.promises.verdicts import VERDICTS

__all__ = ["SCHEMA", "VERDICTS", "PairRefused", "check", "check_files"]
