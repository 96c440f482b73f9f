"""``python -m channels_api.sandbox`` starts, prints what a person needs, and stops on Ctrl-C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, seconds: float = 15) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                return json.loads(answer.read())
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _ctrl_c_as_in_a_terminal() -> None:
    # A suite started in the background (``make test &``, a CI runner) ignores SIGINT, and the
    # child inherits that: Python then installs no KeyboardInterrupt, and Ctrl-C, as sent
    # below, would go unheard. A person's terminal delivers it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_the_cli_serves_the_demo_account_and_prints_its_id_and_token():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "channels_api.sandbox", "--port", str(port), "--approve-after", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}/_sandbox/health", process)
        assert health["accounts"] == [DEMO_ACCOUNT_ID]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/channels/v1/accounts/{DEMO_ACCOUNT_ID}/channels/types",
            headers={"X-CM-PRODUCTTOKEN": DEMO_PRODUCT_TOKEN},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert len(json.loads(answer.read())) == 2
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert process.returncode == 0, output
    assert DEMO_ACCOUNT_ID in output
    assert DEMO_PRODUCT_TOKEN in output
    assert f"http://127.0.0.1:{port}/channels/v1" in output
    assert "Traceback" not in output


def test_the_cli_refuses_a_malformed_account():
    answer = subprocess.run(
        [sys.executable, "-m", "channels_api.sandbox", "--account", "nope"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert answer.returncode == 2
    assert "ACCOUNT_ID must be a uuid" in answer.stderr
