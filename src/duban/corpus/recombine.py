"""Reports made from reports: a real report's text in, the same report for another region and
another year out. The benchmark builds corpora of any size this way from the shared corpus, and
the tests build a city's counties; the figures stay those of the real report unless told.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from duban.regions import Division, resolve, table
from duban.regions.resolve import short

_YEAR = regex.compile(r"(?<![\d.])(?:19[5-9]\d|20[0-4]\d)(?![\d.%])")


def _names(d: Division) -> list[str]:
    return [*d.ancestors, d.name]


def name_pairs(source: Division, target: Division) -> dict[str, str]:
    """Each name of ``source``'s line (province, city, itself), full and short, to ``target``'s."""
    pairs: dict[str, str] = {}
    for old, new in zip(_names(source), _names(target), strict=True):
        pairs[old] = new
        if short(old) != old and short(new) != new:
            pairs[short(old)] = short(new)
    return pairs


def recombine(
    text: str,
    *,
    source: Division,
    target: Division,
    year_shift: int = 0,
    replace: dict[str, str] | None = None,
) -> str:
    """``text`` with ``source``'s names made ``target``'s, every year moved by ``year_shift`` and
    the ``replace`` pairs applied (longest first, in one pass: nothing replaced is replaced again)."""
    if len(source.ancestors) != len(target.ancestors):
        raise ValueError(f"{source.full_name} 与 {target.full_name} 的层级结构不同，不能互换")
    pairs = {**name_pairs(source, target), **(replace or {})}
    pattern = regex.compile("|".join(regex.escape(k) for k in sorted(pairs, key=len, reverse=True)))
    text = pattern.sub(lambda m: pairs[m.group()], text)
    if year_shift:
        text = _YEAR.sub(lambda m: str(int(m.group()) + year_shift), text)
    return text


@dataclass(frozen=True)
class Base:
    """A real report to recombine: its text and the division it is about."""

    name: str
    text: str
    division: Division


def base(name: str, text: str, region: str | None) -> Base | None:
    """A base for ``text`` when its region resolves to one division (a national report has none)."""
    found = resolve(region)
    if found.division is None or found.division.code is None:
        return None
    return Base(name, text, found.division)


def synthetic(
    bases: list[Base], n: int, *, seed: int = 2024, years: range = range(-8, 3)
) -> Iterator[tuple[str, str]]:
    """``n`` reports (file name, text): each a base, in turn, moved to another division of the same
    level and shape and to another year, chosen by a seeded generator: the same ``n`` and ``seed``
    give the same corpus."""
    rng = random.Random(seed)
    shapes: dict[tuple[str, int], list[Division]] = {}
    for d in table().values():
        shapes.setdefault((d.level, len(d.ancestors)), []).append(d)
    for i in range(n):
        b = bases[i % len(bases)]
        target = rng.choice(shapes[(b.division.level, len(b.division.ancestors))])
        shift = rng.choice(years)
        text = recombine(b.text, source=b.division, target=target, year_shift=shift)
        yield f"{i:06d}-{target.code}-{b.name}", text


def write_corpus(folder: Path, sources: list[Path], n: int, *, seed: int = 7) -> list[Path]:
    """``n`` reports recombined from the report files ``sources`` (those whose region resolves),
    written into ``folder`` as UTF-8 text; returns their paths."""
    from duban.extract import extract_file

    bases = []
    for path in sources:
        found = base(path.stem, path.read_text(encoding="utf-8"), extract_file(path)["document"]["region"])
        if found is not None:
            bases.append(found)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in synthetic(bases, n, seed=seed):
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
