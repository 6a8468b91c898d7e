"""Where citizens' photos wait: a private folder, outside MEDIA_ROOT, that no URL serves.

Staff see them through a permission-checked view; a photo becomes public only when staff publish a
copy of it on an issue.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage without URLs: nothing in it can be linked to by mistake."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage():
    return PrivateStorage(location=settings.PRIVATE_MEDIA_ROOT, file_permissions_mode=0o600)
