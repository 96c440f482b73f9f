"""The Celery app: its configuration is the CELERY_* settings in dashboard/settings.py.

By default the broker is kombu's ``filesystem://`` under ``var/celery/`` so a laptop needs no
server; ``REDIS_URL`` or ``CELERY_BROKER_URL`` switch it to Redis. Results are ignored: tasks
keep their state in our models. Run a worker with beat:
``celery -A dashboard worker -B -l info``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")

app = Celery("dashboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
