# Kazakh writes "2025 жылғы 6 наурыз"; Django's month names for kk are capitalised, so the numeric
# form, as on gov.kz, reads better than a half-right long form.
DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y, H:i"
