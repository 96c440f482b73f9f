"""channels_api: a typed client for CM.com's Channels API, and a sandbox that stands in for it.

    from channels_api import ChannelsClient, errors

Nothing in this package imports Django: the dashboard depends on it, never the reverse.
Names are imported lazily so that ``python -m channels_api.sandbox`` loads only what the
sandbox needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channels_api._version import __version__

if TYPE_CHECKING:
    from channels_api.client import ChannelsClient
    from channels_api.pagination import fetch_all, iterate_pages

__all__ = ["ChannelsClient", "__version__", "fetch_all", "iterate_pages"]


def __getattr__(name: str) -> Any:
    if name == "ChannelsClient":
        from channels_api.client import ChannelsClient

        return ChannelsClient
    if name in {"fetch_all", "iterate_pages"}:
        from channels_api import pagination

        return getattr(pagination, name)
    raise AttributeError(f"module 'channels_api' has no attribute {name!r}")
