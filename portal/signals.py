"""Keep what is cached in step with the content: any publication change starts a new content generation
(the page chrome and whole pages, on every node) and purges the front proxy (portal.frontend_cache)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.cache import bump_content_generation
from portal.frontend_cache import purge_site
from portal.models import SiteSettings

# Every page shows the page tree (menus, breadcrumbs, language links) and the site settings.
RECEIVERS = {"portal": bump_content_generation, "portal-front": purge_site}


def connect():
    for prefix, receiver in RECEIVERS.items():
        page_published.connect(receiver, dispatch_uid=f"{prefix}-published")
        page_unpublished.connect(receiver, dispatch_uid=f"{prefix}-unpublished")
        post_page_move.connect(receiver, dispatch_uid=f"{prefix}-moved")
        # Deleting any page deletes its wagtailcore Page row too, so this one sender covers every page type
        # without a catch-all receiver (which would stop Django's fast deletes for every model).
        post_delete.connect(receiver, sender=Page, dispatch_uid=f"{prefix}-page-deleted")
        for model in (SiteSettings, PageViewRestriction, Site, Locale):
            post_save.connect(receiver, sender=model, dispatch_uid=f"{prefix}-save-{model.__name__}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{prefix}-del-{model.__name__}")
