"""Security headers on every response: the CSP (public and admin), Permissions-Policy and friends."""

from csp.middleware import CSPMiddleware
from django.conf import settings


def is_admin_path(path):
    """Whether a request path belongs to the Wagtail or Django admin."""
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with one strict policy for the public site and a slightly wider one for the admin.

    The admin's editor and widgets set inline styles; nothing else is relaxed, scripts stay 'self'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.update = {**settings.ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**settings.ADMIN_CSP_REPLACE, **(parts.replace or {})}
        return parts


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not: Permissions-Policy, and the admin's framing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if is_admin_path(request.path_info):
            # Wagtail's live preview frames admin pages inside the admin.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
