"""The pending tracker's routes: the board (all accounts, or one), "Poll now", the bell,
notifications and subscriptions, and one tracked item with its "Check now" (which need a
tracked item: ``samples``)."""

from tests.dashboard.matrix import Row, _same

EVERYONE = {
    "admin": _same(200),
    "support": _same(200),
    "marketing": _same(200),
    "outsider": _same(200),
}
# A POST that redirects without htmx (its htmx answer is only checked when not a redirect).
EVERYONE_POST = {role: _same(302) for role in EVERYONE}

ROWS: dict[str, Row] = {
    "tracker:board": Row("GET", 302, **EVERYONE),
    "tracker:account_board": Row("GET", 302, _same(200), (200, 404), (200, 404), _same(404)),
    "tracker:poll_now": Row("POST", 302, _same(302), (302, 404), (302, 404), _same(404)),
    # approval times (issue 16): the tracker's history of one account, and its CSV
    "tracker:approval_times": Row("GET", 302, _same(200), (200, 404), (200, 404), _same(404)),
    "tracker:approval_times_export": Row(
        "GET", 302, _same(200), (200, 404), (200, 404), _same(404)
    ),
    "tracker:notifications": Row("GET", 302, **EVERYONE),
    "tracker:bell": Row("GET", 302, **EVERYONE),
    "tracker:mark_read": Row("POST", 302, **EVERYONE_POST),
    "tracker:subscriptions": Row("GET", 302, **EVERYONE),
    "tracker:subscriptions_save": Row("POST", 302, **EVERYONE_POST),
    # one tracked item and its "Check now" (issue 16): whoever may browse the account
    "tracker:item": Row("GET", 302, _same(200), (200, 404), (200, 404), _same(404)),
    "tracker:item_check": Row("POST", 302, _same(302), (302, 404), (302, 404), _same(404)),
}


def samples(account: object) -> dict[str, str]:
    """A tracked item of the account: its seeded WhatsApp request, as a poll would store it
    (a row of the test's database, so made here each time rather than read once)."""
    from django.utils import timezone

    from dashboard.tracker.models import TrackedItem
    from tests.dashboard.matrix.whatsapp import samples as whatsapp_samples

    now = timezone.now()
    item, _ = TrackedItem.objects.get_or_create(
        account=account,
        kind="channel_request",
        upstream_id=whatsapp_samples(account)["whatsapp_request_id"],
        defaults={
            "label": "WhatsApp",  # worded where shown: "WhatsApp channel request"
            "meta": {"phrase": "channel_request"},
            "status": "pending",
            "first_seen": now,
            "last_seen": now,
            "last_change": now,
        },
    )
    return {"item_id": str(item.pk)}
