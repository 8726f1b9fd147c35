"""Corpora for the panel tests: made at run time from the shared corpus and the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.corpus.recombine import write_corpus


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, sample_path: Path) -> Path:
    """30 county and city reports recombined from the sample and the shared Baoding report."""
    folder = tmp_path_factory.mktemp("synthetic")
    sources = [sample_path]
    baoding = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "baoding-city-2023.txt"
    if baoding.is_file():
        sources.append(baoding)
    write_corpus(folder, sources, 30)
    return folder
