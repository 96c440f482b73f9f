"""channels_api: a typed Python client for CM.com's Channels API, and a sandbox that stands in for it.

Nothing in this package imports Django: the dashboard depends on it, never the reverse.
"""

from channels_api._version import __version__

__all__ = ["__version__"]
