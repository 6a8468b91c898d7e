"""Admin hooks shared by the whole portal."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from portal.csp_reports.viewsets import CspReportViewSet
from portal.frontend_cache import tag_response


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    """Start the panels and widgets whose inline scripts the admin's CSP refuses (see admin-init.js)."""
    return format_html('<script src="{}" defer></script>', static("portal/js/admin-init.js"))


@hooks.register("insert_global_admin_js")
def keep_working_sessions_alive():
    """Tell the server, every few minutes, that someone is working in an admin page (admin-keepalive.js):
    sessions end after a time without activity (SESSION_IDLE_MINUTES), and a long edit sends nothing."""
    every = max(30, min(300, settings.SESSION_IDLE_MINUTES * 60 // 4))
    return format_html(
        '<script src="{}" data-url="{}" data-every-seconds="{}" defer></script>',
        static("portal/js/admin-keepalive.js"),
        reverse("two_factor:keep_alive"),
        every,
    )


@hooks.register("before_serve_page")
def tag_what_the_page_shows(page, request, serve_args, serve_kwargs):
    """Tag the response with the page type's `cache_tags`: a change of what they name purges it."""
    for tag in getattr(page, "cache_tags", ()):
        tag_response(request, tag)


@hooks.register("register_admin_viewset")
def register_csp_reports():
    return CspReportViewSet("csp_reports")
