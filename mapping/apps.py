from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    """The public control map: areas, authorities, objects, issues and citizen reports.

    Built in its own issues; this is the app shell.
    """

    name = "mapping"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Public control map")

    def ready(self):
        from mapping import search, signals, widgets
        from portal.search import register_search_provider

        widgets.use_our_leaflet()
        signals.connect()
        register_search_provider(search.search_issues)
