"""Settings for the test suite: the normal settings with DUBAN_ENV=test and a throw-away data
directory, chosen before the settings module reads the environment."""

import os
import tempfile

os.environ.setdefault("DUBAN_ENV", "test")
os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-test-"))

from duban.web.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production keeps Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the hardening tests serve it from other processes, hold its lock from
    # another connection and kill commands writing to it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
