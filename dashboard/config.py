"""Small helpers that read settings from the environment and fail loudly.

Every helper names the variable in its error, so a bad value stops start-up with a message such
as ``ImproperlyConfigured("DATABASE_URL: unknown scheme 'mysq'")`` instead of a stack trace
somewhere later. ``settings.py`` is the only caller; the helpers take the environment as an
argument so tests can feed them any mapping.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(environ_: Mapping[str, str], name: str) -> str | None:
    value = environ_.get(name)
    return None if value is None else value.strip()


def env_str(environ_: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    """The variable as text, or ``default`` when it is unset or empty."""
    value = _raw(environ_, name)
    return value if value else default


def env_bool(environ_: Mapping[str, str], name: str, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off, any case; unset or empty = default."""
    value = _raw(environ_, name)
    if not value:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}")


def env_int(
    environ_: Mapping[str, str], name: str, default: int, *, minimum: int | None = None
) -> int:
    """A whole number, optionally with a lower bound."""
    value = _raw(environ_, name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {number}")
    return number


def env_list(environ_: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    value = _raw(environ_, name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


_DB_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}


def database_config(environ_: Mapping[str, str], name: str, default: str) -> dict[str, Any]:
    """A Django DATABASES entry from a URL such as ``postgres://user@host:5432/db``.

    SQLite gets the options that let a web process and Celery workers share the file
    (WAL, a busy timeout, and IMMEDIATE transactions so writers queue instead of failing).
    """
    url = env_str(environ_, name, default) or default
    scheme = urlsplit(url).scheme
    if scheme not in _DB_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}: unknown scheme {scheme!r} in the URL; use sqlite:/// or postgres://"
        )
    try:
        config: dict[str, Any] = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several kinds for a bad URL
        raise ImproperlyConfigured(f"{name}: cannot parse the URL ({exc})") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}: a SQLite URL needs a file path")
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA busy_timeout=5000;",
        }
    else:
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}: the URL names no database")
        config.setdefault("OPTIONS", {})
    return config


_REDIS_SCHEMES = {"redis", "rediss", "unix"}


def redis_url(environ_: Mapping[str, str], name: str) -> str | None:
    """A Redis URL, checked for its scheme, or None when unset."""
    value = env_str(environ_, name)
    if value is None:
        return None
    if urlsplit(value).scheme not in _REDIS_SCHEMES:
        raise ImproperlyConfigured(f"{name}: expected a redis:// URL, got scheme {value[:12]!r}…")
    return value


def broker_url(environ_: Mapping[str, str], name: str) -> str | None:
    """A Celery broker URL (``redis://``, ``amqp://``, ``filesystem://``...), or None."""
    value = env_str(environ_, name)
    if value is None:
        return None
    if "://" not in value:
        raise ImproperlyConfigured(f"{name}: expected a broker URL such as redis://host:6379/0")
    return value


def fernet_keys(environ_: Mapping[str, str], name: str) -> list[str] | None:
    """Comma-separated Fernet keys (url-safe base64 of 32 bytes); None when unset.

    The first key encrypts; every key decrypts, which is what lets keys rotate.
    """
    keys = env_list(environ_, name, [])
    if not keys:
        return None
    for position, key in enumerate(keys, start=1):
        try:
            decoded = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            decoded = b""
        if len(decoded) != 32:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (url-safe base64 of 32 bytes); "
                "make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
    return keys


def kept_secret(path: Path, make: Any) -> str:
    """A development secret generated once and kept in a file (under the gitignored var/)."""
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = str(make())
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


def new_secret_key() -> str:
    """A random Django SECRET_KEY long and varied enough for ``check --deploy``."""
    return secrets.token_urlsafe(60)


def outbound_allowances(environ_: Mapping[str, str], name: str) -> list[str]:
    """Addresses and ports "Send a test event" may reach despite its rules
    (``dashboard.core.outbound``): ``127.0.0.1:8766``, ``10.0.0.0/8``, ``[::1]:8766``,
    ``*:8443``; each entry is checked here, so a typo stops start-up."""
    from dashboard.core.outbound import parse_allowance

    entries = env_list(environ_, name, [])
    for entry in entries:
        try:
            parse_allowance(entry)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {error}") from None
    return entries


# The variables company login (OpenID Connect) cannot work without; setting some but not all
# is a half configuration and stops start-up, naming what is missing.
OIDC_REQUIRED = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
_OIDC_URLS = OIDC_REQUIRED[2:]


def oidc_config(environ_: Mapping[str, str]) -> dict[str, Any] | None:
    """mozilla-django-oidc's settings from the ``OIDC_*`` variables; None when none is set.

    The flow is fixed, not configurable: authorization code with PKCE (S256), a nonce, and the
    ID token's RS256 signature checked against the provider's published keys (JWKS).
    """
    present = [name for name in OIDC_REQUIRED if env_str(environ_, name)]
    if not present:
        return None
    missing = [name for name in OIDC_REQUIRED if name not in present]
    if missing:
        raise ImproperlyConfigured(
            f"{missing[0]}: required for company login, since {present[0]} is set "
            f"(also missing: {', '.join(missing[1:]) or 'nothing else'})"
        )
    config: dict[str, Any] = {name: env_str(environ_, name) for name in OIDC_REQUIRED}
    for name in _OIDC_URLS:
        if urlsplit(config[name]).scheme not in {"https", "http"}:
            raise ImproperlyConfigured(f"{name}: expected an https:// URL, got {config[name]!r}")
    config.update(
        OIDC_PROVIDER_NAME=env_str(environ_, "OIDC_PROVIDER_NAME", "your company"),
        OIDC_GROUPS_CLAIM=env_str(environ_, "OIDC_GROUPS_CLAIM", "groups"),
        OIDC_RP_SCOPES=env_str(environ_, "OIDC_RP_SCOPES", "openid email profile groups"),
        # How often a session is re-checked with the provider (silently, prompt=none): a
        # person disabled there, or moved out of a group, is out within this time.
        OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS=env_int(
            environ_, "OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", 15 * 60, minimum=0
        ),
        OIDC_TIMEOUT=env_int(environ_, "OIDC_TIMEOUT", 10, minimum=1),
        OIDC_RP_SIGN_ALGO="RS256",
        OIDC_USE_PKCE=True,
        OIDC_USE_NONCE=True,
        OIDC_PKCE_CODE_CHALLENGE_METHOD="S256",
    )
    return config


def password_login(environ_: Mapping[str, str], *, company_login: bool) -> tuple[bool, str | None]:
    """``PASSWORD_LOGIN`` (on by default) and ``BREAK_GLASS_USERNAME``: with password login
    off, only that one person may still sign in with a password (when the provider is down)."""
    enabled = env_bool(environ_, "PASSWORD_LOGIN", default=True)
    break_glass = env_str(environ_, "BREAK_GLASS_USERNAME")
    if not enabled and not company_login:
        raise ImproperlyConfigured(
            "PASSWORD_LOGIN: off needs company login (the OIDC_* variables), or nobody could "
            "sign in"
        )
    if not enabled and not break_glass:
        raise ImproperlyConfigured(
            "BREAK_GLASS_USERNAME: required when PASSWORD_LOGIN is off (the one admin who "
            "can still sign in with a password if the company login is down)"
        )
    return enabled, break_glass
