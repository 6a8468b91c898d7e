"""The status page's form for the reporter's verdict on a resolution (mapping.reports.verdicts)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapping.models import Verdict
from mapping.reports.verdicts import given_verdict, may_give_verdict, verdict_open_until

COMMENT_MAX = 2000


class VerdictForm(forms.Form):
    """Confirm or dispute a resolution; a dispute says what is still wrong."""

    code = forms.CharField(max_length=64, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=gettext_lazy("Is the problem solved?"),
        choices=[
            (Verdict.CONFIRMED, gettext_lazy("Yes: I confirm the problem is solved")),
            (Verdict.DISPUTED, gettext_lazy("No: I dispute the resolution")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Only staff read it. If you dispute the resolution, say what is still wrong."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") == Verdict.DISPUTED and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what is still wrong, so that staff can check it."))
        return cleaned


def verdict_context(report, issue, form=None):
    """What the status page shows of the verdict: the one given, or the form while one may be given."""
    given = given_verdict(report, issue)
    if given is not None:
        return {"verdict": given}
    if may_give_verdict(report, issue):
        form = form or VerdictForm(initial={"code": report.display_code})
        return {"verdict_form": form, "verdict_until": verdict_open_until(issue)}
    return {}
