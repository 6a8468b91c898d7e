"""Keep the cached lists of briefings in step: a briefing's publication changes, or an image's."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import BRIEFINGS_GENERATION, BriefingPage
from portal.cache import bump_generation


def bump_briefings_generation(**kwargs):
    """A signal receiver: the lists of briefings (home page, briefing index) are stale."""
    bump_generation(BRIEFINGS_GENERATION)


def connect():
    page_published.connect(
        bump_briefings_generation, sender=BriefingPage, dispatch_uid="home-briefings-published"
    )
    page_unpublished.connect(
        bump_briefings_generation, sender=BriefingPage, dispatch_uid="home-briefings-unpublished"
    )
    post_page_move.connect(bump_briefings_generation, dispatch_uid="home-briefings-moved")
    post_delete.connect(bump_briefings_generation, sender=BriefingPage, dispatch_uid="home-briefings-deleted")
    # A card shows the briefing's image through a rendition: a new file or focal point makes new ones.
    for signal in (post_save, post_delete):
        signal.connect(
            bump_briefings_generation, sender=get_image_model(), dispatch_uid=f"home-image-{signal}"
        )
