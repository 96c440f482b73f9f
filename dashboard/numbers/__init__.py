"""SMS keywords and dedicated phone numbers: browse, export, and dry-run-first writes."""
