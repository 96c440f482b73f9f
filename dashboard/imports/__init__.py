"""Bulk import of WhatsApp templates from a CSV or XLSX file."""
