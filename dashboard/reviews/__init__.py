"""Reviews: a second person approves a write to CM.com before the dashboard sends it."""
