"""What the form fuzzing (test_form_fuzz.py) is made of: the values people (and attackers) type,
the POST routes the URL resolver knows, and the checks every answer is held to.

Values are sent urlencoded, as htmx and a plain form send them, so what the view reads is
exactly what was drawn (a multipart body would be a second encoding to reason about).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils.html import escape
from hypothesis import strategies as st

from tests.dashboard.matrix import routes

# --- values ------------------------------------------------------------------------------------

HOSTILE: list[str] = [
    "",
    " ",
    "  \t\n ",
    "\u00a0",
    "\u3000",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}",
    "{% debug %}",
    "{{1}}",
    "\x00",
    "a\x00b",
    "\x1f\x7f",
    "\x1c",
    "\r\n\r\n",
    "\u202eevil",
    "\ufeffbom",
    "\u2028",
    "🙂",
    "\U0001d7d9\U0001d7da\U0001d7db",
    "٣٤٥٦",
    "ß",
    "İ",
    "ﬀ",
    "' OR '1'='1",
    "../../etc/passwd",
    "%00",
    "%s%n",
    "${jndi:ldap://x}",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 30,
    "x" * 5000,
]
"""Typed into every field: blanks, markup, template syntax, control characters, NUL, odd
unicode (digits and letters that are not ASCII), injection classics, numbers out of range, and
far too long."""

EMAILS = [
    "support@example.com",
    "A.B+tag@Example.COM",
    " padded@example.com ",
    "x" * 64 + "@example.com",
    "x" * 65 + "@example.com",
    "a@" + "b" * 63 + ".com",
    "a@" + ".".join(["b" * 60] * 4) + ".com",
    '"quoted local"@example.com',
    '"a"@example.com',
    "a@[127.0.0.1]",
    "a@[IPv6:::1]",
    "a@localhost",
    "a@exämple.com",
    "ü@example.com",
    "a@-example.com",
    "a@example",
    "a@@example.com",
    "a@example.com,b@example.com",
    "a@example.com\n",
    "a(comment)@example.com",
]
URLS = [
    "https://example.com/hook",
    "http://example.com:8080/in?x=1#top",
    "HTTPS://EXAMPLE.COM/",
    "https://example.com:65535/",
    "https://example.com:65536/",
    "https://example.com:0/",
    "https://example.com:99999/",
    "https://example.com:00080/",
    "http://127.0.0.1/",
    "http://[::1]:80/",
    "http://[::1",
    "http://[zz::1]/",
    "https://exämple.com/",
    "https://xn--exmple-cua.com/",
    "https://user:pass@example.com/",
    "ftp://example.com/",
    "javascript:alert(1)",
    "//example.com/",
    "example.com",
    "http://",
    "https://exa mple.com/",
    "https://example.com/a b",
    "https://example.com/\u2028",
    "https://example.com/\x01",
    "https://example.com/\x1c",
    "https://example.com/\x85",
    "https://example.com/" + "a" * 1980,
    "https://example.com/" + "a" * 2100,
]
PHONES = [
    "+31 6 1234 5678",
    "0031612345678",
    "(+31) 6-12 34 56 78",
    "+31/6.12-34(56)78",
    "+3161234",
    "+3161234567890123",
    "+1234567",
    "+0123456789",
    "0612345678",
    "+31 6 1234 567\uff18",
    "+٣١٦١٢٣٤٥٦٧٨",
    "3010",
    "00",
    "+",
    "++31612345678",
]
KEYWORDS = [
    "PIZZA",
    "pizza",
    " pizza ",
    "A" * 20,
    "A" * 21,
    "PIZZA1",
    "PIZ ZA",
    "ÉCLAIR",
    "١٢٣",
    "PIZZA,INFO",
    "INFO",
    "STOP",
]
COUNTRIES = ["NL", "nl", " be ", "NLD", "N", "1L", "ÑL", "\uff2e\uff4c", "N\x00"]
PAGES = ["1", "2", "0", "-3", "10000", "10001", "9" * 25, "9" * 5000, "1.5", " 2 ", "٣", "²"]
UUIDS = [
    "00000000-0000-4000-8000-000000000000",
    "{12345678-1234-5678-1234-567812345678}",
    "urn:uuid:12345678-1234-5678-1234-567812345678",
    "12345678123456781234567812345678",
    "12345678-1234-5678-1234-56781234567",
    "1234567g-1234-5678-1234-567812345678",
]

_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


def typed(*examples: str | Iterable[str]) -> st.SearchStrategy[str]:
    """What a person may type into a field: one of its ``examples`` (valid and boundary
    values of that field), a hostile value, or any text."""
    flat: list[str] = []
    for example in examples:
        flat.extend([example] if isinstance(example, str) else example)
    return st.one_of(
        st.sampled_from(flat) if flat else st.nothing(), st.sampled_from(HOSTILE), _ANY_TEXT
    )


def sent(value: st.SearchStrategy[str]) -> st.SearchStrategy[str | list[str]]:
    """A field as sent: its value, sometimes the key twice (a duplicate key; Django reads the
    last), sometimes the key missing (``None``)."""
    return st.one_of(
        value,
        value,
        value,
        st.lists(value, min_size=2, max_size=2),
        st.none(),
    )


def encode(values: dict[str, str | list[str] | None]) -> str:
    """The urlencoded body (or query string) of ``values``; ``None`` leaves the key out."""
    pairs: list[tuple[str, str]] = []
    for key, value in values.items():
        if value is None:
            continue
        pairs.extend((key, item) for item in ([value] if isinstance(value, str) else value))
    return urlencode(pairs)


def as_querydict(body: str) -> QueryDict:
    """What the view's ``request.POST`` / ``request.GET`` holds for ``body``."""
    return QueryDict(body)


