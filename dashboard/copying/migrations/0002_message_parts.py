"""Each item keeps its message's key and parts (copying/wording.py), said in the reader's
language. Rows written before held the English sentence: those the worker wrote in English get
their key and parts (CM.com's and the studio's words kept as given); any other words (written in
another language in a request) stay shown as stored."""

import re

from django.db import migrations, models

# The sentences as the code before this migration wrote them in English (frozen here).
_EXACT = {
    "A template of this name is in the target already: skipped.": "skipped",
    "Saved to CM.com.": "saved",
    "Nothing to save: CM.com already has this.": "nothing_to_save",
    "Created in the target, but its draft is gone: open it in the studio.": "draft_gone",
    "The copy was interrupted after the template was created in the target: open it in the "
    "studio to check its content.": "interrupted",
}
_PREFIXED = [
    ("Not copied: ", "not_copied", "words"),
    ("Could not check whether it was created: ", "check_failed", "message"),
]
_HALF_MADE = re.compile(
    r"^Created in the target, but its content was not saved \((?P<words>.*)\)\. Retry saves "
    r"it; nothing is created twice\.$",
    re.DOTALL,
)
_VALIDATION = {"Not submitted: the draft is gone.": "not_submitted_draft_gone"}


def _parts(message: str) -> dict:
    if message in _EXACT:
        return {"msg": _EXACT[message]}
    for prefix, key, name in _PREFIXED:
        if message.startswith(prefix):
            return {"msg": key, name: message.removeprefix(prefix)}
    if found := _HALF_MADE.match(message):
        return {"msg": "half_made", "words": found["words"]}
    return {}


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    item_model = apps.get_model("copying", "CopyItem")
    changed = []
    rows = item_model.objects.exclude(message="", validation="").only(
        "message", "message_parts", "validation", "validation_parts"
    )
    for item in rows.iterator():
        message_parts = item.message_parts or _parts(item.message)
        validation_parts = item.validation_parts or (
            {"msg": _VALIDATION[item.validation]} if item.validation in _VALIDATION else {}
        )
        if (message_parts, validation_parts) != (item.message_parts, item.validation_parts):
            item.message_parts, item.validation_parts = message_parts, validation_parts
            changed.append(item)
    item_model.objects.bulk_update(changed, ["message_parts", "validation_parts"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("copying", "0001_copy_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="copyitem",
            name="message_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="copyitem",
            name="validation_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        # Backwards: the text fields still hold the words.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
