"""Benchmark 6: a browser's view.

Lighthouse 12.2.3 (npm, installed under /tmp/lh, never into the repository: 13.x needs Node 22)
on Debian's /usr/bin/chromium, against the dashboard served by werkzeug on a free port in this
process, logged in with a session cookie passed as an extra header (from a file, so it is not
on a command line). The sandbox answers with 100 ms of latency and the upstream cache is cold
before each run, as a person opening the page would find it.

Each page runs with Lighthouse's defaults (mobile, simulated slow 4G and a 4x slower CPU),
which the bar is judged on, and with ``--preset=desktop`` for information.
Bar: performance and accessibility 95 or more.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench import environment
from bench.environment import Bench
from bench.pages import Target
from bench.report import Section, mark
from bench.report import load_average as report_load

# Where the brief installs it: outside the repository, shared by runs on this machine.
PREFIX = Path("/tmp/lh")  # noqa: S108
VERSION = "12.2.3"
BINARY = PREFIX / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
LIMIT = 95
LATENCY_MS = 100
PAGES = ("overview", "templates", "studio")
# Lighthouse's own advice: the median of several runs, on a machine others use too.
MOBILE_RUNS = 3
LOGIN_PATH = "/login/"
TITLE = "6. A browser's view (Lighthouse)"
BAR = f"performance and accessibility ≥ {LIMIT} on the overview, the templates list and the studio"
AUDITS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "server-response-time",
    "mainthread-work-breakdown",
    "bootup-time",
)


def ensure_installed() -> str:
    """ "" when Lighthouse is there (installed now if need be), else why it is not."""
    if BINARY.exists():
        return ""
    if shutil.which("npm") is None:
        return "npm is not installed, so Lighthouse could not be installed"
    try:
        done = subprocess.run(
            ["npm", "install", "--prefix", str(PREFIX), f"lighthouse@{VERSION}"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"`npm install lighthouse@{VERSION}` failed: {error}"
    if done.returncode != 0 or not BINARY.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return f"`npm install lighthouse@{VERSION}` failed: {' '.join(tail)}"
    return ""


class LiveServer:
    """The dashboard's WSGI application on a free port, served on a thread."""

    def __init__(self) -> None:
        from django.core.wsgi import get_wsgi_application
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                return None

        self.seen: list[tuple[str, str, str]] = []
        application = get_wsgi_application()

        def recorded(environ: dict[str, Any], start_response: Any) -> Any:
            # (path, status, whether a session cookie came): a run that lost its session is
            # measuring the login page, not the page asked for.
            def start(status: str, headers: Any, *args: Any) -> Any:
                cookie = "sessionid=" in environ.get("HTTP_COOKIE", "")
                self.seen.append((environ.get("PATH_INFO", ""), status.split()[0], str(cookie)))
                return start_response(status, headers, *args)

            return application(environ, start)

        self._server = make_server("127.0.0.1", 0, recorded, threaded=True, request_handler=Quiet)
        self.port = self._server.server_port
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="bench-live-server", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The server's root URL."""
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def scores(report: dict[str, Any]) -> dict[str, Any]:
    """Performance and accessibility (0-100), key timings, and the accessibility audits that
    failed, from a Lighthouse JSON report."""
    categories = report.get("categories") or {}
    audits = report.get("audits") or {}

    def score(name: str) -> int | None:
        value = (categories.get(name) or {}).get("score")
        return None if value is None else round(float(value) * 100)

    failed = [
        audit_id
        for audit_id in ((categories.get("accessibility") or {}).get("auditRefs") or [])
        for audit_id in [audit_id.get("id")]
        if (audits.get(audit_id) or {}).get("score") == 0
    ]
    return {
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "timings": {name: (audits.get(name) or {}).get("displayValue", "") for name in AUDITS},
        "failed_accessibility_audits": failed,
        "long_tasks": _long_tasks(audits),
        "runtime_error": (report.get("runtimeError") or {}).get("message", ""),
    }


