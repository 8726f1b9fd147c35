"""Region names and official codes: a name as a report writes it in, the division it names out.

``resolve("爱民区")`` gives 黑龙江省牡丹江市爱民区 with its 统计用区划代码 231004000000; a name that fits
several divisions (朝阳区: Beijing's and Changchun's) is reported ambiguous with every candidate,
never guessed. ``within`` narrows the search to one division's descendants (the counties of 保定市).
The table is read from a pinned data package (``data/divisions.toml`` says which, and of what date);
nothing is fetched at run time. Plain library: no web imports.
"""

from duban.regions.resolve import Resolution, resolve
from duban.regions.table import NATIONAL, Division, RegionTableMissing, division, source, table

__all__ = [
    "NATIONAL",
    "Division",
    "RegionTableMissing",
    "Resolution",
    "division",
    "resolve",
    "source",
    "table",
]
