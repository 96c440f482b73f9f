"""The benchmarks' sandbox runs in a process of its own, steered over HTTP like CM.com's
stand-in anywhere else, so its work is never counted as the dashboard's."""

from __future__ import annotations

import os
import urllib.request

from bench.environment import LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN, start_sandbox_process
from channels_api.sandbox.testing import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN


def _types(sandbox, account_id, token):
    request = urllib.request.Request(
        f"{sandbox.account_url(account_id)}/channels/types",
        headers={"X-CM-PRODUCTTOKEN": token},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def test_the_bench_sandbox_is_another_process_that_answers_and_obeys_its_controls():
    sandbox = start_sandbox_process([(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)], latency_ms=0)
    try:
        assert sandbox.process.pid != os.getpid()
        assert sandbox.process.poll() is None
        assert _types(sandbox, DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN) == 200
        assert sandbox.settings(latency_ms=25)["latency_ms"] == 25
        sandbox.add_account(LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN, scale={"templates": 5})
        sandbox.clear_log()
        assert _types(sandbox, LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN) == 200
        (entry,) = sandbox.log()
        assert entry["account_id"] == LARGE_ACCOUNT_ID
        assert entry["duration_ms"] >= 25
    finally:
        sandbox.stop()
    assert sandbox.process.poll() is not None
