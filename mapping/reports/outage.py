"""The report form while the database is down (portal.outage): the citizen's text and choices given back.

A POST that carries the report form's fields and its token is answered with the form filled from the
POST itself, built without the database: the categories come from the cached reference data when the
cache has them, and otherwise the category the citizen chose is kept as the one option. The form is not
validated (that needs the database); the token stays, so sending it again later makes one report.
"""

from django import forms
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mapping.reports.forms import ReportForm
from portal.cache import content_generation
from portal.outage import outage_handler

REPORT_FORM_FIELDS = {"description", "token", "started"}


def cached_categories():
    """(slug, name) of every category from the cache, in the reader's language; None on a miss."""
    try:
        # The key portal.cache.cached gives mapping.reference's data; a miss must not reach the database.
        data = cache.get(f"portal:{content_generation()}:mapping-reference")
    except Exception:  # the cache may be down as well
        return None
    if not data:
        return None
    language = (get_language() or "ru").split("-")[0]
    names = data["names"]
    return [
        (slug, names.get(("Category", str(category.translation_key), language)) or category.name)
        for slug, category in data["categories"].items()
    ]


class OutageReportForm(ReportForm):
    """The report form bound to what was posted, with no query: no category list from the database, and
    no validation (its errors are empty, so rendering it runs no check)."""

    def __init__(self, data, categories):
        # forms.Form's own __init__, not ReportFields', which reads the categories from the database.
        forms.Form.__init__(self, data)
        self.processed_photos = []
        self.gps_suggestion = None
        self.fields["category"].choices = categories
        self._errors = ErrorDict()
        self.cleaned_data = {}


def category_options(posted):
    options = [("", _("I don't know"))]
    cached = cached_categories()
    if cached is not None:
        return options + cached
    return options + ([(posted, posted)] if posted else [])


@outage_handler
def report_form(request):
    if request.method != "POST" or not REPORT_FORM_FIELDS <= set(request.POST):
        return None
    form = OutageReportForm(request.POST, category_options(request.POST.get("category", "")[:100]))
    photos_sent = any(upload.size for upload in request.FILES.getlist("photos"))
    context = {"form": form, "photos_sent": photos_sent}
    response = TemplateResponse(request, "503.html", context, status=503)
    response["Cache-Control"] = "private, no-store"
    return response
