"""Fakes for the upstream tests: a product token, and client calls that count their runs or
note their thread."""

from __future__ import annotations

import threading
import time

# The product token of the tests' account: it must never show in a client's repr.
RAW = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


class Counter:
    """A fake client call that counts how often it runs."""

    def __init__(self, value=None, error=None, delay=0.0, barrier=None):
        self.calls = 0
        self.value = value
        self.error = error
        self.delay = delay
        self.barrier = barrier
        self.lock = threading.Lock()

    def __call__(self, client):
        with self.lock:
            self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if self.barrier is not None:
            # Passes only when every part sharing the barrier is running at the same moment.
            self.barrier.wait()
        if self.error is not None:
            raise self.error
        return self.value


class WhereItRan:
    """A fake client call that notes the thread it ran on."""

    def __init__(self, value=None):
        self.value = value
        self.threads: list[threading.Thread] = []

    def __call__(self, client):
        self.threads.append(threading.current_thread())
        return self.value
