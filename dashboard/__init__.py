"""The Channels Dashboard: a Django project, one app per area inside it.

The Celery app is imported here so `@shared_task` in any app binds to it when Django starts.
"""

from dashboard.celery import app as celery_app

__all__ = ["celery_app"]
