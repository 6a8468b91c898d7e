"""Public Wagtail images made from photos the portal has already checked and re-encoded: a report's photo
published with its issue, or the after photo that evidences a resolution."""

import uuid

from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.models import Collection


def public_image(content, width, height, title, user=None):
    """A Wagtail image in the root collection from JPEG bytes without metadata (re-encoded already)."""
    image = get_image_model()(
        title=title[:255],
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user if user and user.is_authenticated else None,
    )
    image.file.save(f"issue-{uuid.uuid4().hex[:12]}.jpg", ContentFile(content), save=False)
    image.width, image.height = width, height
    image._set_image_file_metadata()
    image.save()
    return image
