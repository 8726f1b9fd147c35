"""Shared fixtures: where the sample report and the shared corpus and gold answers live."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE_PATH = Path(str(resources.files("duban") / "samples" / "aimin-2024.txt"))


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The sample report shipped with the package."""
    return SAMPLE_PATH


@pytest.fixture(scope="session")
def sample_text() -> str:
    """The sample as Python's text mode reads it: what ``raw_span`` offsets point into."""
    return SAMPLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_result(sample_path: Path) -> dict:
    """The extraction of the sample .txt, computed once per session (do not mutate)."""
    from duban.extract import extract_file

    return extract_file(sample_path)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``/work/shared`` next to the repository; the test is skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus and gold not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def gold_dir(shared_dir: Path) -> Path:
    gold = shared_dir / "gold"
    if not gold.is_dir():
        pytest.skip(f"gold answers not found at {gold}")
    return gold


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    corpus = shared_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"corpus not found at {corpus}")
    return corpus


@pytest.fixture(autouse=True)
def _fresh_caches():
    """A rolled-back test leaves ids (of plans, users) that the next test reuses: nothing kept
    under one test, in this process or in the shared cache directory, may be read by another."""
    from django.core.cache import caches

    from duban.tracking import cache

    def clear() -> None:
        cache.clear()
        for store in caches.all(initialized_only=True):
            store.clear()

    clear()
    yield
    clear()
