"""The audit trail. Record a write in one line::

    from dashboard import audit
    audit.record(actor=request.user, account=account, action="account.update",
                 target=str(account.account_id), sent={...}, outcome="ok", upstream_status=None)

An upstream write is recorded by ``upstream.write`` itself, from the ``upstream.AuditRecord``
it is given, with its outcome and status whichever way it ended.

Secrets in ``sent`` are masked by key name (token, password, secret, otp...) before storing.
The functions live in ``services.py``; they are looked up lazily here because this package is
imported while Django loads its apps, before models can be.
"""

from __future__ import annotations

from typing import Any

__all__ = ["mask_secrets", "record", "record_access"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dashboard.audit import services

        return getattr(services, name)
    raise AttributeError(f"module 'dashboard.audit' has no attribute {name!r}")
