from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0004_detail_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="accounthealth",
            name="broken_reason_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="accounthealth",
            name="last_failure_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
