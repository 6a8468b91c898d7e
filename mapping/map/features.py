"""The GeoJSON features of published issues, as the map API and its cached blocks of a street's issues
serve them (docs/architecture.md, "Stable interfaces")."""

from django.utils import translation

from mapping.models import IssueStatus
from mapping.models.issues import OPEN_STATUSES
from mapping.models.texts import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from mapping.reference import reference


def category_properties(language):
    """{category id: (slug, name in `language`, symbol)} from the reference data: an issue's category is
    always one of the default language (Issue.clean), so the features need no join to name it."""
    ref = reference()
    names = ref["names"]
    return {
        category.pk: (
            category.slug,
            names.get(("Category", str(category.translation_key), language)) or category.name,
            category.symbol,
        )
        for category in ref["categories"].values()
    }


def issue_features(queryset, url_prefix, today, with_positions=False):
    """The issues of `queryset` as features, newest first; with `with_positions`, as (longitude, latitude,
    feature) triples, the position unrounded."""
    language = translation.get_language()
    translated_title = f"title_{language}" if language in TRANSLATION_LANGUAGES else None
    rows = queryset.values_list(
        "id",
        "title",
        translated_title or "title",
        "status",
        "registered_on",
        "due_on",
        "map_latitude",
        "map_longitude",
        "category_id",
        "supporters",
    ).order_by("-registered_on", "-id")
    labels = {value: str(label) for value, label in IssueStatus.choices}  # translated once, not per issue
    categories = category_properties(language)
    unknown = ("", "", "")
    features = []
    for pk, title, translated, status, registered, due, lat, lon, category_id, supporters in rows:
        slug, category_name, symbol = categories.get(category_id, unknown)
        # The language the title is written in: Russian where it has no translation yet.
        shown_translation = bool(translated_title and translated)
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {
                "id": pk,
                "title": translated if shown_translation else title,
                "lang": language if shown_translation else SOURCE_LANGUAGE,
                "status": status,
                "status_label": labels[status],
                "category": slug,
                "category_name": category_name,
                "category_symbol": symbol,
                "url": f"{url_prefix}{pk}/" if url_prefix else None,
                "registered": registered.isoformat(),
                "due": due.isoformat(),
                "overdue": status in OPEN_STATUSES and due < today,
                "supporters": supporters,
            },
        }
        features.append((lon, lat, feature) if with_positions else feature)
    return features
