"""The cache of the embedded default (no ``REDIS_URL``: ``make run`` on one host): Django's file
cache under ``VAR_DIR``, which the web server and the Celery worker's processes share, so what
a poll stores or invalidates shows on the next page view (issue 19). Local memory would give
each process a cache of its own, and the worker's writes would never reach the pages.

Django's file cache writes each entry atomically (a temporary file renamed over it), but its
``add`` is a look then a write, and ``incr`` a read then a write: two threads of the web server
or two processes can both "add" the same key. The dashboard relies on ``add`` winning once (a
confirmation spent once, "Poll now" once a minute, the breaker's count), so here both run while
holding an exclusive ``flock`` on one lock file in the cache's folder, which every process and
thread on the host honours.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

# Not a cache entry: Django's file cache only counts, culls and clears "*.djcache" files.
LOCK_NAME = "add-and-incr.lock"


class SharedFileCache(FileBasedCache):
    """``FileBasedCache`` whose ``add`` and ``incr`` are atomic across processes and threads."""

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._createdir()  # the folder may have been removed (it is only a cache)
        descriptor = os.open(os.path.join(self._dir, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        with self._locked():
            return super().incr(key, delta, version)
