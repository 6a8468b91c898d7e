"""The base forms of pages, translatable snippets and issues in the admin, whose lists of translatable
things (areas, categories, authorities, monitoring groups, pages) show each thing once, in one language,
rather than once per language.

The language is the edited object's own (a Kazakh visit page lists the Kazakh objects), else the default
one (an issue, which has no language). Whatever the object already links to stays in its list, so that
a link made before (or to another language) is kept when the form is saved.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.models import Locale, TranslatableMixin


class OneLanguageChoicesMixin:
    """Restricts every model choice field over a translatable model to one locale (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = getattr(self.instance, "locale_id", None) or Locale.get_default().pk
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            model = field.queryset.model
            if not issubclass(model, TranslatableMixin):
                continue
            linked = [getattr(value, "pk", value) for value in self._linked(name)]
            field.queryset = field.queryset.filter(locale_id=locale_id) | field.queryset.filter(pk__in=linked)

    def _linked(self, name):
        value = self.initial.get(name)
        if value is None:
            return []
        if isinstance(value, (list, tuple, set)):
            return list(value)
        if hasattr(value, "all"):
            return list(value.all())
        return [value]


class OneLanguagePageForm(OneLanguageChoicesMixin, WagtailAdminPageForm):
    """The base form of the portal's pages."""


class OneLanguageModelForm(OneLanguageChoicesMixin, WagtailAdminModelForm):
    """The base form of translatable snippets and of issues."""
