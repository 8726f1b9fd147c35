"""The production entry point loads the app and freezes what it loaded out of the cycle
collector's sight, so a full collection during a request walks that request's objects only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc, json
import duban.web.wsgi as wsgi
tracked = len(gc.get_objects())
said = {"frozen": gc.get_freeze_count(), "tracked": tracked, "callable": callable(wsgi.application)}
print(json.dumps(said))
"""


def test_the_wsgi_app_loads_with_its_modules_frozen(tmp_path: Path):
    env = {**os.environ, "DUBAN_DATA_DIR": str(tmp_path), "DUBAN_ENV": "development"}
    env.pop("DUBAN_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["callable"]
    assert said["frozen"] > 50_000, "Django, the apps and the language data should be frozen"
    assert said["tracked"] < said["frozen"] / 10, "little should be left for a full collection to walk"
