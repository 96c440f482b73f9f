"""Date formats per language (settings.FORMAT_MODULE_PATH), over Django's own.

Pages write a date with ``|date`` (DATE_FORMAT) and a moment with ``|date:"DATETIME_FORMAT"``;
each language says how. English reads as the dashboard always did ("5 Dec 2026 14:02", a
24-hour clock, not Django's en-gb "2:02 p.m."); Dutch "5 dec 2026 14:02"; German
"5. Dez 2026, 14:02". Numbers keep Django's separators per language.
"""
