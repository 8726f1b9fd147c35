"""Excel workbooks that supervision offices exchange with duban; openpyxl only, no Django.

Two kinds, each written in the layout offices print and read back by header names:

- 分工表 (responsibility table): ``write_split(dest, meta, title, rows)`` takes ``SplitRow``s and
  writes an .xlsx; ``read_split(source)`` returns ``(SheetMeta | None, list[SplitRow])``.
- 进展报送表 (progress collection sheet): ``write_progress`` / ``read_progress`` do the same with
  ``ProgressRow``s, one per target, for one unit and one period.

Every export carries a very-hidden ``duban`` sheet with its ``SheetMeta`` (which plan, period and
unit it was made for); a workbook without it reads with meta ``None`` and the caller decides.
``workbook_bytes(source)`` reads a file or upload with the size limit and refusals the readers
use. A file that cannot be read raises ``WorkbookError``, whose text is one Chinese line telling the
office what is wrong and what to do. ``parse_deadline(text, plan_year)`` turns a 完成时限 into
a date.
"""

from duban.sheets.deadlines import parse_deadline
from duban.sheets.meta import SheetMeta
from duban.sheets.opening import workbook_bytes
from duban.sheets.progress import ProgressRow, parse_actual, read_progress, write_progress
from duban.sheets.split import SplitRow, read_split, write_split
from duban.sheets.workbook import WorkbookError

__all__ = [
    "ProgressRow",
    "SheetMeta",
    "SplitRow",
    "WorkbookError",
    "parse_actual",
    "parse_deadline",
    "read_progress",
    "read_split",
    "workbook_bytes",
    "write_progress",
    "write_split",
]
