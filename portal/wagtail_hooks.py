"""Admin hooks shared by the whole portal."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    """Start the panels and widgets whose inline scripts the admin's CSP refuses (see admin-init.js)."""
    return format_html('<script src="{}" defer></script>', static("portal/js/admin-init.js"))
