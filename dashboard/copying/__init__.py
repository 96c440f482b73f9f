"""Copying WhatsApp templates from one account to another."""
