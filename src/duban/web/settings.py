"""Django settings: the environment (see ``config``) in, one settings module out.

Development runs on a SQLite file in the data directory with no other service. Production
(DUBAN_ENV=production) needs DUBAN_SECRET_KEY and DUBAN_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from duban.web import config, database

ENV = config.environment()
DEBUG = ENV == "development"
SECRET_KEY = config.secret_key()
DATA_DIR = config.data_dir()
PACKAGE_DIR = Path(__file__).resolve().parent.parent

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
if ENV == "test":
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    # Only for its templates and static files: the API docs page is served from them, not a CDN.
    "ninja",
    "duban.web",
    "duban.accounts",
    "duban.plans",
    "duban.tracking",
    "duban.closing",
    "duban.orders",
    "duban.bulletins",
    "duban.publish",
    "duban.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "duban.tracking.memo.ReadScope",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.web.errors.BusyMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.web.urls"
WSGI_APPLICATION = "duban.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.accounts.viewer.viewer",
                "duban.pages.context.frame",
            ],
        },
    },
]

# Writers wait for each other instead of failing (see ``database``).
DATABASES = {
    "default": database.tuned(
        dj_database_url.parse(config.database_url(), conn_max_age=60), config.busy_seconds()
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "duban.accounts.backends.CachedUserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

AXES_FAILURE_LIMIT = int(os.environ.get("DUBAN_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = ENV != "test"
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
# Unknown API tokens one address may send before it is refused for AXES_COOLOFF_TIME
# (accounts.throttle): guessing a token is guessing a password.
TOKEN_FAILURE_LIMIT = int(os.environ.get("DUBAN_TOKEN_FAILURES", "20"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ENV == "production"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS only, once a browser has seen the site over it (Django sends HSTS on secure requests only,
# so a plain-HTTP intranet install is not locked out). Behind a proxy that ends TLS, set
# DUBAN_HTTPS_PROXY=1 so the X-Forwarded-Proto it sets counts as HTTPS; only behind such a proxy.
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if ENV == "production" else 0
if os.environ.get("DUBAN_HTTPS_PROXY", "").strip() == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = 8 * 3600
# Sessions and signed-in users are read on every page. They are kept in files every server worker
# shares (no cache service to run), the database behind them: signing out or a changed password
# takes effect in every worker at once.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "shared"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
        "TIMEOUT": SESSION_COOKIE_AGE,
        # Past this many entries a third are dropped at random; a dropped session is read from the
        # database again, so the limit costs speed, never a sign-in.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}

# Everything is served from our own static files: government networks are often offline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # ECharts positions its canvas and tooltip through style attributes; no <style> element or
        # script is allowed inline.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = os.environ.get("DUBAN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if ENV != "production"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "files"
EVIDENCE_MAX_BYTES = int(os.environ.get("DUBAN_EVIDENCE_MAX_MB", "20")) * 1024 * 1024

EMAIL_BACKEND = os.environ.get("DUBAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_FROM_EMAIL", "duban@localhost")
EMAIL_HOST = os.environ.get("DUBAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DUBAN_EMAIL_PORT", "25"))

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Outside production the static files are served straight from the packages, no collectstatic.
WHITENOISE_USE_FINDERS = ENV != "production"
WHITENOISE_AUTOREFRESH = ENV == "development"
