"""App config for the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail of every write made through the dashboard."""

    name = "dashboard.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        """Record sign-ins, failed ones and logouts."""
        from dashboard.audit import signals

        signals.connect()
