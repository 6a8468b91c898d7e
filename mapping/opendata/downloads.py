"""Open data: every published issue as CSV or GeoJSON, with the map's filters, and what each field means.

`GET /api/v1/open-data/issues.csv`, `…/issues.geojson` and `…/fields.json` (a Frictionless Table Schema).
The downloads take the map API's `status`, `category`, `area`, `period` and `object` parameters and an
optional `bbox=minLon,minLat,maxLon,maxLat`; a bad value answers 400 with a JSON `{"error": "..."}`.
`lang` (ru, kk, en) chooses the language of labels and names, else the browser's.

The rows are streamed from a database cursor in chunks, so a download of the whole country takes the
same memory as one of ten issues. What is published here is what the public map already shows: an issue
in a sensitive category has its area's centre as its position and no address; nothing of the citizens'
reports is ever read.
"""

import csv
import json

from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mapping.map.api import parse_viewport
from mapping.map.filters import FilterError, parse_filters, published_issues
from mapping.map.links import issue_url_prefix
from mapping.models import IssueStatus, SourceChannel
from mapping.models.issues import OPEN_STATUSES, local_today
from mapping.models.texts import SOURCE_LANGUAGE, language_of
from mapping.opendata.fields import FIELD_NAMES, FIELDS
from mapping.reference import LANGUAGES, reference

CHUNK_SIZE = 2000
# A spreadsheet runs a cell that starts with one of these as a formula: such text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = {"semicolon": ";", "comma": ","}
DEFAULT_DELIMITER = "semicolon"


COLUMNS = (
    "id",
    "title",
    "title_kk",
    "title_en",
    "description",
    "description_kk",
    "description_en",
    "status",
    "category__slug",
    "category__name",
    "category__translation_key",
    "category__sensitive",
    "area__slug",
    "area__name",
    "area__translation_key",
    "authority__name",
    "authority__translation_key",
    "source_channel",
    "registered_on",
    "due_on",
    "resolved_on",
    "map_latitude",
    "map_longitude",
    "address",
    "supporters",
)


class Rows:
    """Turns the value rows of published issues into export records (dicts in FIELD_NAMES' order)."""

    def __init__(self, language):
        self.language = language
        self.names = reference()["names"]
        self.labels = {value: str(label) for value, label in IssueStatus.choices}
        self.url_prefix = issue_url_prefix(language)
        # Links in a downloaded file must work outside the site: the views set the scheme and host.
        self.site_root = ""
        self.today = local_today()

    def name(self, model, translation_key, fallback):
        if translation_key is None:
            return fallback or ""
        return self.names.get((model, str(translation_key), self.language)) or fallback or ""

    def record(self, row):
        values = dict(zip(COLUMNS, row, strict=True))
        sensitive = values["category__sensitive"]
        latitude, longitude = values["map_latitude"], values["map_longitude"]
        # Both texts in the download's language, or both in Russian: one language per record, named.
        language = language_of(values, ("title", "description"), self.language)
        suffix = "" if language == SOURCE_LANGUAGE else f"_{language}"
        return {
            "id": values["id"],
            "title": values[f"title{suffix}"],
            "description": values[f"description{suffix}"],
            "language": language,
            "status": values["status"],
            "status_label": self.labels.get(values["status"], values["status"]),
            "closed": values["status"] not in OPEN_STATUSES,
            "category": values["category__slug"],
            "category_name": self.name(
                "Category", values["category__translation_key"], values["category__name"]
            ),
            "sensitive": sensitive,
            "area": values["area__slug"],
            "area_name": self.name("Area", values["area__translation_key"], values["area__name"]),
            "authority": self.name(
                "Authority", values["authority__translation_key"], values["authority__name"]
            ),
            "source_channel": values["source_channel"],
            "registered_on": values["registered_on"].isoformat(),
            "due_on": values["due_on"].isoformat(),
            "resolved_on": values["resolved_on"].isoformat() if values["resolved_on"] else None,
            "overdue": values["status"] in OPEN_STATUSES and values["due_on"] < self.today,
            "supporters": values["supporters"],
            "latitude": round(latitude, 6) if latitude is not None else None,
            "longitude": round(longitude, 6) if longitude is not None else None,
            # The public position of a sensitive issue is its area; its address would give the place away.
            "address": "" if sensitive else values["address"],
            "url": f"{self.site_root}{self.url_prefix}{values['id']}/" if self.url_prefix else None,
        }


def parse_bbox(params):
    """The optional bbox as (min_lon, min_lat, max_lon, max_lat), checked like the map API's; or None."""
    if not params.get("bbox"):
        return None
    bbox, _zoom = parse_viewport({"bbox": params["bbox"], "zoom": "0"})
    return bbox


def export_queryset(params):
    """Published issues under the query's filters, as value rows in a stable order; or FilterError."""
    filters = parse_filters(params, strict=True)
    bbox = parse_bbox(params)
    issues = published_issues(filters)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        issues = issues.filter(
            map_latitude__gte=min_lat,
            map_latitude__lte=max_lat,
            map_longitude__gte=min_lon,
            map_longitude__lte=max_lon,
        )
    return issues.order_by("id").values_list(*COLUMNS)


