"""Company login against the real provider (tests/oidc/): its fixtures."""

from tests.oidc.fixtures import *  # noqa: F403
