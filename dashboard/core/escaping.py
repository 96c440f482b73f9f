"""``escape``: Django's ``conditional_escape`` for HTML written in Python, without its wrapper.

Rows and form fields written as strings (the numbers, studio and form renderers) escape a
dozen values each; ``conditional_escape`` checks every argument for lazy text through its
``keep_lazy`` wrapper, which was most of its time. Same output: lazy text becomes text, what
is already HTML (``__html__``) is kept, everything else is escaped.
"""

from __future__ import annotations

import html
from typing import Any


def escape(value: Any) -> str:
    """``value`` as HTML text, as ``conditional_escape`` would write it."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