def stream(queryset):
    """The rows from a database cursor, CHUNK_SIZE at a time (server-side on PostgreSQL)."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def request_language(request):
    language = request.GET.get("lang", "")
    return language if language in LANGUAGES else (translation.get_language() or "ru").split("-")[0]


def bad_request(error):
    return JsonResponse({"error": str(error)}, status=400)


def download(response, extension):
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="issues-{stamp}.{extension}"'
    response["Cache-Control"] = "public, max-age=300"
    response["Vary"] = "Accept-Language"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a cell starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object for csv.writer that hands back what it was given."""

    def write(self, value):
        return value


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value)


def csv_chunks(queryset, rows, delimiter):
    writer = csv.writer(_Line(), delimiter=delimiter, lineterminator="\r\n")
    # The byte order mark tells Excel the file is UTF-8, so Cyrillic and Kazakh letters show right.
    yield "\ufeff" + writer.writerow(FIELD_NAMES)
    buffer = []
    for row in stream(queryset):
        record = rows.record(row)
        buffer.append(writer.writerow([csv_value(record[name]) for name in FIELD_NAMES]))
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)


def geojson_chunks(queryset, rows):
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    buffer = []
    for row in stream(queryset):
        record = rows.record(row)
        latitude, longitude = record["latitude"], record["longitude"]
        geometry = None if latitude is None else {"type": "Point", "coordinates": [longitude, latitude]}
        properties = {name: record[name] for name in FIELD_NAMES if name not in ("latitude", "longitude")}
        feature = {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": properties}
        buffer.append(separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
        separator = ","
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)
    yield "]}"


def export_rows(request, language):
    rows = Rows(language)
    rows.site_root = request.build_absolute_uri("/").rstrip("/")
    return rows


@require_GET
def issues_csv(request):
    """Published issues as CSV: UTF-8 with a byte order mark, `;` between fields unless `sep=comma`."""
    language = request_language(request)
    with translation.override(language):
        sep = request.GET.get("sep", DEFAULT_DELIMITER)
        if sep not in DELIMITERS:
            return bad_request(_("Unknown separator: use semicolon or comma."))
        try:
            queryset = export_queryset(request.GET)
        except FilterError as error:
            return bad_request(error)
        rows = export_rows(request, language)
        # Labels are read now, while the language is active: the body is written after this returns.
        chunks = csv_chunks(queryset, rows, DELIMITERS[sep])
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    return download(response, "csv")


@require_GET
def issues_geojson(request):
    """Published issues as a GeoJSON FeatureCollection (RFC 7946): the same fields as the CSV."""
    language = request_language(request)
    with translation.override(language):
        try:
            queryset = export_queryset(request.GET)
        except FilterError as error:
            return bad_request(error)
        rows = export_rows(request, language)
        chunks = geojson_chunks(queryset, rows)
    response = StreamingHttpResponse(chunks, content_type="application/geo+json; charset=utf-8")
    return download(response, "geojson")


@require_GET
def fields_json(request):
    """What each column of the downloads means: a Frictionless Table Schema, in the reader's language."""
    language = request_language(request)
    with translation.override(language):
        body = {
            "title": _("Issues of the public control map"),
            "description": _(
                "Published issues, one row each. No personal data. Issues in a sensitive category are "
                "placed at the centre of their area and have no address. In the CSV, text that starts "
                "with =, +, - or @ is preceded by an apostrophe so that spreadsheets do not run it."
            ),
            "language": language,
            "licenses": [],
            "resources": [
                {
                    "name": "issues-csv",
                    "path": request.build_absolute_uri("issues.csv"),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "dialect": {"delimiter": ";", "lineTerminator": "\r\n", "header": True},
                },
                {
                    "name": "issues-geojson",
                    "path": request.build_absolute_uri("issues.geojson"),
                    "format": "geojson",
                    "mediatype": "application/geo+json",
                    "encoding": "utf-8",
                },
            ],
            "parameters": {
                "status": _("Status codes, comma-separated."),
                "category": _("Category codes, comma-separated."),
                "area": _("Area codes, comma-separated; an area includes its parts."),
                "period": _("Registered in the last 7, 30, 90 or 365 days."),
                "bbox": _("minLon,minLat,maxLon,maxLat: only issues whose public position is inside."),
                "lang": _("ru, kk or en: the language of names and labels."),
                "sep": _("CSV only: semicolon (the default) or comma."),
            },
            "schema": {
                "fields": [
                    {
                        "name": name,
                        "type": kind,
                        "title": str(title),
                        "description": str(description),
                        **({"format": "uri"} if name == "url" else {}),
                        **(
                            {"constraints": {"enum": list(IssueStatus.values)}}
                            if name == "status"
                            else {"constraints": {"enum": list(SourceChannel.values)}}
                            if name == "source_channel"
                            else {}
                        ),
                    }
                    for name, kind, title, description in FIELDS
                ],
                "primaryKey": "id",
                "missingValues": [""],
                "trueValues": ["true"],
                "falseValues": ["false"],
            },
        }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Cache-Control"] = "public, max-age=3600"
    response["Vary"] = "Accept-Language"
    return response
