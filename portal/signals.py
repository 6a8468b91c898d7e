"""Keep the cached site chrome in step with the content: any publication change bumps the generation."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.cache import bump_content_generation
from portal.frontend_cache import purge_site
from portal.models import SiteSettings


def connect():
    connect_front_cache()
    page_published.connect(bump_content_generation, dispatch_uid="portal-published")
    page_unpublished.connect(bump_content_generation, dispatch_uid="portal-unpublished")
    post_page_move.connect(bump_content_generation, dispatch_uid="portal-moved")
    # Deleting any page deletes its wagtailcore Page row too, so this one sender covers every page type
    # without a catch-all receiver (which would stop Django's fast deletes for every model).
    post_delete.connect(bump_content_generation, sender=Page, dispatch_uid="portal-page-deleted")
    for model in (SiteSettings, PageViewRestriction, Site, Locale):
        post_save.connect(bump_content_generation, sender=model, dispatch_uid=f"portal-save-{model.__name__}")
        post_delete.connect(
            bump_content_generation, sender=model, dispatch_uid=f"portal-del-{model.__name__}"
        )


def connect_front_cache():
    """The same changes purge the front proxy: the whole site, since every page shows the page tree."""
    page_published.connect(purge_site, dispatch_uid="portal-front-published")
    page_unpublished.connect(purge_site, dispatch_uid="portal-front-unpublished")
    post_page_move.connect(purge_site, dispatch_uid="portal-front-moved")
    post_delete.connect(purge_site, sender=Page, dispatch_uid="portal-front-page-deleted")
    for model in (SiteSettings, PageViewRestriction, Site, Locale):
        post_save.connect(purge_site, sender=model, dispatch_uid=f"portal-front-save-{model.__name__}")
        post_delete.connect(purge_site, sender=model, dispatch_uid=f"portal-front-del-{model.__name__}")
