"""Public texts of issues in three languages: staff write them in Russian and may add Kazakh and
English; where a translation is missing, the Russian text is shown, and marked as Russian (`lang="ru"`)
so that a screen reader reads it with a Russian voice (WCAG 3.1.2).

A translated field `title` has its siblings `title_kk` and `title_en` on the same model.
"""

from portal.languages import current_code

SOURCE_LANGUAGE = "ru"
TRANSLATION_LANGUAGES = ("kk", "en")


class LocalizedText(str):
    """A text together with the language it is written in (`lang`)."""

    lang = SOURCE_LANGUAGE

    def __new__(cls, value, lang):
        text = super().__new__(cls, value or "")
        text.lang = lang
        return text


def localized(obj, field, language=None):
    """`obj.field` in `language` (the active one by default), or in Russian when it has no translation."""
    language = language or current_code()
    if language in TRANSLATION_LANGUAGES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return LocalizedText(value, language)
    return LocalizedText(getattr(obj, field), SOURCE_LANGUAGE)


def language_of(obj, fields, language=None):
    """The language the texts of `obj` (a model, or a dict of its values) are shown in: `language` (the
    active one by default) if every non-empty field has it, else Russian (open data and feeds give one
    language per record)."""
    language = language or current_code()
    value = obj.get if isinstance(obj, dict) else lambda name: getattr(obj, name, "")
    if language not in TRANSLATION_LANGUAGES:
        return SOURCE_LANGUAGE
    for field in fields:
        if value(field) and not value(f"{field}_{language}"):
            return SOURCE_LANGUAGE
    return language
