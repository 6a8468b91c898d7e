"""Who must sign in with a second factor, by the `STAFF_TWO_FACTOR` setting.

- "all": every account that can reach the admin (production's setting);
- "contacts": every account that may see reporters' contacts (superusers included): the default
  everywhere else, so that personal data is never behind a password alone;
- "off": nobody (the test suite's default, as for the login throttling; the two-factor tests set the
  others).
"""

from django.conf import settings

MODES = ("all", "contacts", "off")
CONTACTS_PERMISSION = "mapping.view_reporter_contacts"


def mode():
    value = getattr(settings, "STAFF_TWO_FACTOR", "contacts")
    return value if value in MODES else "contacts"


def required_for(user):
    """Whether `user`, signed in with a password, must also give a one-time code."""
    if not user.is_authenticated:
        return False
    current = mode()
    if current == "off":
        return False
    if user.has_perm(CONTACTS_PERMISSION):
        return True
    return current == "all" and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )
