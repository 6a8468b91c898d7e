"""Admin hooks shared by the whole portal."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from portal.frontend_cache import tag_response


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    """Start the panels and widgets whose inline scripts the admin's CSP refuses (see admin-init.js)."""
    return format_html('<script src="{}" defer></script>', static("portal/js/admin-init.js"))


@hooks.register("before_serve_page")
def tag_what_the_page_shows(page, request, serve_args, serve_kwargs):
    """Tag the response with the page type's `cache_tags`: a change of what they name purges it."""
    for tag in getattr(page, "cache_tags", ()):
        tag_response(request, tag)
