"""Partners of the Open311 API: organisations that may post reports with a key staff issued to them."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


def hash_key(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()


class PartnerApiKey(models.Model):
    """A key issued to a partner (a city app, a newsroom): only its hash is kept, never the key itself."""

    name = models.CharField(_("partner"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # The first characters of the key, shown in the admin so staff can tell keys apart.
    prefix = models.CharField(_("key begins with"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self):
        """Give the partner a new key and return it: it is shown once and cannot be read back."""
        raw_key = secrets.token_urlsafe(32)
        self.prefix = raw_key[:KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(raw_key)
        return raw_key

    @classmethod
    def authenticate(cls, raw_key):
        """The active key matching raw_key, or None; marks it used."""
        if not raw_key or len(raw_key) > 200:
            return None
        key = cls.objects.filter(key_hash=hash_key(raw_key), active=True).first()
        if key is not None:
            cls.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return key