def _long_tasks(audits: dict[str, Any]) -> list[str]:
    """The longest main-thread tasks, as ``name duration``: what blocked the page."""
    items = ((audits.get("long-tasks") or {}).get("details") or {}).get("items") or []
    ranked = sorted(items, key=lambda item: -float(item.get("duration") or 0))[:4]
    named = []
    for item in ranked:
        url = str(item.get("url") or "?")
        name = (
            url.rstrip("/").rsplit("/", 1)[-1]
            if "/static/" in url
            else ("the page's HTML" if url.startswith("http") else url)
        )
        named.append(f"{name} {float(item.get('duration') or 0):.0f} ms")
    return named


def _lighthouse(url: str, headers_file: Path, out: Path, *, desktop: bool) -> dict[str, Any]:
    command = [
        str(BINARY),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={headers_file}",
        "--quiet",
    ]
    if desktop:
        command.append("--preset=desktop")
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    if done.returncode != 0 or not out.exists():
        tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        return {"error": f"lighthouse exited {done.returncode}: {tail}"}
    return scores(json.loads(out.read_text()))


def _median_int(values: list[int]) -> int | None:
    return None if not values else round(statistics.median(values))


def summarise(found: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of several runs of one page and preset, with each run's scores in words, the
    timings of the run closest to the median, and any error or lost session."""
    good = [r for r in found if r.get("performance") is not None and not r.get("lost_session")]
    perf = _median_int([r["performance"] for r in good])
    a11y = _median_int([r["accessibility"] for r in good if r.get("accessibility") is not None])
    closest = min(good, key=lambda r: abs(r["performance"] - (perf or 0)), default={})
    timings = closest.get("timings") or {}
    failed = sorted({a for r in good for a in r.get("failed_accessibility_audits") or []})
    errors = [r.get("error") or r.get("runtime_error") for r in found]
    errors = [e for e in errors if e] + [
        "a run lost its session (the login page was served)" for r in found if r.get("lost_session")
    ]

    def text(median: int | None, key: str) -> str:
        if median is None:
            return "—"
        each = [str(r[key]) for r in good if r.get(key) is not None]
        return f"{median}" + (f" ({', '.join(each)})" if len(each) > 1 else "")

    return {
        "performance": perf,
        "accessibility": a11y,
        "performance_text": text(perf, "performance"),
        "accessibility_text": text(a11y, "accessibility"),
        "fcp": timings.get("first-contentful-paint", ""),
        "lcp": timings.get("largest-contentful-paint", ""),
        "tbt": timings.get("total-blocking-time", ""),
        "main_thread": timings.get("mainthread-work-breakdown", ""),
        "long_tasks": closest.get("long_tasks") or [],
        "failed": failed,
        "error": "; ".join(errors),
    }


def run(bench: Bench, targets: list[Target]) -> Section:
    """Lighthouse on the three pages, mobile (judged) and desktop (information)."""
    chosen = [t for t in targets if t.page.key in PAGES]
    why_not = ensure_installed()
    if not Path(CHROMIUM).exists():
        why_not = why_not or f"{CHROMIUM} is not installed"
    if why_not:
        return Section(
            key="lighthouse",
            title=TITLE,
            bar=BAR,
            columns=[],
            rows=[],
            met=None,
            notes=[f"Lighthouse could not run here: {why_not}."],
            raw={"error": why_not},
        )
    from django.conf import settings

    from bench.environment import logged_in

    def fresh_session() -> None:
        # A new session for every run. Chrome replaces the extra Cookie header by its own
        # cookie jar on the page's own requests (the bell's htmx GET) once the jar holds a
        # cookie (csrftoken); the session cookie reaches the jar only when the page view
        # saves the session, which a session seen less than a minute ago does not do. A
        # fresh session is saved (and its cookie set) on the first view, as after a login.
        session = logged_in(bench.admin).cookies[settings.SESSION_COOKIE_NAME].value
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        headers_file.write_text(json.dumps({"Cookie": cookie}))
        headers_file.chmod(0o600)

    folder = Path(tempfile.mkdtemp(prefix="bench-lh-"))
    headers_file = folder / "headers.json"
    server = LiveServer()
    bench.sandbox.settings(latency_ms=LATENCY_MS)
    rows: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    verdicts: list[bool] = []
    problems: list[str] = []
    blockers: list[str] = []
    try:
        for target in chosen:
            for desktop in (False, True):
                found = []
                for attempt in range(1 if desktop else MOBILE_RUNS):
                    environment.cold()
                    fresh_session()
                    started = time.perf_counter()
                    preset = "desktop" if desktop else "mobile"
                    out = folder / f"{target.page.key}-{preset}-{attempt}.json"
                    load = report_load()
                    one = _lighthouse(server.url + target.url, headers_file, out, desktop=desktop)
                    if one.get("error") or one.get("runtime_error"):
                        # A trace that failed to record (NO_NAVSTART, say) happens on a busy
                        # machine; one more try before it counts as an error.
                        server.seen.clear()
                        environment.cold()
                        fresh_session()
                        one = _lighthouse(
                            server.url + target.url, headers_file, out, desktop=desktop
                        )
                        one["retried"] = True
                    one.update(
                        load=round(load, 1),
                        page=target.page.key,
                        preset=preset,
                        seconds=round(time.perf_counter() - started, 1),
                        lost_session=any(path == LOGIN_PATH for path, _, _ in server.seen),
                    )
                    server.seen.clear()
                    found.append(one)
                raw.extend(found)
                summary = summarise(found)
                met: bool | None = None
                if summary["performance"] is not None and summary["accessibility"] is not None:
                    met = summary["performance"] >= LIMIT and summary["accessibility"] >= LIMIT
                if not desktop:
                    verdicts.append(bool(met))
                rows.append(
                    [
                        target.page.label,
                        "desktop" if desktop else f"mobile (default), median of {len(found)}",
                        summary["performance_text"],
                        summary["accessibility_text"],
                        summary["fcp"],
                        summary["lcp"],
                        summary["tbt"],
                        summary["main_thread"],
                        ", ".join(summary["failed"]) or "none",
                        mark(met) if not desktop else f"({mark(met).strip('*')})",
                    ]
                )
                if summary["error"]:
                    problems.append(f"{target.page.label} ({preset}): {summary['error']}")
                if not desktop and summary["long_tasks"]:
                    blockers.append(f"{target.page.label}: " + ", ".join(summary["long_tasks"]))
    finally:
        bench.sandbox.settings(latency_ms=0)
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    met_all: bool | None = all(verdicts) if verdicts else None
    return Section(
        key="lighthouse",
        title=TITLE,
        bar=BAR,
        columns=[
            "page",
            "preset",
            "performance",
            "accessibility",
            "FCP",
            "LCP",
            "TBT",
            "main-thread work",
            "failed accessibility audits",
            "bar",
        ],
        rows=rows,
        met=met_all,
        notes=[
            f"Lighthouse {VERSION} on {CHROMIUM} ({CHROME_FLAGS}); the dashboard served by "
            f"werkzeug in the bench's process with DEBUG off (compressed static files); "
            f"sandbox latency {LATENCY_MS} ms, upstream cache cold before each run.",
            f"The bar is judged on the median of {MOBILE_RUNS} runs with Lighthouse's defaults "
            "(mobile: simulated slow 4G, CPU slowed 4x; each run's score in brackets); one run "
            "with the desktop preset is shown for information. FCP, LCP, TBT and main-thread "
            "work are those of the run closest to the median; Lighthouse multiplies the "
            "main-thread time it observes by 4 on mobile, so other processes on this machine "
            "(see the load average above) lengthen TBT and lower the score.",
            "Load average (1 min) when each run started: "
            + ", ".join(f"{r['page']} {r['preset']} {r['load']}" for r in raw if "load" in r)
            + ".",
            *[f"Longest main-thread tasks (mobile, median run) — {line}." for line in blockers],
            *[f"Did not run cleanly — {line}." for line in problems],
        ],
        raw=raw,
    )
