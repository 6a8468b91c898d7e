"""Keep what is cached in step with the content: any publication change starts a new content generation
(the page chrome and whole pages, on every node) and purges the front proxy (portal.frontend_cache)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.cache import (
    TRANSLATIONS_VERSION,
    bump_chrome_generation,
    bump_content_generation,
    bump_generation,
    bump_routing_generation,
)
from portal.frontend_cache import purge_site
from portal.models import SiteSettings

# Every page shows the page tree (menus, breadcrumbs, language links) and the site settings.
RECEIVERS = {"portal": bump_content_generation, "portal-front": purge_site}


def chrome_after_publish(sender, instance, **kwargs):
    """A publish changes the chrome of every page when the page is the home page or a section (in the
    menu, in others' breadcrumbs); a leaf page's publish changes only the language links of its
    translations (a new title, a new translation)."""
    if instance.depth <= 3 or instance.numchild:
        bump_chrome_generation()
    else:
        bump_generation(TRANSLATIONS_VERSION.format(translation_key=instance.translation_key))


def connect_changes(receiver, prefix, models):
    """Call `receiver` when a row of any of `models` is saved or deleted."""
    for model in models:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{prefix}-save-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{prefix}-del-{model.__name__}")


def connect():
    for prefix, receiver in RECEIVERS.items():
        page_published.connect(receiver, dispatch_uid=f"{prefix}-published")
        page_unpublished.connect(receiver, dispatch_uid=f"{prefix}-unpublished")
        post_page_move.connect(receiver, dispatch_uid=f"{prefix}-moved")
        # Deleting any page deletes its wagtailcore Page row too, so this one sender covers every page type
        # without a catch-all receiver (which would stop Django's fast deletes for every model).
        post_delete.connect(receiver, sender=Page, dispatch_uid=f"{prefix}-page-deleted")
        connect_changes(receiver, prefix, (SiteSettings, PageViewRestriction, Site, Locale))
    # The chrome (menus, breadcrumbs, language links: portal.cache) changes with a section's publish only.
    page_published.connect(chrome_after_publish, dispatch_uid="portal-chrome-published")
    # Routes (portal.routing) outlive a publish, which they check for themselves, but not these.
    for prefix, receiver in (
        ("portal-chrome", bump_chrome_generation),
        ("portal-routing", bump_routing_generation),
    ):
        page_unpublished.connect(receiver, dispatch_uid=f"{prefix}-unpublished")
        post_page_move.connect(receiver, dispatch_uid=f"{prefix}-moved")
        post_delete.connect(receiver, sender=Page, dispatch_uid=f"{prefix}-page-deleted")
    connect_changes(
        bump_chrome_generation, "portal-chrome", (SiteSettings, PageViewRestriction, Site, Locale)
    )
    connect_changes(bump_routing_generation, "portal-routing", (PageViewRestriction, Site, Locale))
