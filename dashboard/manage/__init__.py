"""The admin pages under /manage/ for what the lower apps own, and the scripts that go with
them: CM accounts (``accounts/``: form, services, views; ``add_account``, ``rotate_token_keys``)
and the audit trail (``audit/``: filters and views), plus ``seed_demo``.

They live here, above everything, because they use everything: an account's services record
audit entries and talk to CM.com (``dashboard.upstream``), while ``dashboard.accounts`` (the
model) sits below both. People's pages stay in ``dashboard.people``, which already sits above
all they need. URL namespaces are unchanged (``accounts:``, ``audit:``).
"""
