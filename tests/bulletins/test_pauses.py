"""Building a document pauses the cycle collector and gives it back as it found it, even when the
building fails: a worker left with the collector off would grow without bound."""

from __future__ import annotations

import gc

import pytest

from duban.documents.pauses import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(enabled: bool):
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled(), "an inner pause must not end the outer one"
        assert gc.isenabled() == enabled
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError("a document that failed")
        assert gc.isenabled() == enabled
    finally:
        gc.enable()
