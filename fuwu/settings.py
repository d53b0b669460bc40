"""The one settings module: every deployment difference comes from environment variables.

Defaults run a single machine on SQLite with the embedded task queue; DATABASE_URL and REDIS_URL
switch to PostgreSQL and Redis for several web and worker processes.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

# Lets annotations such as admin.ModelAdmin[Site] work at runtime for mypy strict.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# A source checkout keeps its data beside the code; an installed package uses the working directory.
_DEFAULT_VAR = BASE_DIR / "var" if (BASE_DIR / "pyproject.toml").exists() else Path.cwd() / "var"
VAR_DIR = Path(os.environ.get("FUWU_VAR_DIR", _DEFAULT_VAR))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Tests get fast hashing, in-memory mail and inline tasks; pytest is the only test runner we use.
TESTING = env_bool("FUWU_TESTING", "pytest" in sys.modules)
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    # Without SECRET_KEY a single-machine install keeps its own random key under var/, so that
    # sessions survive restarts and no shared default key ever exists.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "fuwu.core",
    "fuwu.customers",
    "fuwu.regulations",
    "fuwu.orders",
    "fuwu.staff",
    "fuwu.reports",
    "fuwu.followup",
    "fuwu.managers",
    "fuwu.approvals",
    "fuwu.aftersales",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its templates and static files: the API docs are served from our own /static/, no CDN
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fuwu.core.middleware.RefuseNulInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fuwu.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Django 6 default, adopted now: a URL typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

ROOT_URLCONF = "fuwu.urls"
WSGI_APPLICATION = "fuwu.wsgi.application"

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
                "django.template.context_processors.i18n",
                "fuwu.core.context_processors.navigation",
            ],
        },
    },
    {
        # Only the bodies of hot lists (their rows and filters), inside Django-template pages (0016).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "fuwu.core.jinja.environment", "extensions": ["jinja2.ext.i18n"]},
    },
]

# --- Database -------------------------------------------------------------------------------

_SQLITE_PATH = VAR_DIR / "fuwu.sqlite3"
DATABASES: dict[str, dict[str, Any]] = {
    "default": dict(
        dj_database_url.config(
            default=f"sqlite:///{_SQLITE_PATH}",
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# Django's model backend, loading the user with their roles and sites in the same query.
AUTHENTICATION_BACKENDS = ["fuwu.core.backends.AccessBackend"]

# --- Task queue (Huey) ----------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
_HUEY_CONSUMER = {
    "workers": int(os.environ.get("FUWU_WORKER_THREADS", "2")),
    "worker_type": "thread",
    "periodic": True,
}
HUEY: dict[str, Any]
if TESTING:
    HUEY = {"name": "fuwu", "huey_class": "huey.MemoryHuey", "immediate": True}
elif REDIS_URL:
    HUEY = {
        "name": "fuwu",
        "huey_class": "huey.RedisHuey",
        "immediate": False,
        "url": REDIS_URL,
        "consumer": _HUEY_CONSUMER,
    }
else:
    HUEY = {
        "name": "fuwu",
        "huey_class": "huey.SqliteHuey",
        "immediate": False,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        # No fsync per enqueue (it cost 4-7 ms on every notification): the outbox row is the durable
        # record, and the per-minute outbox sweep sends anything a crash lost from the queue.
        "fsync": False,
        "consumer": _HUEY_CONSUMER,
    }

# --- Cache: shared by every process of the machine (the public page's rate limit counts per address) ------

CACHES: dict[str, dict[str, Any]]
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # gunicorn's workers are separate processes: a local-memory cache would give each its own count.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Sessions are read from the cache (shared by every process: files, or Redis) and written through to the
# database, so a signed-in page does not query the session table on every request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Inside the package, so an installed Fuwu has its catalogues; named here so makemessages run from the
# repository root writes to it.
LOCALE_PATHS = [Path(__file__).resolve().parent / "core" / "locale"]
TIME_ZONE = os.environ.get("FUWU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files (all vendored, served by whitenoise) --------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request if it is missing
# Uploaded photos: never served as public media, only by views that check the order's scope.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (make run, tests) whitenoise serves straight from the app directories.
WHITENOISE_USE_FINDERS = DEBUG or TESTING or env_bool("WHITENOISE_USE_FINDERS", False)

# --- E-mail ---------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fuwu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 15
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif DEBUG and not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Outbox ---------------------------------------------------------------------------------

FUWU_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("FUWU_OUTBOX_MAX_ATTEMPTS", "8"))
FUWU_OUTBOX_BACKOFF_SECONDS = int(os.environ.get("FUWU_OUTBOX_BACKOFF_SECONDS", "30"))
FUWU_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("FUWU_WEBHOOK_TIMEOUT_SECONDS", "10"))

# --- Regulations: reminders before a stored deadline falls due ------------------------------

# Minutes before the due time that the assignee is reminded, per `what` of the deadline.
FUWU_REMINDER_LEAD_MINUTES: dict[str, int] = {
    "arrival": 10,
    "completion": 30,
    "rectification": 120,
    "return_visit": 24 * 60,
    "default": 60,
}

# --- Security (production unless DEBUG; each switch can be set by env) ----------------------

_SECURE_DEFAULT = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _SECURE_DEFAULT)
# Load balancers probe over plain HTTP; a redirect would mark the instance down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _SECURE_DEFAULT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _SECURE_DEFAULT)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if _SECURE_DEFAULT else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a reverse proxy that sets X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Configured here so the worker does not add a second handler of its own (duplicate lines).
        "huey": {"handlers": ["console"], "level": "WARNING" if TESTING else "INFO", "propagate": False},
    },
}
