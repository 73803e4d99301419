"""Obeya's one settings module, driven by environment variables.

Every default makes `make demo` work on a fresh clone: a SQLite file under `var/`, a secret key
generated once and kept under `var/`, debug on. Production sets `OBEYA_DEBUG=0`,
`OBEYA_SECRET_KEY`, `ALLOWED_HOSTS` and usually `DATABASE_URL` (see docs/configuration.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OBEYA_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(debug: bool) -> str:
    """Use OBEYA_SECRET_KEY; in debug, generate one once and keep it under var/."""
    key = os.environ.get("OBEYA_SECRET_KEY")
    if key:
        return key
    if not debug:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set OBEYA_SECRET_KEY when OBEYA_DEBUG is off.")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("OBEYA_DEBUG", True)
SECRET_KEY = _secret_key(DEBUG)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("OBEYA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "obeya.site",
    "obeya.accounts",
    "obeya.organisation",
    "obeya.projects",
    "obeya.actions",
    "obeya.audit",
    "obeya.jobs",
    "obeya.valuestreams",
    "obeya.gemba",
    "obeya.diagnosis",
    "obeya.flowlogs",
    "obeya.decisions",
    "obeya.levers",
    "obeya.teams",
    "obeya.meetings",
    "obeya.trainings",
    "obeya.obstacles",
    "obeya.steering",
    "obeya.kpis",
    "obeya.problems",
    "obeya.boards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "obeya.site.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "obeya.site.urls"
WSGI_APPLICATION = "obeya.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "obeya.site.context_processors.obeya",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'obeya.sqlite3'}"),
        conn_max_age=int(os.environ.get("OBEYA_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background-task thread write while pages read.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "projects:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login rate limiting: this many failures for one username or one address within the window
# lock further attempts until the window has passed.
OBEYA_LOGIN_MAX_FAILURES = int(os.environ.get("OBEYA_LOGIN_MAX_FAILURES", "5"))
OBEYA_LOGIN_WINDOW_S = int(os.environ.get("OBEYA_LOGIN_WINDOW_S", "900"))

# Largest event log accepted for import, in bytes.
OBEYA_EVENT_LOG_MAX_BYTES = int(os.environ.get("OBEYA_EVENT_LOG_MAX_BYTES", str(200 * 1024**2)))

# Background tasks: "thread" runs queued jobs in a thread of the web process (the embedded
# default), "inline" runs them at once in the request (tests), "worker" leaves them for
# `obeya worker`.
OBEYA_TASKS_MODE = os.environ.get("OBEYA_TASKS_MODE", "thread")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("OBEYA_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("OBEYA_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    # WhiteNoise serves from the finders in debug but warns when STATIC_ROOT is missing.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

EMAIL_BACKEND = os.environ.get(
    "OBEYA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("OBEYA_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("OBEYA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("OBEYA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("OBEYA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OBEYA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OBEYA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("OBEYA_FROM_EMAIL", "obeya@localhost")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("OBEYA_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("OBEYA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OBEYA_LOG_LEVEL", "INFO")},
}
