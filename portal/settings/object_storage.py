"""The object storage settings read from the environment (S3_*): the media and private buckets, and the
origin media are served from. Functions of the environment, so that tests can call them with their own."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def object_storages(environ):
    """The `default` and `private` storages on S3 when the environment names both buckets, else {}.

    Media (images, documents, renditions) go to a publicly readable bucket (or S3_MEDIA_URL, a CDN before
    it); citizens' photos to a private one: no public ACL, signed requests only, and no URL at all.
    """
    media_bucket, private_bucket = environ.get("S3_MEDIA_BUCKET", ""), environ.get("S3_PRIVATE_BUCKET", "")
    if not (media_bucket or private_bucket):
        return {}
    if not (media_bucket and private_bucket):
        raise ImproperlyConfigured("Object storage needs both S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET.")
    common = {
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("S3_REGION") or None,
        "addressing_style": "path",
        "signature_version": "s3v4",
        # Never replace a file of the same name: Wagtail and the intake rely on a fresh name.
        "file_overwrite": False,
        # A file larger than this is spooled to disk while it is read (a photo streamed to staff, a backup).
        "max_memory_size": 4 * 1024 * 1024,
    }
    media = {**common, "bucket_name": media_bucket, "querystring_auth": False}
    if public_url := environ.get("S3_MEDIA_URL", "").rstrip("/"):
        parts = urlsplit(public_url)
        media.update(custom_domain=parts.netloc + parts.path, url_protocol=f"{parts.scheme}:")
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": media},
        "private": {
            "BACKEND": "mapping.storage.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": private_bucket},
        },
    }


def media_origin(environ):
    """Where media are served from when they live on S3 (the CSP lets pages show images from there)."""
    if not environ.get("S3_MEDIA_BUCKET"):
        return None
    url = environ.get("S3_MEDIA_URL") or environ.get("S3_ENDPOINT_URL")
    if not url:
        region = environ.get("S3_REGION")
        url = f"https://s3.{region}.amazonaws.com" if region else "https://s3.amazonaws.com"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
