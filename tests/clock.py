"""Running the suite on a clock other than today's (issue 13).

The sandbox seeds its dates from the clock, and the dashboard shows ages, expected dates and
resend waits derived from it, so a test that writes a date by hand passes only in the week it
was written. ``make test`` therefore runs the date-sensitive tests (marker ``dates``) again on
clocks far from today, set by ``TEST_CLOCK``:

- ``+366d`` / ``-400d``: that many days from now, at the same time of day;
- an ISO moment (``2028-02-29T23:59:30+00:00``): that moment.

The clock keeps ticking from there (``tick=True``), so a run started at 23:59:30 crosses
midnight while it runs. time-machine patches the C-level clock functions, so the sandbox and
the Celery worker, which run on threads of the test process, see the same moved clock.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

ENV = "TEST_CLOCK"

#: The tests whose expectations involve dates, ages or waits the code derives from the clock
#: (paths from the repository root, a folder or a module): collected with the ``dates`` marker,
#: so ``make test`` runs them again on moved clocks. A new module of that kind belongs here.
DATE_SENSITIVE: tuple[str, ...] = (
    # the sandbox seeds every date from the clock and moves what is pending on with it
    "tests/channels_api/sandbox/",
    "tests/test_clock.py",
    # every page and write under every fault: the pages show seeded dates
    "tests/dashboard/security/test_faults_on_every_page.py",
    "tests/dashboard/security/test_faults_on_every_write.py",
    # "try again at HH:MM", the breaker's hold, the session's idle timeout
    "tests/dashboard/security/test_rate_limits.py",
    "tests/dashboard/security/test_circuit_breaker.py",
    "tests/dashboard/security/test_sessions.py",
    "tests/dashboard/security/test_post_writes_checked.py",
    "tests/dashboard/upstream/",
    "tests/dashboard/test_overview.py",
    # channel requests: requested, expected (created + processing days), overdue, fulfilled
    "tests/dashboard/channels/test_request_detail.py",
    "tests/dashboard/channels/test_request_list.py",
    "tests/dashboard/channels/test_channel_list.py",
    # number requests: expected by, assigned, the dry run's expected date
    "tests/dashboard/numbers/test_number_requests.py",
    "tests/dashboard/numbers/test_number_request_flow.py",
    "tests/dashboard/numbers/test_keyword_detail.py",
    # the pending board, the poller's expected and overdue dates, notifications, Poll now
    "tests/dashboard/tracker/",
    # the OTP walk's resend wait, the business account's dates
    "tests/dashboard/whatsapp/",
    # template drafts and pushes, stamped with the time
    "tests/dashboard/studio/test_save_view.py",
    "tests/dashboard/studio/test_validate_view.py",
    # reviews: "waiting 3 hours", from when the review was asked
    "tests/dashboard/reviews/test_board_and_policy.py",
    # "checked 2 min ago", "read from CM.com 3 min ago" (issue 16)
    "tests/dashboard/core/test_freshness.py",
    "tests/dashboard/test_lists_say_when_read.py",
    "tests/browser/test_item_check.py",
)
_RELATIVE = re.compile(r"^([+-]\d+)d$")

_traveller = None


def destination(value: str, now: datetime | None = None) -> datetime:
    """The moment ``value`` names: ``+Nd``/``-Nd`` from ``now``, or an ISO datetime (UTC
    when it names no zone). Anything else is refused, naming the variable."""
    relative = _RELATIVE.match(value.strip())
    if relative:
        return (now or datetime.now(UTC)) + timedelta(days=int(relative.group(1)))
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"{ENV}={value!r}: use +Nd, -Nd or an ISO datetime such as 2028-02-29T23:59:30Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_date_sensitive(relative_path: str) -> bool:
    """Whether the test module at ``relative_path`` (from the repository root) is listed."""
    return any(
        relative_path == entry or (entry.endswith("/") and relative_path.startswith(entry))
        for entry in DATE_SENSITIVE
    )


def start_from_environment() -> datetime | None:
    """Move the clock if ``TEST_CLOCK`` says so; the moment moved to, or None."""
    global _traveller
    value = os.environ.get(ENV, "").strip()
    if not value or _traveller is not None:
        return None
    import time_machine  # only a moved run needs it

    moment = destination(value)
    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()
    return moment


def report_header() -> str | None:
    """The line pytest prints first, so a log shows which clock the run was on."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    zone = os.environ.get("TIME_ZONE", "the default TIME_ZONE")
    return f"clock moved by {ENV}={value}: now {datetime.now(UTC).isoformat()} (UTC), {zone}"
