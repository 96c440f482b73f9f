"""The rules a WhatsApp template's name and content must follow, in plain Python.

The sandbox uses these rules to decide whether a template whose validation was requested is
approved or rejected; the dashboard can import the same functions to lint a template before
it is sent. Nothing here imports Django, werkzeug or the sandbox.

The rule
--------
A template **name** (``check_template_name``) follows WhatsApp's rule: 1 to 512 characters,
only lowercase letters ``a-z``, digits ``0-9`` and underscores ``_``.

A template language's **content** (``check_template_content(content, field_count)``) is
approved when none of these holds, and rejected with one reason for each that does:

1. the content is empty (or only white space);
2. it is longer than 1024 characters;
3. it starts with a placeholder (``{{1}} is your code``), or
4. it ends with one (``Your code is {{1}}``) - leading and trailing white space ignored;
5. a ``{{...}}`` is not a placeholder: placeholders are exactly ``{{1}}``, ``{{2}}``, ...,
   a number in double braces with nothing else inside;
6. the placeholders are not numbered ``{{1}}``, ``{{2}}``, ... in order of first use, without
   gaps (``{{2}}`` before ``{{1}}``, or ``{{1}}`` then ``{{3}}``, are refused; a placeholder
   may be used again later);
7. a placeholder refers to a replacement field the template does not have: the field with
   index ``i`` (0-based, as the API numbers fields) is ``{{i+1}}``, so with ``field_count``
   fields only ``{{1}}`` to ``{{field_count}}`` exist;
8. two placeholders stand next to each other with no text between them (``{{1}}{{2}}`` or
   ``{{1}} {{2}}``);
9. there are more than two consecutive new lines (a blank line is fine, two are not).

Windows line ends (``\\r\\n``) count as one new line.
"""

from __future__ import annotations

import re

MAX_CONTENT_LENGTH = 1024
MAX_NAME_LENGTH = 512
MAX_CONSECUTIVE_NEWLINES = 2

#: A placeholder as WhatsApp writes it: a number in double braces.
PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")
_ANY_BRACES = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_ADJACENT = re.compile(r"\{\{(\d+)\}\}\s*(?=\{\{(\d+)\}\})")
_NAME = re.compile(r"[a-z0-9_]+")


def placeholder(number: int) -> str:
    """The placeholder text for ``number``: ``placeholder(1) == "{{1}}"``."""
    return "{{" + str(number) + "}}"


def placeholders(content: str) -> list[int]:
    """The numbers of the placeholders in ``content``, in order, repeats included."""
    return [int(match) for match in PLACEHOLDER.findall(content or "")]


def check_template_name(name: object) -> list[str]:
    """Reasons why ``name`` is not a valid WhatsApp template name; empty when it is."""
    if not isinstance(name, str) or not name:
        return ["Enter a template name."]
    reasons: list[str] = []
    if len(name) > MAX_NAME_LENGTH:
        reasons.append(
            f"A template name has at most {MAX_NAME_LENGTH} characters; this one has {len(name)}."
        )
    if not _NAME.fullmatch(name):
        reasons.append(
            "A template name may only contain lowercase letters, digits and underscores "
            f"(for example {suggest_template_name(name) or 'order_update'!r})."
        )
    return reasons


def suggest_template_name(text: str) -> str:
    """A valid template name made from ``text``: ``"Order update!"`` becomes ``"order_update"``."""
    lowered = re.sub(r"[^a-z0-9_]+", "_", (text or "").strip().lower())
    return re.sub(r"_+", "_", lowered).strip("_")[:MAX_NAME_LENGTH]


def check_template_content(content: str, field_count: int) -> list[str]:
    """Reasons why ``content`` would be rejected; empty when it would be approved.

    ``field_count`` is the number of replacement fields the template has; placeholders
    ``{{1}}`` to ``{{field_count}}`` may be used. The rules are in the module docstring.
    """
    text = (content or "").replace("\r\n", "\n")
    stripped = text.strip()
    if not stripped:
        return ["The content is empty."]
    reasons: list[str] = []
    if len(text) > MAX_CONTENT_LENGTH:
        reasons.append(
            f"The content is {len(text)} characters long; the limit is {MAX_CONTENT_LENGTH}."
        )
    start = PLACEHOLDER.match(stripped)
    if start:
        reasons.append(f"The content may not start with a placeholder ({start.group(0)}).")
    end = re.search(r"\{\{(\d+)\}\}$", stripped)
    if end:
        reasons.append(f"The content may not end with a placeholder ({end.group(0)}).")
    malformed = [m for m in _ANY_BRACES.findall(text) if not PLACEHOLDER.fullmatch(m)]
    leftover = PLACEHOLDER.sub("", _ANY_BRACES.sub("", text))
    if malformed:
        shown = ", ".join(dict.fromkeys(malformed))
        reasons.append(
            f"{shown} is not a placeholder: write placeholders as {{{{1}}}}, {{{{2}}}}, ..."
        )
    elif "{{" in leftover or "}}" in leftover:
        reasons.append("The content has unbalanced braces: write placeholders as {{1}}, {{2}}, ...")
    numbers = placeholders(text)
    first_use = list(dict.fromkeys(numbers))
    if first_use != list(range(1, len(first_use) + 1)):
        found = ", ".join(placeholder(n) for n in first_use)
        reasons.append(
            "Placeholders must be numbered {{1}}, {{2}}, ... in order of first use, without "
            f"gaps; found {found}."
        )
    count = max(0, int(field_count))
    missing = [n for n in first_use if n < 1 or n > count]
    for number in sorted(missing):
        have = f"{count} replacement field" + ("" if count == 1 else "s")
        reasons.append(
            f"{placeholder(number)} refers to a replacement field that does not exist "
            f"(the template has {have})."
        )
    for match in _ADJACENT.finditer(text):
        a, b = placeholder(int(match.group(1))), placeholder(int(match.group(2)))
        reasons.append(f"Placeholders {a} and {b} stand next to each other; put text between them.")
    if "\n" * (MAX_CONSECUTIVE_NEWLINES + 1) in text:
        reasons.append(
            f"The content has more than {MAX_CONSECUTIVE_NEWLINES} consecutive new lines."
        )
    return list(dict.fromkeys(reasons))
