from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page and the department's briefings."""

    name = "home"
    verbose_name = _("Home and briefings")

    def ready(self):
        # Importing the feeds registers them as the briefing index's page views (see portal.page_views).
        from home import feeds, signals  # noqa: F401

        signals.connect()
