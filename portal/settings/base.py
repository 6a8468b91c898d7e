"""Settings shared by every environment; each value that differs per host comes from the environment."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

from portal.settings.object_storage import media_origin, object_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "ethics",
    "mapping",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # Translation of pages and snippets segment by segment (docs/translation.md); its locales admin
    # replaces Wagtail's own.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]
# Widget templates come from the project's template directories too (see templates/wagtailadmin/widgets).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    # Anonymous reads answered from the shared cache before any other work, with the headers the
    # middlewares below gave the page when it was kept; 304 for a matching ETag or Last-Modified.
    "portal.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "portal.security.PortalCSPMiddleware",
    # A database outage answers 503 (the report form with its text given back), inside the CSP's headers.
    "portal.outage.OutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public or private: caching headers, gzip and an ETag on the responses the same for every anonymous
    # reader, which the page cache (first above) then keeps.
    "portal.page_cache.PublicResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session has given its one-time code, and the admin closed until it has (portal.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "portal.two_factor.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Which page an address leads to, remembered in the shared cache and checked on each use (portal.routing).
    "portal.routing.RouteCacheMiddleware",
]

# The health check answers a load balancer over plain HTTP too.
SECURE_REDIRECT_EXEMPT = [r"^healthz/(node/)?$"]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite (WAL, immediate transactions, a busy timeout) unless DATABASE_URL names another.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    # A kept connection is checked before each request reuses it: after a database restart, no error.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless REDIS_URL points at a shared Redis (needed by rate limits on several servers).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "portal",
            # Redis down must not take pages down: a cache miss renders from the database, and the
            # rate limits let requests through until Redis is back (RATELIMIT_FAIL_OPEN).
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "IGNORE_EXCEPTIONS": True},
        }
    }
else:
    # One process's memory (`make run` without Redis, the tests): room for the map's grid blocks, a few
    # hundred for the whole world's coarse zooms, beside the pages (Django's default keeps 300 entries).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# The page cache (portal.page_cache): how long a shared cache (this one, Varnish, a CDN) may keep a public
# page, which a change purges anyway, and how long a browser may keep it without asking again.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "1") != "0"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_BROWSER_SECONDS = int(os.environ.get("PAGE_BROWSER_SECONDS", "60"))
# The front proxy that keeps public pages too (the cluster's Varnish): changes purge it
# (portal.frontend_cache).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "portal.frontend_cache.VarnishBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
RATELIMIT_FAIL_OPEN = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes' backend refuses logins while a username and address are locked out; ModelBackend authenticates.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Staff sign in with a password and a one-time code (portal.two_factor.policy): "all" staff in production,
# "contacts" (those who may see reporters' contacts, superusers included) everywhere else, at least.
STAFF_TWO_FACTOR = os.environ.get("STAFF_TWO_FACTOR", "contacts")
OTP_TOTP_ISSUER = "Public Control Map"
# Wrong codes in a row make the next try wait 1, 2, 4, 8… seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
# A session ends after this long without a request. Sessions are saved on every request, and the admin's
# script (portal/js/admin-keepalive.js) tells the server when someone works in a page without sending it.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

# Languages: Russian first, Kazakh, English.
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Citizens' photos before staff publish them: outside MEDIA_ROOT, served by no URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Citizens' photos (mapping.storage.private_storage): PRIVATE_MEDIA_ROOT, served by no URL.
    "private": {"BACKEND": "mapping.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# On S3 when the environment names both buckets (portal.settings.object_storage).
STORAGES.update(object_storages(os.environ))
MEDIA_ORIGIN = media_origin(os.environ)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://…) or the Django variables; console otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in {"1", "true", "True"}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Where a vulnerability is reported (/.well-known/security.txt): an e-mail address or an https:// page.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "security@localhost")
if os.environ.get("EMAIL_URL"):
    from portal.email_url import parse_email_url

    globals().update(parse_email_url(os.environ["EMAIL_URL"]))

# The site's public address (scheme, host, port if any; no path): every link in an e-mail is built on it
# (portal.public_url), the reporter's and the moderator's alike. It is also Wagtail's admin address, so
# that there is one setting; WAGTAILADMIN_BASE_URL, its former name, is still read when it is not set.
PORTAL_PUBLIC_URL = (
    os.environ.get("PORTAL_PUBLIC_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")

# Wagtail
WAGTAIL_SITE_NAME = "Карта общественного контроля"
WAGTAILADMIN_BASE_URL = PORTAL_PUBLIC_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Most content is Russian: stem it, so «брифинг» finds «брифинга» and «брифинги».
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "russian"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # no SVG
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt", "csv"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = True
# An approved issue is published without its approver holding the right to publish (mapping.issues.workflow).
WAGTAIL_FINISH_WORKFLOW_ACTION = "mapping.issues.publishing.publish_approved"

# The admin map widget (issue 3 builds on this).
GEO_WIDGET_EMPTY_LOCATION = True
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 53.2833, "lng": 69.3833}  # Kokshetau
GEO_WIDGET_ZOOM = 12
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILE_ATTRIBUTION}

# Citizen reports: submissions and status lookups per client address, and how many proxies to trust
# for the client address (0: use the connection's address; X-Forwarded-For is ignored).
REPORT_RATE_LIMIT = os.environ.get("REPORT_RATE_LIMIT", "5/10m")
# Submissions refused for an error (a field to correct) are counted apart and far more loosely, so that a
# citizen who makes mistakes is not locked out, while a flood of bad posts stays bounded.
REPORT_REFUSED_RATE_LIMIT = os.environ.get("REPORT_REFUSED_RATE_LIMIT", "30/10m")
REPORT_LOOKUP_RATE_LIMIT = os.environ.get("REPORT_LOOKUP_RATE_LIMIT", "30/m")
# Months after a report is closed before `erase_reports` removes its contacts and private text.
REPORT_RETENTION_MONTHS = int(os.environ.get("REPORT_RETENTION_MONTHS", "36"))
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# "Me too": supports per client address, and how long the public counts may lag (mapping.support.counts).
SUPPORT_RATE_LIMIT = os.environ.get("SUPPORT_RATE_LIMIT", "30/h")
SUPPORT_REFRESH_SECONDS = int(os.environ.get("SUPPORT_REFRESH_SECONDS", "300"))
# E-mail alerts: subscription requests per client address (mapping.alerts).
ALERT_RATE_LIMIT = os.environ.get("ALERT_RATE_LIMIT", "10/h")

# Open311: requests a partner may post per key and per client address; the hosts a `media_url` photo
# may be fetched from (none by default: every media_url is refused), and how long a fetch may take.
OPEN311_RATE_LIMIT = os.environ.get("OPEN311_RATE_LIMIT", "60/h")
OPEN311_MEDIA_HOSTS = [
    host.strip() for host in os.environ.get("OPEN311_MEDIA_HOSTS", "").split(",") if host.strip()
]
OPEN311_MEDIA_TIMEOUT = float(os.environ.get("OPEN311_MEDIA_TIMEOUT", "10"))

# Background work: Django Tasks, run at once unless production sets the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Security headers. The public site loads nothing from another host; map tiles are the one exception.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=(), fullscreen=(self)"
)


def _tile_origin(url):
    parts = urlsplit(url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"


MAP_TILE_ORIGIN = _tile_origin(MAP_TILE_URL)

# Violation reports (portal.csp_reports): our endpoint, its Reporting API name, what is accepted and kept.
CSP_REPORT_PATH, CSP_REPORT_ENDPOINT = "/csp-report/", "csp-endpoint"
CSP_REPORT_RATE_LIMIT = os.environ.get("CSP_REPORT_RATE_LIMIT", "60/h")
CSP_REPORT_RETENTION_DAYS = int(os.environ.get("CSP_REPORT_RETENTION_DAYS", "90"))
CSP_REPORT_MAX_ROWS = int(os.environ.get("CSP_REPORT_MAX_ROWS", "5000"))

# The public site: nothing by default, each kind of resource from where it comes: ours, images also from
# data: (photo previews), the tiles and the media bucket. No fonts, frames, plugins, media, <base>, framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"]
        + ([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])
        + ([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
        "connect-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": CSP_REPORT_PATH,
        "report-to": CSP_REPORT_ENDPOINT,
    },
}

# What the Wagtail admin needs on top: its own origin by default, inline styles set by its widgets and the
# editor, blob previews, and the map widget's address search. Scripts stay 'self' only.
ADMIN_CSP_UPDATE = {
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    # The address search of the map widget (GeoAddressPanel) asks Nominatim from the editor's browser.
    "connect-src": ["https://nominatim.openstreetmap.org"],
}
# The admin frames its own previews.
ADMIN_CSP_REPLACE = {
    "default-src": [SELF],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_GRAVATAR_PROVIDER_URL = None
