"""Words for the keys the API sends as names (categories, stages, next-stage descriptions).

Never a fixed list of known keys: a value the dashboard has never seen still reads as words.
"""

from __future__ import annotations

import re

# A capital after a lower-case letter or digit starts a word; runs of capitals (``SMS``,
# ``ACTION_REQUIRED``) stay one word.
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def humanise(key: str | None) -> str:
    """``businessAccount`` → ``Business account``; ``ACTION_REQUIRED`` → ``Action required``."""
    text = _CAMEL.sub(" ", str(key or "")).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:].lower() if text else ""


def describe_next_stage(description_key: str | None) -> str:
    """``channels.requestState.nextStage.uploadDocuments`` → ``Upload documents``; "" when the
    key says there is none."""
    last = (description_key or "").rsplit(".", 1)[-1]
    return "" if last in ("", "none") else humanise(last)
