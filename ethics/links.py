"""Where the guide sends a reader who needs more than the guide: the report form of the same language.

The ethics app may not import the map app (apps import from `portal` only), so the form's page is
found by its model label, and only if that app is installed.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from portal.cache import CHROME_GENERATION_KEY, cached

REPORT_PAGE_MODEL = "mapping.ReportPage"


def report_page_url(request, locale_id):
    """The URL of the live report form in this locale, or "" (cached until the next publication)."""
    host = request.get_host() if request is not None else "-"

    def build():
        try:
            model = apps.get_model(REPORT_PAGE_MODEL)
        except LookupError:
            return ""
        content_type = ContentType.objects.get_for_model(model)
        page = (
            Page.objects.live()
            .public()
            .filter(locale_id=locale_id, content_type=content_type)
            .order_by("path")
            .first()
        )
        return (page.get_url(request=request) or "") if page else ""

    return cached(f"ethics-report-url:{host}:{locale_id}", build, generation=CHROME_GENERATION_KEY)
