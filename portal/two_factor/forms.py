"""The one form of the second factor: a six-digit code from the authenticator app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. A new code appears every 30 seconds."),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your authenticator app shows."))
        return code

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if code is None or self.device is None:
            return cleaned
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a moment, then enter the newest code."),
                code="throttled",
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("This code is not right, or has been used already. Enter the newest code your app shows."),
                code="wrong",
            )
        return cleaned
