"""Translations made as copies (the demo's, and those made before wagtail-localize with Wagtail's
simple translation) made known to wagtail-localize, as if a translator had entered them.

For each translated page: a translation source (its page in the default language, segment by segment),
a translation into the page's language holding every string of the translated page, and an override
wherever the translation differs beyond text (a briefing's pictures carry their language's words). An
editor who opens such a translation sees its progress, and what changes in the source after it.

Strings are matched by their place in the page (the segment's path). A StreamField block is placed by
its id, which a copy keeps and the demo gives alike in every language (`portal.demo.pages.block_id`);
a string whose place has no counterpart stays untranslated, and the editor shows it as such.
`manage.py register_translations` runs this over every translated page of a site.
"""

import json

from wagtail.models import Locale, Page
from wagtail_localize.models import SegmentOverride, Translation, TranslationContext, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import OverridableSegmentValue, StringSegmentValue


def register_translation(source_page, translated_page):
    """Record `translated_page` as the wagtail-localize translation of `source_page`; returns the
    Translation."""
    source, _created = TranslationSource.update_or_create_from_instance(source_page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale_id=translated_page.locale_id
    )
    segments = extract_segments(translated_page)
    strings = {s.path: s.string.data for s in segments if isinstance(s, StringSegmentValue)}
    po = translation.export_po()
    for entry in po:
        if not entry.obsolete and strings.get(entry.msgctxt):
            entry.msgstr = strings[entry.msgctxt]
    translation.import_po(po, delete=True)
    record_overrides(source, source_page, translated_page, segments)
    return translation


def record_overrides(source, source_page, translated_page, segments):
    """Overrides for the overridable segments (images, say) whose value differs from the source's."""
    original = {
        s.path: s.data for s in extract_segments(source_page) if isinstance(s, OverridableSegmentValue)
    }
    for segment in segments:
        if not isinstance(segment, OverridableSegmentValue) or original.get(segment.path) == segment.data:
            continue
        context = TranslationContext.objects.filter(object_id=source.object_id, path=segment.path).first()
        if context is not None:
            SegmentOverride.objects.update_or_create(
                locale_id=translated_page.locale_id,
                context=context,
                defaults={"data_json": json.dumps(segment.data)},
            )


def register_all(stdout=None):
    """Register every live translated page with its source in the default language; returns how many
    translations, and how many of them still miss strings."""
    default = Locale.get_default()
    count = incomplete = 0
    translated_pages = Page.objects.exclude(locale=default).filter(depth__gt=1).specific()
    for page in translated_pages.iterator():
        source = page.get_translation_or_none(default)
        if source is None or source.alias_of_id or page.alias_of_id:
            continue
        translation = register_translation(source.specific, page)
        total, done = translation.get_progress()
        count += 1
        if done < total:
            incomplete += 1
            if stdout:
                stdout.write(f"  {page.url_path} ({page.locale.language_code}): {done} of {total} strings")
    return count, incomplete
