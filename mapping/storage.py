"""Where citizens' photos wait: a private store that no URL serves.

The store is the `private` alias of Django's `STORAGES`: by default a folder outside MEDIA_ROOT
(`PRIVATE_MEDIA_ROOT`), or a private S3 bucket when the S3 settings are given (`portal/settings/base.py`).
Staff see the photos through a permission-checked view; a photo becomes public only when staff publish a
copy of it on an issue.

`private_storage` is what `ReportPhoto.file` names (and its migration with it): a callable returning one
proxy that looks up `storages["private"]` on every use, so that the field follows the settings (and a
test that overrides `STORAGES`) without the migration ever changing.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage


class PrivateStorage(FileSystemStorage):
    """A file system storage without URLs: nothing in it can be linked to by mistake."""

    def __init__(self, location=None, file_permissions_mode=0o600, **kwargs):
        super().__init__(location=location, file_permissions_mode=file_permissions_mode, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


class PrivateS3Storage(S3Storage):
    """A private S3 bucket: no public ACL, signed requests only, and no URL handed out either."""

    def get_default_settings(self):
        return {**super().get_default_settings(), "default_acl": "private", "querystring_auth": True}

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def _current():
    try:
        return storages["private"]
    except InvalidStorageError:
        # Settings that replace STORAGES without a `private` alias still keep the photos private.
        return _fallback


class _PrivateStorageProxy:
    """Stands for `storages["private"]`, looked up at each use (the handler caches the instance)."""

    @property
    def __class__(self):
        # FileField checks isinstance(storage, Storage); answer as the storage we stand for.
        return type(_current())

    def __getattr__(self, name):
        return getattr(_current(), name)

    def __repr__(self):
        return f"<private storage: {_current()!r}>"


_fallback = PrivateStorage()
_proxy = _PrivateStorageProxy()


def private_storage():
    return _proxy
