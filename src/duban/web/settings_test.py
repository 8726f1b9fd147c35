"""Settings for the test suite: the normal settings with DUBAN_ENV=test and a throw-away data
directory, chosen before the settings module reads the environment."""

import os
import tempfile

os.environ.setdefault("DUBAN_ENV", "test")
os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-test-"))

from duban.web.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production keeps Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
