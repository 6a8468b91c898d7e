"""The map API's URLs (outside the language prefixes: the API is one for all languages)."""

from django.urls import path

from mapping import api, opendata

app_name = "mapping"
urlpatterns = [
    path("map/issues.geojson", api.issues_geojson, name="issues_geojson"),
    path("map/visits.geojson", api.visits_geojson, name="visits_geojson"),
    path("open-data/issues.csv", opendata.issues_csv, name="opendata_csv"),
    path("open-data/issues.geojson", opendata.issues_geojson, name="opendata_geojson"),
    path("open-data/fields.json", opendata.fields_json, name="opendata_fields"),
]
