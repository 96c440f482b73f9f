from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0002_template_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="templatedraft",
            name="push_error_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
