"""Issue #16 item 2, shortened: bench/load.py's rush against ``duban serve --workers 2`` on the test
database. Liaisons of different units save drafts and submit, by the form and by the API, while
the office accepts; every write answered as saved is in the database exactly once with its
content, and no answer is a 5xx or missing. (The full run, 50 clients × 20 writes, is
``bench/load.py``; its figures are in the README.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from _load_clients import run
from _load_data import check
from _server import HOST, serving

pytestmark = pytest.mark.django_db(transaction=True)

WRITES = 6  # per liaison: over two tasks, two drafts and a submission each


def test_a_rush_of_saves_and_submissions_loses_and_doubles_nothing(
    load_plan: dict, duban_env: dict, tmp_path: Path
):
    command = [sys.executable, "-m", "duban", "serve", "--workers", "2", "--port", "{port}"]
    with serving(command, duban_env, tmp_path / "server.log") as port:
        log, _seconds = run(HOST, port, load_plan, WRITES)
    counts, verdict = log.counts(), check(log.writes)
    liaisons = len(load_plan["liaisons"])
    submitted = sum(len(w["tasks"]) for w in load_plan["liaisons"])
    assert counts["sent"] == liaisons * WRITES + submitted, counts  # every acceptance sent too
    assert counts["5xx"] == counts["no answer"] == counts["4xx"] == 0, (counts, verdict)
    assert verdict == {"lost": 0, "duplicated": 0, "unacknowledged_stored": 0, "problems": []}, verdict
