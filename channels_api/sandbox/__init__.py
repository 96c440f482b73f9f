"""A stateful stand-in for api.cm.com's Channels API, for demos and tests."""
