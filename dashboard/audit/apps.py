"""App config for the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail of every write made through the dashboard."""

    name = "dashboard.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        """Record sign-ins, failed ones and logouts, and the writes ``dashboard.upstream`` makes
        (registered into its hook: upstream sits below the audit trail and never imports it)."""
        from dashboard.audit import services, signals
        from dashboard.upstream import hooks

        signals.connect()
        hooks.register_write_recorder(services.record)
