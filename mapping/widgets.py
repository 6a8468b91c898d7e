"""The admin map widget, given our own copy of Leaflet.

wagtailgeowidget's LeafletField loads Leaflet from unpkg.com; the admin's Content-Security-Policy
allows scripts from this site only, so the widget gets the copy in mapping/static/mapping/vendor/.
"""

from django import forms
from wagtailgeowidget.widgets import LeafletField

LEAFLET = "mapping/vendor/leaflet-1.9.4"


def leaflet_media(self):
    return forms.Media(
        css={"all": ("wagtailgeowidget/css/leaflet-field.css", f"{LEAFLET}/leaflet.css")},
        js=(
            f"{LEAFLET}/leaflet.js",
            "wagtailgeowidget/js/leaflet-field.js",
            "wagtailgeowidget/js/leaflet-field-controller.js",
        ),
    )


def use_our_leaflet():
    LeafletField.media = property(leaflet_media)
