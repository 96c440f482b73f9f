"""When a request of CM.com's should be done: one rule for the poller, the lists, the detail
pages and the dry runs.

CM.com's types give ``channelRequestProcessingDays`` / ``numberRequestProcessingDays`` as "the
processing time in days"; the documentation says nothing of working days or holidays, so a
processing day is a calendar day of 24 hours, counted from the moment CM.com dated the
request (UTC). A request made on a Friday with one processing day is expected on the
Saturday, and one made on 30 December with five on 4 January. The date a person sees is that
moment in the dashboard's time zone, which may already be the next day.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def expected_by(start: datetime | None, processing_days: int | None) -> datetime | None:
    """``start`` plus ``processing_days`` calendar days, or None when either is unknown."""
    if start is None or processing_days is None:
        return None
    return start + timedelta(days=processing_days)
