"""The map API's URLs (outside the language prefixes: the API is one for all languages)."""

from django.urls import path

from mapping import api

app_name = "mapping"
urlpatterns = [
    path("map/issues.geojson", api.issues_geojson, name="issues_geojson"),
]
