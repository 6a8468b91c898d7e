from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """What every app of the portal shares: base page, blocks, site settings, security, search."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import pre_save

        from portal import admin_csp, signals
        from portal.text import clean_model_text

        signals.connect()
        # Every text of the portal's models is kept clean, whatever the way in (portal.text).
        pre_save.connect(clean_model_text, dispatch_uid="portal-clean-text")
        admin_csp.patch_choosers()
