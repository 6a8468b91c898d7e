"""Keep the cached site chrome in step with the content: any publication change bumps the generation."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.cache import bump_content_generation
from portal.models import SiteSettings


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_content_generation()


def connect():
    page_published.connect(bump_content_generation, dispatch_uid="portal-published")
    page_unpublished.connect(bump_content_generation, dispatch_uid="portal-unpublished")
    post_page_move.connect(bump_content_generation, dispatch_uid="portal-moved")
    post_delete.connect(_page_deleted, dispatch_uid="portal-page-deleted")
    for model in (SiteSettings, PageViewRestriction, Site, Locale):
        post_save.connect(bump_content_generation, sender=model, dispatch_uid=f"portal-save-{model.__name__}")
        post_delete.connect(
            bump_content_generation, sender=model, dispatch_uid=f"portal-del-{model.__name__}"
        )
