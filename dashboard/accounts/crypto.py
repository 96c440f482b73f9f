"""Encryption of product tokens at rest: MultiFernet with keys from TOKEN_ENCRYPTION_KEYS.

The first key encrypts, every key decrypts. To rotate: put a new key first, keep the old ones
after it, run ``manage.py rotate_token_keys``, then drop the old keys.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class TokenDecryptionError(Exception):
    """A stored token cannot be decrypted with any of the configured keys."""


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def cipher() -> MultiFernet:
    """The MultiFernet for the keys in settings (cached per key list, so tests may change it)."""
    return _multi_fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt(plain: str) -> str:
    """Ciphertext of a token with the first key."""
    return cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(ciphertext: str) -> str:
    """The token; raises TokenDecryptionError (which carries no secret) when no key fits."""
    try:
        return cipher().decrypt(ciphertext.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        raise TokenDecryptionError(
            "The stored product token cannot be decrypted with TOKEN_ENCRYPTION_KEYS"
        ) from None


def rotate(ciphertext: str) -> str:
    """The same token re-encrypted with the first key."""
    try:
        return cipher().rotate(ciphertext.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        raise TokenDecryptionError(
            "The stored product token cannot be decrypted with TOKEN_ENCRYPTION_KEYS"
        ) from None
