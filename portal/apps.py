from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """What every app of the portal shares: base page, blocks, site settings, security, search."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import admin_csp, signals

        signals.connect()
        admin_csp.patch_choosers()
