"""Tests of the pending tracker (dashboard.tracker)."""
