from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    """The public control map: areas, authorities, objects, issues, citizen reports, monitoring visits,
    the transparency figures, open data and Open311."""

    name = "mapping"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Public control map")

    def ready(self):
        # Imported here, not at the top: these modules import the models, which Django loads only after
        # every app is registered. Importing the views modules registers the page views.
        from mapping import reference, signals, widgets
        from mapping.map import search
        from mapping.map import views as map_views  # noqa: F401
        from mapping.models.issue_states import IssueQuerySet
        from mapping.objects import views as object_views  # noqa: F401
        from mapping.reports import views as report_views  # noqa: F401
        from mapping.transparency import views as transparency_views  # noqa: F401
        from portal.search import register_search_provider

        widgets.use_our_leaflet()
        IssueQuerySet.reference_attacher = reference.attach_reference
        signals.connect()
        register_search_provider(search.search_issues)
