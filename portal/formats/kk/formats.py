# Kazakh official texts write a date as "2025 жылғы 6 наурыз": the year, "жылғы", the day and the month
# in lower case (the month names come from portal/month_names.py, which lowers Django's capitals).
DATE_FORMAT = "Y жылғы j F"
DATETIME_FORMAT = "Y жылғы j F, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "Y жылғы F"
