# English as the dashboard always wrote it: short month, 24-hour clock.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
