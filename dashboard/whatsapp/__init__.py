"""WhatsApp: pick a WhatsApp channel request, its business account and languages, its profiles
and the OTP walk that verifies a profile's phone number. Templates live in ``dashboard.studio``."""
