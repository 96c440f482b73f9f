"""``make run``: the whole product on one laptop, with nothing but Python installed.

Migrates the database (SQLite under var/ unless DATABASE_URL says otherwise), starts the
sandbox that stands in for api.cm.com, creates the demo people and registers the
sandbox's demo account, then runs the web server and a Celery worker with beat on the
embedded broker (or on REDIS_URL / CELERY_BROKER_URL when set). Ctrl-C stops them all; a
child that dies on its own is started again with backoff (``dashboard.supervise``), and the
web server keeps running whatever happens to the worker.

It also starts the demo webhook receiver (``dashboard.demo_receiver``, RECEIVER_PORT, default
8766), allows it through WEBHOOK_TEST_ALLOWED, and points the demo's first channel with webhooks
at it (one webhook that answers 200, one at ``/slow`` that times out), so "Send a test event"
has something to reach. The sandbox's seed itself is unchanged (tests assert its URLs).

Ports: WEB_PORT (default 8000), SANDBOX_PORT (default 8765) and RECEIVER_PORT (default 8766).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dashboard.supervise import Supervisor

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _port(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        port = int(value)
    except ValueError:
        sys.exit(f"{name} must be a port number, got {value!r}")
    if not 0 < port < 65536:
        sys.exit(f"{name} must be between 1 and 65535, got {port}")
    return port


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def _wait_for(url: str, what: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{what} stopped at start (exit {process.returncode}); see its output above.")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 (a local URL we built)
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{what} did not answer at {url} within {seconds:.0f} s.")


def point_demo_webhooks(base_url: str, receiver: str) -> str | None:
    """Point the first demo channel with two webhooks at the receiver, through the sandbox's
    API: one at ``/cm/inbound`` (answers 200), one at ``/slow`` (times out). Its id, or None."""
    from channels_api import ChannelsClient
    from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN

    with ChannelsClient(
        account_id=DEMO_ACCOUNT_ID, product_token=DEMO_PRODUCT_TOKEN, base_url=base_url
    ) as client:
        for channel in client.channels.list().available.channels():
            hooks = client.configuration.get_all(channel.id).inbound.webhook.endpoints
            if len(hooks) >= 2:
                break
        else:
            return None
        for hook, path in zip(hooks, ("/cm/inbound", "/slow"), strict=False):
            client.configuration.update_webhook(
                channel.id, hook.id, url=receiver + path, method="POST", type="Json"
            )
    return str(channel.id)


def main() -> None:
    """Start everything, print where to go, and stop everything on Ctrl-C."""
    web_port = _port("WEB_PORT", 8000)
    sandbox_port = _port("SANDBOX_PORT", 8765)
    receiver_port = _port("RECEIVER_PORT", 8766)
    # The web server (a child) reads this: "Send a test event" may reach the demo receiver.
    allowed = os.environ.get("WEBHOOK_TEST_ALLOWED", "")
    os.environ["WEBHOOK_TEST_ALLOWED"] = ",".join(
        part for part in (allowed, f"127.0.0.1:{receiver_port}") if part
    )
    (ROOT / "var").mkdir(exist_ok=True)
    # A child that dies is started again (with backoff); none takes the others down with it.
    supervisor = Supervisor(cwd=ROOT)

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        return supervisor.start(name, [PYTHON, *args])

    def stop_on_sigterm(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # `kill` or a supervisor sends SIGTERM: stop the children as Ctrl-C would.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        _manage("migrate", "--noinput")
        sandbox = start(
            "sandbox",
            "-m",
            "channels_api.sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            str(sandbox_port),
        )
        _wait_for(f"http://127.0.0.1:{sandbox_port}/_sandbox/health", "The sandbox", sandbox)
        _manage("seed_demo", "--base-url", f"http://127.0.0.1:{sandbox_port}/channels/v1")
        receiver_process = start(
            "receiver", "-m", "dashboard.demo_receiver", "--port", str(receiver_port)
        )
        receiver = f"http://127.0.0.1:{receiver_port}"
        _wait_for(f"{receiver}/health", "The webhook receiver", receiver_process)
        pointed = point_demo_webhooks(f"http://127.0.0.1:{sandbox_port}/channels/v1", receiver)
        if pointed:
            print(f"  The webhooks of demo channel {pointed} point at the receiver on {receiver}.")
        web = start("web", "manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload")
        start(
            "worker",
            "-m",
            "celery",
            "-A",
            "dashboard",
            "worker",
            "--beat",
            "--loglevel=INFO",
            "--concurrency=2",
            f"--schedule={ROOT / 'var' / 'celerybeat-schedule'}",
        )
        _wait_for(f"http://127.0.0.1:{web_port}/login/", "The web server", web)
        print(f"\n  Channels Dashboard is running at http://127.0.0.1:{web_port}/")
        print(
            "  Log in as admin / admin-demo, support / support-demo or marketing / marketing-demo."
        )
        print(
            "  Press Ctrl-C to stop the web server, the worker, beat, the sandbox and the "
            "webhook receiver.\n"
        )
        while True:
            supervisor.check()
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\n  Stopping…")
    except subprocess.CalledProcessError as exc:
        print(f"\n  {' '.join(map(str, exc.cmd[1:]))} failed (exit {exc.returncode}).")
    finally:
        supervisor.stop_all()


if __name__ == "__main__":
    main()
