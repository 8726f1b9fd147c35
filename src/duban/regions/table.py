"""The official division table: the pinned package's CSV in, one ``Division`` per code out.

Levels come from the code itself: ``PP0000000000`` is a province, ``PPCC00000000`` a prefecture
(city), anything else a county. A municipality's city-level rows (北京市 110100000000) repeat the
province, so its districts hang from the province directly, as they do in a report's own words.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path


class RegionTableMissing(RuntimeError):
    """The data package with the code table is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Division:
    code: str | None  # 12-digit 统计用区划代码; None for the whole country
    name: str  # its own name: 爱民区
    level: str  # national, province, city or county (extraction.md's levels)
    full_name: str  # from the province down: 黑龙江省牡丹江市爱民区
    parent: str | None = None  # the code of the division above it
    ancestors: tuple[str, ...] = field(default=(), compare=False)  # names from the province down

    def within(self, code: str) -> bool:
        """True when this division is ``code`` or lies under it."""
        return self.code is not None and self.code.startswith(_prefix(code))

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level, "full_name": self.full_name}


@cache
def settings() -> dict:
    return tomllib.loads((resources.files("duban") / "data" / "divisions.toml").read_text("utf-8"))


def source() -> dict:
    """Which table the codes come from: package, version, file and the date the data stands at."""
    return dict(settings()["source"])


NATIONAL = Division(code=None, name="中华人民共和国", level="national", full_name="中华人民共和国")


def _csv_path() -> Path:
    src = source()
    try:
        dist = metadata.distribution(src["package"])
    except metadata.PackageNotFoundError:
        raise RegionTableMissing(
            f"区划代码表未安装：请运行 pip install '{src['package']}=={src['version']}'"
        ) from None
    # Located through the package's metadata, not imported: its module pulls in pandas and jieba,
    # of which the table needs nothing.
    path = Path(str(dist.locate_file(src["file"])))
    if not path.is_file():
        raise RegionTableMissing(
            f"{src['package']} {dist.version} 中没有 {src['file']}：请安装 {src['package']}=={src['version']}"
        )
    return path


def _level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "county"


def _prefix(code: str) -> str:
    """The digits that every code under ``code`` starts with."""
    level = _level(code)
    return code[:2] if level == "province" else code[:4] if level == "city" else code


@cache
def table() -> dict[str, Division]:
    """Every division by its code, provinces first."""
    with _csv_path().open(encoding="utf-8", newline="") as handle:
        rows = sorted((r["adcode"].strip(), r["name"].strip()) for r in csv.DictReader(handle))
    names = dict(rows)
    divisions: dict[str, Division] = {}
    for code, name in rows:
        level = _level(code)
        province_code = code[:2] + "0" * 10
        province = names.get(province_code)
        if level == "province":
            divisions[code] = Division(code, name, level, name)
            continue
        if level == "city" and name == province:
            continue  # a municipality's own city-level row
        city_code = code[:4] + "0" * 8
        city = names.get(city_code) if level == "county" else None
        if city == province:
            city = None  # a municipality's district, or a county the province governs directly
        ancestors = tuple(n for n in (province, city) if n)
        parent = city_code if city else province_code if province else None
        divisions[code] = Division(code, name, level, "".join(ancestors) + name, parent, ancestors)
    return divisions


def division(code: str) -> Division | None:
    """The division of a 12-digit (or 6-digit 行政区划代码) code, or None."""
    code = code.strip()
    if len(code) == 6 and code.isdigit():
        code += "000000"
    return table().get(code)
