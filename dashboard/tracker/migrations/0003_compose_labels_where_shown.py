"""Rows stored before labels were composed where shown (``models.compose_label``) hold the
poller's English words ("WhatsApp channel request"): keep CM.com's part and the phrase's key,
so a Dutch reader sees them in Dutch too."""

import re

from django.db import migrations

# The poller's English fallbacks for a missing channel type or number type.
_NUMBER = re.compile(r"^Phone number(?: \((?P<country>[^)]*)\))?$")


def _split(kind: str, label: str) -> tuple[str, str] | None:
    """(phrase, CM.com's part) of an English label the poller stored, or None if it is not one."""
    if kind == "channel_request" and label.endswith(" channel request"):
        name = label.removesuffix(" channel request")
        return "channel_request", "" if name == "Channel" else name
    if kind == "business_account" and label == "WhatsApp business account":
        return "business_account", ""
    if kind == "number_request" and (found := _NUMBER.match(label)):
        return "phone_number", found["country"] or ""
    return None


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    item_model = apps.get_model("tracker", "TrackedItem")
    changed = []
    rows = item_model.objects.filter(
        kind__in=["channel_request", "business_account", "number_request"]
    ).only("kind", "label", "meta")
    for item in rows.iterator():
        meta = item.meta or {}
        split = None if meta.get("phrase") else _split(item.kind, item.label)
        if split is None:
            continue
        meta["phrase"], item.label = split
        item.meta = meta
        changed.append(item)
    item_model.objects.bulk_update(changed, ["label", "meta"], batch_size=500)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    """Put the English words back, as the code before this migration stored them."""
    item_model = apps.get_model("tracker", "TrackedItem")
    changed = []
    for item in item_model.objects.filter(meta__has_key="phrase").iterator():
        meta = dict(item.meta)
        phrase = meta.pop("phrase")
        if phrase == "channel_request":
            item.label = f"{item.label or 'Channel'} channel request"
        elif phrase == "business_account":
            item.label = "WhatsApp business account"
        elif phrase == "phone_number":
            item.label = f"Phone number ({item.label})" if item.label else "Phone number"
        item.meta = meta
        changed.append(item)
    item_model.objects.bulk_update(changed, ["label", "meta"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0002_pollrun_running_index")]

    operations = [migrations.RunPython(forwards, backwards)]
