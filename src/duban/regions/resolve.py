"""A region's name as written (牡丹江市爱民区, 爱民区, 河北) in; the one division it names, or the
candidates when it names several, or nothing, out. Never a guess between candidates.

A name is read from its end: the last division name in it is the region, and whatever stands
before must be that division's own province and city (full or short: 黑龙江牡丹江市爱民区).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from duban.regions.table import NATIONAL, Division, settings, table


@dataclass(frozen=True)
class Resolution:
    asked: str
    division: Division | None  # the one division the name names
    candidates: tuple[Division, ...] = ()  # every division it may name, when more than one

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def found(self) -> bool:
        return self.division is not None

    def explain(self) -> str:
        """One line in Chinese: what the name resolved to, or why it did not."""
        if self.division is not None:
            code = self.division.code or "无代码"
            return f"“{self.asked}”即{self.division.full_name}（{code}）"
        if self.ambiguous:
            names = "、".join(f"{d.full_name}（{d.code}）" for d in self.candidates[:8])
            more = f"等 {len(self.candidates)} 个" if len(self.candidates) > 8 else ""
            example = self.candidates[0].full_name
            return f"“{self.asked}”有多个同名区划：{names}{more}，请写明上级，如“{example}”"
        return f"区划代码表中没有“{self.asked}”：请写全称，如“黑龙江省牡丹江市爱民区”"


def short(name: str) -> str:
    """河北省 → 河北, 宁夏回族自治区 → 宁夏; a name that would shrink below two characters stays whole."""
    for suffix in settings()["names"]["suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def _index() -> tuple[dict[str, list[Division]], dict[str, list[Division]], int]:
    full: dict[str, list[Division]] = defaultdict(list)
    brief: dict[str, list[Division]] = defaultdict(list)
    for d in table().values():
        full[d.name].append(d)
        if short(d.name) != d.name:
            brief[short(d.name)].append(d)
    longest = max(len(n) for n in full)
    return dict(full), dict(brief), longest


def _clean(name: str) -> str:
    name = "".join(name.split())
    for word in settings()["names"]["government_words"]:
        if name.endswith(word) and len(name) > len(word):
            name = name[: -len(word)]
            break
    return name


def _ancestry_fits(prefix: str, d: Division) -> bool:
    """``prefix`` is made of ``d``'s ancestors' names, full or short, in order (some may be left out)."""
    if not prefix:
        return True
    for i, ancestor in enumerate(d.ancestors):
        for form in {ancestor, short(ancestor)}:
            if prefix.startswith(form):
                rest = Division(d.code, d.name, d.level, d.full_name, d.parent, d.ancestors[i + 1 :])
                if _ancestry_fits(prefix[len(form) :], rest):
                    return True
    return False


def _candidates(name: str, forms: dict[str, list[Division]], longest: int) -> list[Division]:
    found: list[Division] = []
    for size in range(min(len(name), longest), 0, -1):
        for d in forms.get(name[-size:], ()):
            if _ancestry_fits(name[:-size], d) and d not in found:
                found.append(d)
    return found


def resolve(name: str | None, *, within: str | None = None) -> Resolution:
    """The division ``name`` names, optionally only among those under the code ``within``."""
    asked = (name or "").strip()
    cleaned = _clean(asked)
    if not cleaned:
        return Resolution(asked, None)
    if cleaned in settings()["names"]["national"]:
        return Resolution(asked, NATIONAL if within is None else None)
    full, brief, longest = _index()
    found = _candidates(cleaned, full, longest) or _candidates(cleaned, brief, longest)
    if within is not None:
        found = [d for d in found if d.within(within) and d.code != within]
    # The most specific reading wins when one candidate lies under another (吉林省吉林市: the city).
    found = [d for d in found if not any(o is not d and o.within(d.code or "") for o in found)]
    if len(found) == 1:
        return Resolution(asked, found[0], (found[0],))
    return Resolution(asked, None, tuple(found))
