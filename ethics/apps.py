from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    """The pocket ethics code for civil servants (built in its own issue)."""

    name = "ethics"
    verbose_name = _("Ethics guide")

    def ready(self):
        from ethics import signals

        signals.connect()
