"""The map's machine-readable URLs under /api/v1/ (outside the language prefixes: one API for all
languages): the map layers and the open-data downloads."""

from django.urls import path

from mapping.generations import ISSUES_TAG
from mapping.map.api import issues_geojson
from mapping.map.outlines import outlines_geojson
from mapping.monitoring.api import visits_geojson
from mapping.objects.api import objects_geojson
from mapping.opendata.downloads import fields_json, issues_csv
from mapping.opendata.downloads import issues_geojson as opendata_geojson
from portal.frontend_cache import tagged

# Every answer here shows issues: an issue change purges them from the front proxy.
shows_issues = tagged(ISSUES_TAG)

app_name = "mapping"
urlpatterns = [
    path("map/issues.geojson", shows_issues(issues_geojson), name="issues_geojson"),
    path("map/visits.geojson", shows_issues(visits_geojson), name="visits_geojson"),
    # Purged with the issues too: an area saved (a new boundary, a new name) bumps the map's generation.
    path("map/areas.geojson", shows_issues(outlines_geojson), name="outlines_geojson"),
    path("map/objects.geojson", shows_issues(objects_geojson), name="objects_geojson"),
    path("open-data/issues.csv", shows_issues(issues_csv), name="opendata_csv"),
    path("open-data/issues.geojson", shows_issues(opendata_geojson), name="opendata_geojson"),
    path("open-data/fields.json", shows_issues(fields_json), name="opendata_fields"),
]
