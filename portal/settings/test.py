"""Settings for the test suite: fast hashing, in-memory mail, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
AXES_ENABLED = os.environ.get("AXES_ENABLED", "") == "1"
# Like the login throttling, the second factor is set by the tests about it (tests/test_two_factor.py).
STAFF_TWO_FACTOR = os.environ.get("STAFF_TWO_FACTOR", "off")
PORTAL_PUBLIC_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The test database lives in a file so the live server for browser tests shares it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"portal-test-{os.getpid()}.sqlite3")
    }

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
