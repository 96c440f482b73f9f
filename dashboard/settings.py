"""Django settings for the Channels Dashboard, read from the environment.

Defaults serve a laptop with nothing set: SQLite under ``var/``, an embedded Celery broker
(kombu ``filesystem://``), a file cache under ``var/`` that the web and the worker share, and
a SECRET_KEY and token key generated once under ``var/``. Production is ``DEBUG=false``; it
then needs SECRET_KEY, TOKEN_ENCRYPTION_KEYS and ALLOWED_HOSTS, and turns on secure cookies,
HSTS and the SSL redirect. ``.env.example`` lists every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dashboard.config import (
    broker_url,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    fernet_keys,
    kept_secret,
    new_secret_key,
    oidc_config,
    outbound_allowances,
    password_login,
    redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str(os.environ, "VAR_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")
ENV = os.environ

DEBUG = env_bool(ENV, "DEBUG", default=True)

# --- secrets -------------------------------------------------------------------------------
SECRET_KEY = env_str(ENV, "SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY: required when DEBUG is false")
    SECRET_KEY = kept_secret(VAR_DIR / "secret_key", new_secret_key)

# Product tokens are encrypted with these keys, kept apart from SECRET_KEY so either can
# rotate alone. The first key encrypts; all decrypt (see `manage.py rotate_token_keys`).
_token_keys = fernet_keys(ENV, "TOKEN_ENCRYPTION_KEYS")
if _token_keys is None:
    if not DEBUG:
        raise ImproperlyConfigured("TOKEN_ENCRYPTION_KEYS: required when DEBUG is false")
    _token_keys = [
        kept_secret(VAR_DIR / "token_encryption_key", lambda: Fernet.generate_key().decode())
    ]
TOKEN_ENCRYPTION_KEYS: list[str] = _token_keys

# --- hosts ---------------------------------------------------------------------------------
_dev_hosts = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env_list(ENV, "ALLOWED_HOSTS", _dev_hosts if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS: required when DEBUG is false")
CSRF_TRUSTED_ORIGINS = env_list(ENV, "CSRF_TRUSTED_ORIGINS", [])

# --- apps ----------------------------------------------------------------------------------
INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "dashboard.people",
    "dashboard.accounts",
    "dashboard.audit",
    "dashboard.core",
    "dashboard.notify",
    "dashboard.overview",
    "dashboard.numbers",
    "dashboard.whatsapp",
    "dashboard.tracker",
    "dashboard.search",
    "dashboard.reviews",
    "dashboard.studio",
    "dashboard.copying",
    "dashboard.imports",
    "dashboard.channels",
    "dashboard.manage",
    "dashboard.sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may touch the database: a request a database error broke
    # answers 503 in words, not the 500 page (issue 19).
    "dashboard.core.database_health.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's Accept-Language picks the language until the person chose one (issue 18):
    # after the session, before CommonMiddleware (Django's documented order).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language the person picked on /me/language/ wins over the browser's (needs the user).
    "dashboard.people.middleware.PersonLanguageMiddleware",
    # Login is required everywhere except the views marked @login_not_required (login).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware (it says why a person was logged out); before the views.
    "dashboard.core.middleware.SessionIdleTimeoutMiddleware",
    "dashboard.core.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dashboard.core.middleware.HtmxMessagesMiddleware",
    "dashboard.core.middleware.HtmxLoginRedirectMiddleware",
    # Company login (issue 18): grants re-derived from the person's groups when the mapping
    # changed, and the session re-checked with the provider now and then. After the htmx
    # login redirect above, so a person it signs out mid-htmx gets the login page whole.
    "dashboard.sso.middleware.CompanyLoginMiddleware",
    # django-csp's, with the settings' policy built once (issue 19).
    "dashboard.core.middleware.ContentSecurityPolicyMiddleware",
    # django-axes wants to be last: it turns a lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dashboard.urls"
WSGI_APPLICATION = "dashboard.wsgi.application"
ASGI_APPLICATION = "dashboard.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.people.context_processors.navigation",
                "dashboard.core.context_processors.cache_health",
                # The bell's count and the switcher's generation in one cache read (issue 19).
                "dashboard.core.context_processors.header_read",
            ],
            # {% partialdef %} and |failed in every template without a {% load %}, and in
            # place of Django's, {% url %} with its reverse remembered and {% extends %}
            # finding base.html's blocks once (issue 19).
            "builtins": [
                "template_partials.templatetags.partials",
                "dashboard.core.templatetags.failures",
                "dashboard.core.templatetags.urls_once",
                "dashboard.core.templatetags.extends_once",
            ],
        },
    },
]

# --- database ------------------------------------------------------------------------------
DATABASES = {
    "default": database_config(ENV, "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
# A connection is kept for a minute instead of opened per request; PostgreSQL restarted under
# load (issue 19) leaves each kept one dead, so it is checked (once per request, before its
# first query) and replaced: the next request answers again. 0 opens one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int(ENV, "DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (the upstream read cache lives here) --------------------------------------------
REDIS_URL = redis_url(ENV, "REDIS_URL")
# Redis down must not stop the pages (issue 19): dashboard/core/resilient_cache.py falls back
# per process and says so in a banner. A dead or hung Redis costs at most these timeouts.
REDIS_CACHE_OPTIONS: dict[str, object] = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    # dashboard/upstream/reads.py: CM.com's answers (bypassed while Redis is down), and the
    # invalidations (written back when it returns), the account switchers' among them.
    "BYPASS_PREFIXES": ["upstream:"],
    "REPLAY_PREFIXES": ["upstream-gen:", "people:switcher-gen"],
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "dashboard.core.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dashboard",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    # No Redis (`make run`): a file cache under VAR_DIR, shared by the web server and the
    # worker's processes on this host, so a poll's change shows on the next page view; local
    # memory would give each process its own. A file cache needs no table (the database cache
    # would: a createcachetable step, and cache writes queueing behind SQLite's one writer).
    CACHES = {
        "default": {
            "BACKEND": "dashboard.core.file_cache.SharedFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # Django's 300 would keep culling CM.com's answers; each write counts the files.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
UPSTREAM_CACHE_SECONDS = env_int(ENV, "UPSTREAM_CACHE_SECONDS", 60, minimum=0)
# How long one upstream call may take before the dashboard gives up on it.
UPSTREAM_TIMEOUT_SECONDS = env_int(ENV, "UPSTREAM_TIMEOUT_SECONDS", 10, minimum=1)
# Circuit breaker per account: after this many consecutive failures (timeouts, 5xx, 429)
# the account's calls to CM.com stop for UPSTREAM_BREAKER_SECONDS (dashboard/upstream/breaker.py).
UPSTREAM_BREAKER_FAILURES = env_int(ENV, "UPSTREAM_BREAKER_FAILURES", 5, minimum=1)
UPSTREAM_BREAKER_SECONDS = env_int(ENV, "UPSTREAM_BREAKER_SECONDS", 60, minimum=1)

# --- "Send a test event" to a configured endpoint (dashboard/core/outbound.py) --------------
# Addresses and ports it may reach although they are private or not 80/443 (the demo's
# receiver on 127.0.0.1), e.g. "127.0.0.1:8766,10.0.0.0/8"; empty: public addresses, 80 and 443.
WEBHOOK_TEST_ALLOWED = outbound_allowances(ENV, "WEBHOOK_TEST_ALLOWED")
WEBHOOK_TEST_TIMEOUT_SECONDS = env_int(ENV, "WEBHOOK_TEST_TIMEOUT_SECONDS", 10, minimum=1)
# Tests per person and endpoint per minute.
WEBHOOK_TEST_PER_MINUTE = env_int(ENV, "WEBHOOK_TEST_PER_MINUTE", 5, minimum=1)
# Certificate authorities to verify TLS with, instead of the system's (a file of PEM certificates).
WEBHOOK_TEST_CA_FILE = env_str(ENV, "WEBHOOK_TEST_CA_FILE")

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = broker_url(ENV, "CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    # The embedded broker: messages are files, shared by every process on this host.
    _celery_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        # kombu's default is a "control" folder in the working directory: keep it under var/.
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
    }
    CELERY_BEAT_SCHEDULE_FILENAME = str(_celery_dir / "beat-schedule")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool(ENV, "CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A lost broker (Redis restarted) is waited for, however long: Celery's default gives up after
# 100 tries and the worker exits, leaving nothing listening when Redis is back.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = "UTC"
# A worker process reserves one message at a time: a poll is long (many calls to CM.com), so a
# deeper prefetch only lets one process hoard accounts while another idles, and a worker that
# dies (SIGKILL, the host lost) strands only the polls it was running (issue 19).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Later issues add their periodic tasks here (plain beat_schedule, no database scheduler).
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
# The pending tracker polls every account each POLL_INTERVAL seconds (dashboard/tracker/).
POLL_INTERVAL = env_int(ENV, "POLL_INTERVAL", 60, minimum=10)
# How long a poll's per-account lock lives (dashboard/tracker/lock.py): longer than the poll
# task's hard time limit (300 s), so it never expires under a running poll; a poll whose worker
# was killed holds it until then. Tests set a few seconds to see it expire.
TRACKER_LOCK_SECONDS = env_int(ENV, "TRACKER_LOCK_SECONDS", 360, minimum=1)
CELERY_BEAT_SCHEDULE["tracker-poll-all"] = {
    "task": "tracker.poll_all",
    "schedule": float(POLL_INTERVAL),
    # A cycle nobody picked up before the next one is dropped, not run late.
    "options": {"expires": POLL_INTERVAL},
}
# The daily digest of notifications (issue 18): on the hour, each person whose hour (UTC) it
# is gets theirs; sent once per person and day even if this runs twice (tracker/digest.py).
CELERY_BEAT_SCHEDULE["notify-digests"] = {
    "task": "tracker.digests_due",
    "schedule": crontab(minute=0),
    "options": {"expires": 3000},
}

# --- e-mail (the tracker's notifications to subscribers) -----------------------------------
# Development prints e-mails on the worker's console; production sends them over SMTP.
EMAIL_BACKEND = env_str(
    ENV,
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str(ENV, "EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int(ENV, "EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str(ENV, "EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str(ENV, "EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool(ENV, "EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int(ENV, "EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = (
    env_str(ENV, "DEFAULT_FROM_EMAIL", "Channels Dashboard <dashboard@localhost>")
    or "Channels Dashboard <dashboard@localhost>"
)
# Where e-mails link to (the dashboard's public address).
SITE_URL = env_str(ENV, "SITE_URL", "http://127.0.0.1:8000") or "http://127.0.0.1:8000"

# --- auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's password check, refusing everyone but the break-glass admin when PASSWORD_LOGIN
    # is off; then company login (OpenID Connect), which answers only when OIDC_* are set.
    "dashboard.sso.backends.PasswordBackend",
    "dashboard.sso.backends.CompanyLoginBackend",
]
# Company login (dashboard/sso/, .env.example): mozilla-django-oidc's OIDC_* settings, or off.
_oidc = oidc_config(ENV)
OIDC_ENABLED = _oidc is not None
if _oidc is not None:
    globals().update(_oidc)
PASSWORD_LOGIN, BREAK_GLASS_USERNAME = password_login(ENV, company_login=OIDC_ENABLED)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one address,
# that pair is locked out for the cool-off time. A success resets the count.
AXES_FAILURE_LIMIT = env_int(ENV, "AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int(ENV, "AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Company login attempts are not password guesses: their failures (a person in no mapped group,
# a token refused) would otherwise lock company login for a whole office behind one address.
AXES_WHITELIST_CALLABLE = "dashboard.sso.backends.is_company_login_attempt"

# Sessions: a person who does nothing for SESSION_IDLE_SECONDS is logged out server-side
# (dashboard.core.middleware.SessionIdleTimeoutMiddleware; polling does not count as activity).
# The cookie lives a little longer than that, so the middleware, not the browser, ends an idle
# session and the login page can say why.
# Django's database sessions, read with SQL written once (dashboard/people/session_store.py).
SESSION_ENGINE = "dashboard.people.session_store"
SESSION_IDLE_SECONDS = env_int(ENV, "SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"

# --- i18n ----------------------------------------------------------------------------------
# English is the source language (British formats); Dutch is complete, German is as complete as
# `manage.py missing_translations de` says. A person picks theirs on /me/language/; until then
# the browser's Accept-Language decides. Catalogues: locale/<code>/LC_MESSAGES/django.po, built
# into .mo files by `make messages` (not committed).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in each language's own way; the formats the pages use are set per language
# in dashboard/formats/<code>/formats.py (English as it always read: "5 Dec 2026 14:02").
FORMAT_MODULE_PATH = ["dashboard.formats"]
TIME_ZONE = env_str(ENV, "TIME_ZONE", "Europe/Amsterdam") or "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- static --------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development the files are served from the source folders, and new ones appear without a
# restart; in production `collectstatic` fills STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic`; development and tests serve files as they are.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# htmx reads the CSRF token from the page (hx-headers), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "dashboard.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool(ENV, "SECURE_SSL_REDIRECT", default=True)
    # The container's health check asks over plain http inside the container (compose).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int(ENV, "SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(ENV, "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool(ENV, "SECURE_HSTS_PRELOAD", default=True)
if env_bool(ENV, "TRUST_X_FORWARDED_PROTO", default=False):
    # Only behind a proxy that sets this header itself (and strips a client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Scripts come only from our own static files: no inline script, no eval (htmx is told so
# by the htmx-config meta in base.html). Pico draws some icons from data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str(ENV, "LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {"axes": {"level": "WARNING"}},
}
