"""The data card written beside a panel: what each field means, where the region codes come from,
what the corpus held, and the known limits of the figures. Markdown, in the panel's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duban
from duban.corpus import promises
from duban.corpus.cache import fingerprint
from duban.corpus.rows import COLUMNS, PANEL_SCHEMA
from duban.extract.pipeline import SCHEMA as EXTRACT_SCHEMA
from duban.regions import source

if TYPE_CHECKING:
    from duban.corpus.run import Options, Summary

LIMITS = """\
- Headline indicators are those of the review's summary of the year and of the plan's main-targets
  list (主要预期目标) only, named by the indicator dictionary (`metric`, `canonical`); a sector's or a
  county's figure in a work section is not one (`--quantities` gives every figure).
- A range (4.5%—5%) is two rows, `ge` the lower bound and `le` the upper; an urban/rural pair of
  incomes is two `居民收入` rows; a qualitative target (城乡居民收入与经济同步增长) has no value.
- A decrease is a negative value (下降2.7% → -2.7); a figure of a span of years (十四五, 年均) has
  `period_start`/`period_end` and no `year`, and is never a headline indicator of one year.
- `region_code` is left empty when the report's own name for its region is ambiguous (朝阳区) or
  not in the table; `region_note` then says why. Codes are those of the table's date, not of the
  report's year: a division renamed or merged since then carries its current code, or none.
- A file that could not be read (not a report, an image-only PDF, no Chinese text) is not in the
  panel; it is a line of the errors file with the reason. The extraction is automatic: check the
  figures that matter against the report (`text`, `raw_start`/`raw_end`, `sha256`).
"""


def _table(columns: dict[str, str]) -> str:
    lines = ["| field | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {meaning.replace('|', '/')} |" for name, meaning in columns.items()]
    return "\n".join(lines)


def _counts(counts: dict) -> str:
    return "、".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))) or "—"


def write(path: Path, out: Path, summary: Summary, options: Options) -> None:
    table = source()
    mode = "one row per quantity (`--quantities`)" if options.quantities else "one row per headline indicator"
    shard = (
        f"shard {options.shard[0]}/{options.shard[1]} of the input" if options.shard else "the whole input"
    )
    parts = [
        f"# Data card: {out.name}",
        "",
        f"Panel of government work reports (政府工作报告) made by duban {duban.__version__} "
        f"(`duban corpus`), schema `{PANEL_SCHEMA}`, extraction `{EXTRACT_SCHEMA}`, extractor fingerprint "
        f"`{fingerprint()}`; {mode}; {shard}.",
        "",
        "## Contents",
        "",
        f"- reports read: {summary.files - summary.failed} of {summary.files} files; "
        f"{summary.failed} in `{out.stem}.errors.tsv` (file, SHA-256, reason)",
        f"- rows: {summary.rows}",
        f"- reports by level: {_counts(summary.levels)}",
        f"- reports by plan year: {_counts(summary.years)}",
    ]
    if options.promises:
        parts.append(f"- promise checks: {summary.promise_rows} rows in `{out.stem}.promises{out.suffix}`")
    parts += [
        "",
        "## Region names and codes",
        "",
        f"{table['title']} as of {table['as_of']}, from the `{table['package']}` "
        f"{table['version']} package (`{table['file']}`). The report's own name for its region "
        "(`region_as_written`) is resolved against it; an ambiguous name is never guessed.",
        "",
        "## Fields",
        "",
        _table(COLUMNS),
        "",
    ]
    if options.promises:
        parts += ["## Promise fields", "", _table(promises.COLUMNS), ""]
    parts += ["## Known limits", "", LIMITS]
    path.write_text("\n".join(parts), encoding="utf-8")
