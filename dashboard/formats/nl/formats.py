# Dutch: "5 dec 2026 14:02", the month in lower case as Dutch writes it (Django's own is the
# long month, too wide for a table).
DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "j b Y H:i"
TIME_FORMAT = "H:i"
