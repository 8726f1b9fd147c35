"""Corpus mode: folders of work reports in; a panel out, one row per headline indicator record (or
per quantity), with region names and official codes, for researchers.

``build_panel(paths)`` yields the rows as plain dicts (no pandas needed); ``.to_pandas()`` on it
gives a DataFrame when pandas is installed. ``duban corpus`` (``duban.cli.corpus``) runs the same
on every core with a progress bar, a cache that makes runs resumable, an errors file and a data
card (``run``). Plain library: no web imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from duban.corpus.rows import COLUMNS, PANEL_SCHEMA

__all__ = ["COLUMNS", "PANEL_SCHEMA", "Panel", "build_panel"]


class Panel:
    """The rows of a panel, made as they are read. ``errors`` fills with (file, reason) as it goes."""

    def __init__(self, paths: list[Path], options) -> None:
        self.paths, self.options = paths, options
        self.errors: list[tuple[str, str]] = []

    def __iter__(self) -> Iterator[dict]:
        from duban.corpus.run import results, selected

        for result in results(selected(self.paths, self.options.shard), self.options):
            if result.error:
                self.errors.append((result.name, result.error))
            yield from result.rows

    def to_pandas(self):
        """The rows as a pandas DataFrame, columns in the panel's order."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas() 需要 pandas：请运行 pip install pandas") from None
        return pandas.DataFrame(list(self), columns=list(COLUMNS))


def build_panel(
    paths,
    *,
    quantities: bool = False,
    jobs: int = 1,
    cache: str | Path | None = None,
    shard: tuple[int, int] | None = None,
) -> Panel:
    """The panel rows of every report under ``paths`` (a path or a list of them)."""
    from duban.corpus.run import Options

    if isinstance(paths, str | Path):
        paths = [paths]
    options = Options(quantities=quantities, jobs=jobs, cache=Path(cache) if cache else None, shard=shard)
    return Panel([Path(p) for p in paths], options)
