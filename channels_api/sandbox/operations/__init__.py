"""The 51 operations of the Channels API, one module per documentation group.

Importing this package registers every route in ``base.ROUTES``.
"""

from channels_api.sandbox.operations import (  # noqa: F401  (imported to register routes)
    channels,
    configuration,
    keywords,
    numbers,
    whatsapp,
)
from channels_api.sandbox.operations.base import ROUTES, Ctx, Reply, Route

__all__ = ["ROUTES", "Ctx", "Reply", "Route"]
