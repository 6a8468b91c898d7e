"""The subscription form: an address, what to follow (an area, a category, or the object whose page the
reader came from), and how often."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from mapping.models import AlertFrequency, ProblemObjectPage
from mapping.reference import localized_name, reference


def object_in_default_language(pk):
    """The live object page with this id, as the default language's page (issues name those), or None."""
    page = ProblemObjectPage.objects.live().filter(pk=pk).first()
    if page is None:
        return None
    return page.get_translations(inclusive=True).filter(locale=Locale.get_default()).first() or page


class AlertForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail"), max_length=254)
    follow = forms.ChoiceField(label=gettext_lazy("What to follow"))
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=AlertFrequency.choices,
        initial=AlertFrequency.EVENT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, shown_object=None, **kwargs):
        super().__init__(*args, **kwargs)
        data = reference()
        areas = [(f"area:{area.slug}", localized_name(area)) for area in data["areas"].values()]
        categories = [(f"category:{c.slug}", localized_name(c)) for c in data["categories"].values()]
        choices = [("", _("Choose…"))]
        if shown_object is not None:
            choices.append((_("This object"), [(f"object:{shown_object.pk}", shown_object.title)]))
        choices += [(_("An area"), areas), (_("A category"), categories)]
        self.fields["follow"].choices = choices

    def clean_follow(self):
        """(kind, object) of the choice: ("area", Area), ("category", Category) or ("object", page)."""
        kind, _sep, key = self.cleaned_data["follow"].partition(":")
        data = reference()
        if kind == "area" and key in data["areas"]:
            return "area", data["areas"][key]
        if kind == "category" and key in data["categories"]:
            return "category", data["categories"][key]
        if kind == "object" and key.isdigit() and (page := object_in_default_language(int(key))):
            return "problem_object", page
        raise forms.ValidationError(_("Choose an area, a category or an object."))

    def subscription_fields(self):
        kind, followed = self.cleaned_data["follow"]
        return {
            "email": self.cleaned_data["email"],
            "frequency": self.cleaned_data["frequency"],
            "language": translation.get_language(),
            kind: followed,
        }
