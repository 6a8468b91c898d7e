"""A staff member's authenticator app, as django-otp's TOTP device (one per account)."""

from base64 import b32encode

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = _("Authenticator app")


def confirmed_device(user):
    """The account's authenticator app once a code from it has been accepted, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The authenticator app being added: created with a new random key on the first visit, and kept
    (the same key, the same QR code) until a code from it is accepted."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(DEVICE_NAME), confirmed=False)
    return device


def readable_key(device):
    """The key as text, in groups of four, for an app that cannot read the QR code."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def remove_devices(user):
    """Forget every authenticator app of `user` (a lost phone): the next sign-in adds a new one."""
    return TOTPDevice.objects.filter(user=user).delete()[0]