def last(value: str | list[str] | None) -> str | None:
    """What ``QueryDict.get`` gives for a value sent as ``value``."""
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def echo_safe(value: str | None) -> bool:
    """Whether a value can be looked for on the page as typed: nothing a browser or the HTML
    writer changes (control characters, NUL, line and paragraph separators), not blank."""
    if value is None or not value.strip():
        return False
    return not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cf") for ch in value)


def shown(value: str, page: str) -> bool:
    """Whether ``value`` is on the page as Django writes it (escaped)."""
    return escape(value) in page


# --- routes ------------------------------------------------------------------------------------

_DUMMY = {
    "UUIDConverter": "00000000-0000-4000-8000-000000000000",
    "IntConverter": "1",
    "SlugConverter": "x",
    "PhoneNumberIdConverter": "1",
    "StringConverter": "x",
    "PathConverter": "x",
}


def allowed_methods(client: Client, name: str, pattern: URLPattern) -> set[str]:
    """The methods a route takes, as its view's ``require_*`` decorator answers an OPTIONS
    request (405 with ``Allow``). Any value of the right shape resolves the route; the
    decorator answers before the view looks anything up. A class-based view (login, logout)
    says so itself: the methods it has a handler for."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    kwargs = {
        key: _DUMMY[type(converter).__name__]
        for key, converter in pattern.pattern.converters.items()
    }
    response = client.options(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 405, f"{name}: OPTIONS answered {response.status_code}"
    return {method.strip() for method in response.headers["Allow"].split(",")}


def post_routes(client: Client) -> set[str]:
    """Every route that takes POST."""
    return {
        name
        for name, pattern in routes().items()
        if "POST" in allowed_methods(client, name, pattern)
    }


# --- the upstream's verdict ------------------------------------------------------------------


def params_of(entry: dict[str, Any]) -> dict[str, list[str]]:
    """A logged request's query parameters, names lower-cased."""
    return {key.lower(): value for key, value in (entry.get("params") or {}).items()}


def rejected(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The logged requests CM.com (the sandbox) refused as bad input (400)."""
    return [entry for entry in log if entry.get("status") == 400]


def describe(entries: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{e['method']} {e['path']}?{e.get('query', '')} body={str(e.get('body'))[:300]!r}"
        for e in entries
    )


CODE = re.compile(r"[0-9]{4,10}")
