"""Many files, many cores: file batches in, their results out in the order the files were given,
with only a few batches in flight at once, so memory stays flat however long the list is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

BATCH = 4  # files a worker takes at a time: fewer round trips, results still near the front
AHEAD = 4  # batches queued per worker beyond the one it runs


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def ordered_map(
    work: Callable[[list[T]], list[R]], items: Iterable[T], *, jobs: int, batch: int = BATCH
) -> Iterator[R]:
    """``work`` over ``items`` in batches on ``jobs`` processes, results in input order.

    With ``jobs == 1`` everything runs here, in this process (no pool to start or to pickle for).
    """
    if jobs <= 1:
        for chunk in batched(items, batch):
            yield from work(chunk)
        return
    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        waiting: deque[Future] = deque()
        chunks = batched(items, batch)
        for chunk in islice(chunks, jobs * (AHEAD + 1)):
            waiting.append(pool.submit(work, chunk))
        while waiting:
            done = waiting.popleft().result()
            for chunk in islice(chunks, 1):
                waiting.append(pool.submit(work, chunk))
            yield from done
