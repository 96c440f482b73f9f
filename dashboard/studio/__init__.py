"""Marketing's WhatsApp template studio: list, create, edit with drafts, preview, lint, submit."""
