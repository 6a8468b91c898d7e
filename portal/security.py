"""Security headers on every response: the CSP (public and admin), Permissions-Policy and friends.

The public policy is `default-src 'none'` with each source named (settings: CONTENT_SECURITY_POLICY); the
admin's is wider where Wagtail needs it (ADMIN_CSP_UPDATE, ADMIN_CSP_REPLACE). Browsers report what either
policy blocks to our own endpoint (portal.csp_reports): `report-uri` for those that only know it, and
`report-to` naming the endpoint that `Reporting-Endpoints` declares, for the Reporting API. The Reporting
API delivers to HTTPS endpoints only, and a browser that sees `report-to` ignores `report-uri`: over plain
HTTP (development, the cluster on one machine, the browser tests) the policy keeps `report-uri` alone.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


def is_admin_path(path):
    """Whether a request path belongs to the Wagtail or Django admin."""
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with one strict policy for the public site and a slightly wider one for the admin.

    The admin keeps `default-src 'self'`, and its editor and widgets set inline styles; scripts stay 'self'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if is_admin_path(request.path_info):
            parts.update = {**settings.ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**settings.ADMIN_CSP_REPLACE, **(parts.replace or {})}
        if not request.is_secure():
            parts.replace = {**(parts.replace or {}), "report-to": None}
        return parts


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not: Permissions-Policy,
    Cross-Origin-Resource-Policy, the endpoint of the CSP's violation reports, and the admin's framing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.is_secure():
            # A path: browsers resolve it against the page's address, so it works behind any host name.
            endpoint = f'{settings.CSP_REPORT_ENDPOINT}="{settings.CSP_REPORT_PATH}"'
            response.setdefault("Reporting-Endpoints", endpoint)
        if is_admin_path(request.path_info):
            # Wagtail's live preview frames admin pages inside the admin.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
