"""How Open311 answers: JSON, or XML with `.xml`; errors as the spec's list of `{code, description}`;
the reader's language from `lang`; 405 and every error in that format."""

import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mapping.reference import LANGUAGES
from portal.outage import outage_handler
from portal.text import clean_text

XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """An answer in the spec's error format: a status code and one or more descriptions."""

    def __init__(self, status, *descriptions):
        super().__init__(descriptions[0])
        self.status = status
        self.descriptions = [str(description) for description in descriptions]


def _xml_value(parent, tag, value):
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, XML_ITEMS.get(tag, "item"), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        # XML 1.0 cannot hold some control characters, which data stored before portal.text may have.
        element.text = clean_text(str(value))


def render(fmt, data, root, status=200, public=False):
    """`data` (a list, or a dict for a service definition) as JSON, or as XML under `root`."""
    if fmt == "xml":
        element = ET.Element(root)
        items = [(XML_ITEMS[root], item) for item in data] if isinstance(data, list) else data.items()
        for tag, value in items:
            _xml_value(element, tag, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
            element, encoding="utf-8", xml_declaration=False
        )
        response = HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)
    else:
        response = JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60" if public and status == 200 else "no-store"
    response["Vary"] = "Accept-Language"
    return response


def error_response(fmt, error):
    data = [{"code": error.status, "description": description} for description in error.descriptions]
    return render(fmt, data, "errors", status=error.status)


@outage_handler
def database_unavailable(request):
    """While the database is down (portal.outage): a 503 in the spec's error format."""
    match = re.match(r"^/open311/v2/.*\.(json|xml)$", request.path_info)
    if match is None:
        return None
    language = request.GET.get("lang", "")
    with translation.override(language if language in LANGUAGES else translation.get_language()):
        message = _("The service is temporarily unavailable. Please send the request again in a few minutes.")
        return error_response(match[1], Open311Error(503, message))


def endpoint(methods):
    """An Open311 view: language from `lang` or the browser; errors (405 too) in the spec's format."""

    def decorate(view):
        @csrf_exempt  # partners authenticate with their key; there is no session or cookie here
        def wrapped(request, fmt, **kwargs):
            language = request.GET.get("lang", "")
            language = (
                language if language in LANGUAGES else (translation.get_language() or "ru").split("-")[0]
            )
            with translation.override(language):
                try:
                    if request.method not in methods:
                        raise Open311Error(405, _("This method is not allowed here."))
                    return view(request, fmt, **kwargs)
                except Open311Error as error:
                    response = error_response(fmt, error)
                    if error.status == 405:
                        response["Allow"] = ", ".join(methods)
                    return response

        wrapped.__doc__ = view.__doc__
        wrapped.__name__ = view.__name__
        return wrapped

    return decorate
