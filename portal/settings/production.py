"""Production settings: refuse to start without a secret key and allowed hosts; HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this portal answers to.")

# Gunicorn's workers, the task worker and every app node must share one cache: content generations (what
# a publication makes stale), rate limits. A local-memory cache lives in one process, so each would keep
# its own: refused, unless SINGLE_PROCESS=1 says that the site really runs as one process.
if not os.environ.get("REDIS_URL") and os.environ.get("SINGLE_PROCESS", "") != "1":
    raise ImproperlyConfigured(
        "REDIS_URL must point at the Redis every process of the portal shares (content generations, rate "
        "limits). Only a site served by one single process may run without it: then set SINGLE_PROCESS=1."
    )

# Every account that can reach the admin signs in with a second factor; the setting cannot lower it here.
STAFF_TWO_FACTOR = "all"

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS. SECURE_COOKIES=0 is for the plain-HTTP cluster on one machine (make cluster).
SECURE_COOKIES = os.environ.get("SECURE_COOKIES", "1") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "portal.staticfiles.PortalStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
