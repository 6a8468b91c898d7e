"""Reads the EMAIL_URL environment variable (smtp://user:password@host:port) into Django settings."""

from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}


def parse_email_url(url):
    """Return the e-mail settings an EMAIL_URL stands for; an unknown scheme is a configuration error."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme not in SCHEMES:
        raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    query = parse_qs(parts.query, keep_blank_values=True)
    use_tls = parts.scheme.endswith("+tls") or scheme == "submission" or "tls" in query
    return {
        "EMAIL_BACKEND": SCHEMES[scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": scheme == "smtps",
    }
