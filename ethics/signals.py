"""Keep the guide's cached table of contents in step with its topics and self-checks."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from ethics.models import GUIDE_GENERATION, EthicsGuidePage, EthicsSelfCheckPage, EthicsTopicPage
from portal.cache import bump_generation


def bump_guide_generation(**kwargs):
    """A signal receiver: the guide's table of contents is stale."""
    bump_generation(GUIDE_GENERATION)


def connect():
    for model in (EthicsGuidePage, EthicsTopicPage, EthicsSelfCheckPage):
        name = model.__name__
        page_published.connect(bump_guide_generation, sender=model, dispatch_uid=f"ethics-published-{name}")
        page_unpublished.connect(
            bump_guide_generation, sender=model, dispatch_uid=f"ethics-unpublished-{name}"
        )
        post_delete.connect(bump_guide_generation, sender=model, dispatch_uid=f"ethics-deleted-{name}")
    post_page_move.connect(bump_guide_generation, dispatch_uid="ethics-moved")
