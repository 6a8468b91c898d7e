"""Holds a password-only session of someone who needs a second factor at the door.

Runs after django-otp's `OTPMiddleware`, which tells whether the session has given a code
(`request.user.is_verified()`). Until it has:
- an admin address redirects to giving a code, or to adding an authenticator app when the account has
  none yet, and comes back to the address asked for afterwards;
- every other address sees an anonymous visitor, so that nothing a signed-in member of staff may see
  (a private photo, the userbar) opens on the password alone.
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from portal.security import is_admin_path
from portal.two_factor import devices, policy

# Admin addresses open without the second factor: signing in and out, and the translations and icons
# every admin page loads.
OPEN_ADMIN_NAMES = (
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)


def _open_paths():
    """The admin addresses above, and the second factor's own (everything under /admin/two-factor/)."""
    own = reverse("two_factor:setup").removesuffix("setup/")
    return (*(reverse(name) for name in OPEN_ADMIN_NAMES), own)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and policy.required_for(user)
        ):
            path = request.path_info
            if is_admin_path(path):
                if not path.startswith(_open_paths()):
                    return self.to_second_factor(request, user)
            else:
                request.user = AnonymousUser()
        return self.get_response(request)

    def to_second_factor(self, request, user):
        name = "two_factor:verify" if devices.confirmed_device(user) else "two_factor:setup"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
