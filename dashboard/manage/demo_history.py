"""The demo's version history: ``order_confirmation`` with three versions (``seed_demo``).

The sandbox seeds the same template, with the same ids and texts, on every start, and the demo
database keeps what it stored; so the history is written once, told as it would have happened
(submitted in English, saved with Dutch and the total, submitted with German: approved), and
ends exactly as CM.com has the template now, read from the sandbox. Nothing is sent to it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.studio import drafts
from dashboard.studio.models import TemplateVersion
from dashboard.upstream import client_for

TEMPLATE = "order_confirmation"
TOTAL = " The total is {{3}}."


def _template(account: CMAccount) -> tuple[str, Any] | None:
    with client_for(account, timeout=5) as client:
        requests = client.channels.list_requests(take=100)
        types = client.channels.list_types(take=100)
        chosen = core_selectors.whatsapp_channel_request(requests, types)
        if chosen is None or not chosen.id:
            return None
        found = client.templates.list(chosen.id, q=TEMPLATE, take=50)
        match = next((item for item in found if item.name == TEMPLATE), None)
        if match is None:
            return None
        return str(chosen.id), client.templates.get(chosen.id, match.id)


def seed_history(account: CMAccount, author: Any) -> str:
    """Write the three versions unless the template has some; says what it did, in words."""
    try:
        found = _template(account)
    except Exception as error:
        # Any failure (no sandbox, a test without one): the demo goes on without the history.
        return f"No demo template history: the sandbox could not be read ({type(error).__name__})."
    if found is None:
        return f"No demo template history: the sandbox has no {TEMPLATE}."
    request_id, template = found
    mine = {"account": account, "request_id": request_id, "template_id": str(template.id)}
    if TemplateVersion.objects.filter(**mine).exists():
        return f"{TEMPLATE} already has its demo history."
    now = drafts.snapshot(template)
    languages = list(now["contents"])
    fields = [{"name": f["name"], "type": f["type"], "sample": ""} for f in now["fields"]]
    samples = ["Sam", "A-1042", "€ 25.00"]
    fields = [{**f, "sample": s} for f, s in zip(fields, samples, strict=False)] + fields[3:]
    first = languages[0]
    steps = [
        ("submitted", {first: now["contents"][first].replace(TOTAL, "")}, fields[:2], True),
        ("saved", {lang: now["contents"][lang] for lang in languages[:2]}, fields, False),
        ("submitted", dict(now["contents"]), fields, True),
    ]
    moment = timezone.now()
    for number, (reason, contents, with_fields, approved) in enumerate(steps, start=1):
        when = moment - timedelta(days=4 - number)
        TemplateVersion.objects.create(
            **mine,
            number=number,
            reason=reason,
            name=now["name"],
            category_id=now["category_id"],
            contents=contents,
            fields=with_fields,
            created_by=author,
            created_by_name=author.get_username(),
            created_at=when,
            approved_at=when + timedelta(hours=2) if approved else None,
        )
    return f"{TEMPLATE} has a demo history of {len(steps)} versions."
