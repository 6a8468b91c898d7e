"""Views that are not pages: site search, robots.txt and security.txt."""

import datetime
import re

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from portal.pagination import paginate
from portal.public_url import absolute_url
from portal.search import extra_results

SEARCH_MAX_LENGTH = 200
# Characters the search backends read as query syntax; a citizen types them by accident, not on purpose.
QUERY_SYNTAX = re.compile(r"[^\w\s\-]", re.UNICODE)
SEARCH_PER_PAGE = 10


@require_GET
def search(request):
    """Search every published page of the current language; empty and over-long queries are explained."""
    query = request.GET.get("q", "")
    status = 200
    error = ""
    page_obj = None
    extra = []
    if len(query) > SEARCH_MAX_LENGTH:
        error = ngettext(
            "Your search is too long: use at most %(limit)d character.",
            "Your search is too long: use at most %(limit)d characters.",
            SEARCH_MAX_LENGTH,
        ) % {"limit": SEARCH_MAX_LENGTH}
        status = 400
    elif terms := " ".join(QUERY_SYNTAX.sub(" ", query).split()):
        results = Page.objects.live().public().filter(locale=Locale.get_active()).search(terms)
        extra = extra_results(terms, request) if request.GET.get("page", "1") == "1" else []
        page_obj = paginate(results, request.GET.get("page", 1), SEARCH_PER_PAGE)
    elif query.strip() and not terms:
        error = _("Type words made of letters or digits.")
    elif "q" in request.GET:
        error = _("Type a word or phrase to search for.")
    return TemplateResponse(
        request,
        "pages/portal/search.html",
        {"search_query": query, "page_obj": page_obj, "search_error": error, "extra_results": extra},
        status=status,
    )


@require_GET
def robots_txt(request):
    """Let crawlers index the public site but not the admin."""
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# RFC 9116 wants an expiry under a year away; the file is made on each request, so it never goes stale.
SECURITY_TXT_DAYS = 180


@require_GET
def security_txt(request):
    """Where to report a vulnerability (RFC 9116): `SECURITY_CONTACT`, in the portal's three languages."""
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=SECURITY_TXT_DAYS)
    contact = settings.SECURITY_CONTACT
    if "@" in contact and not contact.startswith(("mailto:", "https://")):
        contact = f"mailto:{contact}"
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: ru, kk, en",
        f"Canonical: {absolute_url('/.well-known/security.txt')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
