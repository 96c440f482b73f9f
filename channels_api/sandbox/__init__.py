"""A stateful stand-in for api.cm.com's Channels API, for demos and tests.

It serves ``http://HOST:PORT/channels/v1/accounts/{accountId}/...`` with the paths of the
documentation, so only a client's base URL changes. Plain Python and werkzeug; see README.md.

- ``state``, ``catalog``, ``seed``: the in-memory accounts and their deterministic demo data
- ``operations/``: the 51 operations; ``serialize``: their JSON; ``validation``: input checks
- ``lifecycle``: what finishes later, on the sandbox clock
- ``app``: the WSGI app (routing, auth, faults, latency, log); ``control``: ``/_sandbox/``
- ``server``: building and serving it; ``testing``: ``start_sandbox`` for tests;
  ``__main__``: ``python -m channels_api.sandbox``
"""

from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN

__all__ = ["DEMO_ACCOUNT_ID", "DEMO_PRODUCT_TOKEN"]
