"""The map's machine-readable URLs under /api/v1/ (outside the language prefixes: one API for all
languages): the map layers and the open-data downloads."""

from django.urls import path

from mapping.map.api import issues_geojson
from mapping.monitoring.api import visits_geojson
from mapping.opendata.downloads import fields_json, issues_csv
from mapping.opendata.downloads import issues_geojson as opendata_geojson

app_name = "mapping"
urlpatterns = [
    path("map/issues.geojson", issues_geojson, name="issues_geojson"),
    path("map/visits.geojson", visits_geojson, name="visits_geojson"),
    path("open-data/issues.csv", issues_csv, name="opendata_csv"),
    path("open-data/issues.geojson", opendata_geojson, name="opendata_geojson"),
    path("open-data/fields.json", fields_json, name="opendata_fields"),
]
