"""Each item keeps its messages' keys and parts (imports/wording.py), said in the reader's
language. Rows written before held the English sentence: those written in English get their key
and parts (CM.com's and the studio's words kept as given); any other words (written in another
language in a request) stay shown as stored."""

from django.db import migrations, models

# The sentences as the code before this migration wrote them in English (frozen here).
_STOPPED = {
    "The import stopped while this one was being sent: it may have reached CM.com; look for "
    "it in the templates before sending it again.": "stopped_sending",
    "Not sent: the import stopped before this one.": "stopped_before",
}
_SUBMIT = {**_STOPPED, "Its draft is no longer here.": "draft_gone"}


def _message_parts(message: str) -> dict:
    if message in _STOPPED:
        return {"msg": _STOPPED[message]}
    if message.startswith("Not created: "):
        return {"msg": "not_created", "words": message.removeprefix("Not created: ")}
    if message.startswith("Created, but "):
        return {"msg": "created_but", "message": message.removeprefix("Created, but ")}
    return {}


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    item_model = apps.get_model("imports", "ImportItem")
    changed = []
    rows = item_model.objects.exclude(message="", submit_message="").only(
        "message", "message_parts", "submit_message", "submit_message_parts"
    )
    for item in rows.iterator():
        message_parts = item.message_parts or _message_parts(item.message)
        submit_parts = item.submit_message_parts or (
            {"msg": _SUBMIT[item.submit_message]} if item.submit_message in _SUBMIT else {}
        )
        if (message_parts, submit_parts) != (item.message_parts, item.submit_message_parts):
            item.message_parts, item.submit_message_parts = message_parts, submit_parts
            changed.append(item)
    item_model.objects.bulk_update(
        changed, ["message_parts", "submit_message_parts"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_imports"),
    ]

    operations = [
        migrations.AddField(
            model_name="importitem",
            name="message_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="importitem",
            name="submit_message_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        # Backwards: the text fields still hold the words.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
