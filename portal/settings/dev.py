"""Settings for a developer's machine: debug on, a fixed throwaway key, local hosts only."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# Rate limits run on the local-memory cache here on purpose; production uses Redis.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
