"""The audit trail pages under /manage/audit/: their filters and views (the trail itself, and
its queries, are ``dashboard.audit``)."""
