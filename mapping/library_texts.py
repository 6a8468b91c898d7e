"""Texts of the map widget in the admin (wagtailgeowidget) that the library translates into neither
Russian nor Kazakh. Marked here, they are kept in our catalogues by `makemessages`; our catalogues come
first (LOCALE_PATHS), so the widget speaks the editor's language. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

WIDGET_TEXTS = (
    gettext_noop("Invalid location coordinate, use Latitude and Longitude (example: 59.329,18.06858)"),
    gettext_noop("Address has been successfully geo-coded"),
    gettext_noop("Could not geocode address '%s'. The map may not be in sync with the address entered."),
    gettext_noop("Enter a location"),
    gettext_noop("Click here to initialize map"),
)
