# German: "5. Dez 2026, 14:02" (Django's own is the long month, too wide for a table).
DATE_FORMAT = "j. M Y"
DATETIME_FORMAT = "j. M Y, H:i"
TIME_FORMAT = "H:i"
