"""Sign-ins into the audit trail: logins, failed logins (and lockouts), logouts.

Connected in ``AuditConfig.ready``. Django's ``user_login_failed`` carries the credentials with
the password already masked; only the username is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from dashboard.audit.models import AccessKind
from dashboard.audit.services import record_access
from dashboard.audit.wording import say


def _logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    record_access(kind=AccessKind.LOGIN, request=request, user=user)


def _logged_out(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    record_access(kind=AccessKind.LOGOUT, request=request, user=user)


def _login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: Any = None, **kwargs: Any
) -> None:
    if "nonce" in (credentials or {}):
        # The company login's callback (OIDC: a nonce, no username) records its own refusal,
        # with the reason the signal does not carry (dashboard.sso.views); once is enough.
        return
    typed = str((credentials or {}).get("username", ""))
    locked = bool(getattr(request, "axes_locked_out", False))
    record_access(
        kind=AccessKind.LOGIN_FAILED,
        request=request,
        username=typed,
        detail=say("while_locked_out") if locked else "",
    )


def _locked_out(
    sender: Any, request: Any = None, username: str | None = None, **kwargs: Any
) -> None:
    record_access(
        kind=AccessKind.LOCKED_OUT,
        request=request,
        username=str(username or ""),
        detail=say("too_many_failed_logins"),
    )


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit.locked_out")
