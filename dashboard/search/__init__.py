"""Search across accounts: an index of what the poller reads, searched without CM.com."""
