"""Phone numbers as CM.com wants them: ``00`` + country code + number, digits only.

NOTES.md rule 24: the API's examples are all digits and ApiPhoneNumberResponse says
"international format with a 00 prefix". People type ``+31 6 1234 5678``,
``0031612345678`` or ``(+31) 6-12 34 56 78``; this module turns all of those into
``0031612345678`` and refuses what cannot be a phone number, with a message a person
understands. Both the client and the sandbox use it, so they agree on what is valid.
"""

from __future__ import annotations

import re

# E.164 allows at most 15 digits after the international prefix; the shortest real
# international numbers (small island states) have 7 digits after the country code.
_MIN_DIGITS = 8
_MAX_DIGITS = 15
_SEPARATORS = re.compile(r"[\s().\-/]")


class InvalidPhoneNumber(ValueError):
    """What was given cannot be an international phone number; the message says why."""


def normalise_phone_number(raw: str) -> str:
    """Return ``raw`` as ``00<country code><number>``, or raise InvalidPhoneNumber."""
    if raw is None or not str(raw).strip():
        raise InvalidPhoneNumber("Enter a phone number.")
    text = _SEPARATORS.sub("", str(raw).strip())
    if text.startswith("+"):
        digits = text[1:]
    elif text.startswith("00"):
        digits = text[2:]
    else:
        raise InvalidPhoneNumber(
            "Enter the number in international form, starting with + or 00 and the "
            "country code, for example +31 6 1234 5678."
        )
    if not digits.isdigit() or not digits.isascii():
        raise InvalidPhoneNumber("A phone number may only contain digits, spaces, dashes and +.")
    if digits.startswith("0"):
        raise InvalidPhoneNumber(
            "A country code never starts with 0: check the number after + or 00."
        )
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS:
        raise InvalidPhoneNumber(
            f"An international phone number has {_MIN_DIGITS} to {_MAX_DIGITS} digits after "
            f"the country prefix; this one has {len(digits)}."
        )
    return "00" + digits


def is_phone_number(raw: str) -> bool:
    """True when ``raw`` normalises to a phone number."""
    try:
        normalise_phone_number(raw)
    except InvalidPhoneNumber:
        return False
    return True
