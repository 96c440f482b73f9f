"""Settings of a benchmark run: the product's own, as production runs them (``DEBUG=false``:
cached templates, compressed static files with far-future caching), on a throwaway database.

``bench.environment`` sets the environment before Django reads this (a fresh secret key and
token key, a SQLite file, no Redis cache, Redis database 13 as the broker). Only the static
root differs from the product: ``collectstatic`` writes into the run's own folder, never into
the repository's ``staticfiles/``, which a development server would then serve.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.settings import *  # noqa: F403  (the product's settings, as they are)

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

# The page benchmarks time one process with its upstream cache in local memory, as they always
# have; without REDIS_URL the product now defaults to a file cache shared by processes. Room
# for every account's keys, as Redis has: at Django's default of 300 entries the poll cycle's
# 50 accounts (8-10 keys each) were culled between cycles, and a steady cycle read again what
# it had cached.
if not REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# "Not Found: /favicon.ico" on every Lighthouse run is not news; errors still show.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
