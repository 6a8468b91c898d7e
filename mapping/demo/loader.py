"""The map's demo, step by step: reference data in three languages, the map and report pages, objects,
then issues (`issues`), monitoring (`monitoring`) and reports (`reports`).

Called by portal's demo loader (`load_demo(loader)`); everything is found again by slug or title and
updated in place, so running it twice leaves the same data. The texts are in `data/`: areas.yaml,
categories.yaml, authorities.yaml, objects.yaml and pages.yaml here; the Kazakh and English texts of
objects, issues and monitoring in their mirrors `<name>.kk.yaml` and `<name>.en.yaml` (the same items, in
the same order, with their texts translated). The areas' schematic outlines are in boundaries.geojson
(made by `outlines`).
"""

from pathlib import Path

from mapping.demo import outlines
from mapping.demo.issues import sync_issues
from mapping.demo.monitoring import load_monitoring_demo
from mapping.demo.reports import load_reports
from mapping.geometry import format_point
from mapping.models import Area, Authority, Category, MapPage, ProblemObjectPage, ReportPage
from portal.demo.datafiles import load_yaml, mirrored

DATA = Path(__file__).parent
LANGUAGES = ("ru", "kk", "en")


def load_demo(loader):
    authority_rows = load_yaml(DATA, "authorities")["authorities"]
    category_rows = load_yaml(DATA, "categories")["categories"]
    pages = load_yaml(DATA, "pages")
    authorities = sync_translated(Authority, loader, authority_rows, authority_fields)
    order = {row["slug"]: n for n, row in enumerate(category_rows)}
    categories = sync_translated(
        Category, loader, category_rows, lambda row, code: category_fields(row, code, order, authorities)
    )
    areas = sync_areas(loader, load_yaml(DATA, "areas")["areas"])
    link_authorities(authority_rows, authorities, areas, categories)
    map_page = sync_map_pages(loader, pages["map"])
    objects = sync_objects(loader, map_page, areas, authorities)
    count = sync_issues(areas, categories, authorities, objects)
    load_monitoring_demo(loader, map_page, objects, areas, authorities, pages["transparency"])
    sync_report_pages(loader, pages["report"])
    reports = load_reports(areas, categories)
    loader.stdout and loader.stdout.write(
        f"Map: {len(areas)} areas, {len(categories)} categories, {len(authorities)} authorities, "
        f"{len(objects)} objects, {count} issues, {reports} reports"
    )


def sync_translated(model, loader, rows, fields_for):
    """Rows in Russian, and their Kazakh and English translations; returns the Russian ones by slug."""
    result = {}
    for row in rows:
        slug = row["slug"]
        ru = update_or_create(model, {"slug": slug, "locale": loader.locales["ru"]}, fields_for(row, "ru"))
        for code in LANGUAGES[1:]:
            translation = ru.get_translation_or_none(loader.locales[code])
            if translation is None:
                translation = ru.copy_for_translation(loader.locales[code])
            translated = fields_for(row, code)
            # Links (default authority, parent area) are kept up to date on the Russian rows only.
            for name in ("default_authority", "parent"):
                translated.pop(name, None)
            set_fields(translation, translated)
        result[slug] = ru
    return result


def update_or_create(model, lookup, fields):
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    set_fields(obj, fields)
    return obj


def set_fields(obj, fields):
    if obj.pk is None or any(getattr(obj, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()


def authority_fields(row, code):
    return {
        "name": row["name"][code],
        "short_name": row["short_name"] if code == "ru" else "",
        "phone": row.get("phone", ""),
        "email": row.get("email", ""),
    }


def category_fields(row, code, order, authorities):
    return {
        "name": row["name"][code],
        "colour": row["colour"],
        "symbol": row["symbol"],
        "sensitive": row["sensitive"],
        "sort_order": order[row["slug"]],
        "default_authority": authorities.get(row["default_authority"]),
    }


def sync_areas(loader, rows):
    """The areas, with the schematic outlines of data/boundaries.geojson (mapping.demo.outlines)."""
    areas = {}
    boundaries = outlines.load()
    for row in rows:
        slug, level, names = row["slug"], row["level"], row["name"]
        lat, lng = row["centre"]
        place = {"centre_latitude": lat, "centre_longitude": lng, "boundary": boundaries.get(slug)}
        fields = {"name": names["ru"], "level": level, "parent": areas.get(row.get("parent")), **place}
        areas[slug] = update_or_create(Area, {"slug": slug, "locale": loader.locales["ru"]}, fields)
        for code in LANGUAGES[1:]:
            translation = areas[slug].get_translation_or_none(loader.locales[code])
            if translation is None:
                translation = areas[slug].copy_for_translation(loader.locales[code])
                translation.parent = None
            set_fields(translation, {"name": names[code], "level": level, **place})
    return areas


def link_authorities(rows, authorities, areas, categories):
    for row in rows:
        authority = authorities[row["slug"]]
        authority.areas.set([areas[slug] for slug in row["areas"]])
        authority.categories.set([categories[slug] for slug in row["categories"]])


def sync_map_pages(loader, texts):
    lat, lng = texts["centre"]
    fields = {
        "title": texts["ru"]["title"],
        "intro": texts["ru"]["intro"],
        "show_in_menus": True,
        "centre_latitude": lat,
        "centre_longitude": lng,
        "zoom": texts["zoom"],
    }
    map_page = loader.pages.child(loader.homes["ru"], MapPage, texts["slug"], fields)
    for code in LANGUAGES[1:]:
        loader.pages.translation(
            map_page, loader.locales[code], {"title": texts[code]["title"], "intro": texts[code]["intro"]}
        )
    return map_page


def sync_report_pages(loader, texts):
    """The report form in three languages, with the law on anonymous appeals in plain words."""
    page = loader.pages.child(
        loader.homes["ru"], ReportPage, texts["slug"], {**texts["ru"], "show_in_menus": True}
    )
    for code in LANGUAGES[1:]:
        loader.pages.translation(page, loader.locales[code], texts[code])
    return page


def sync_objects(loader, map_page, areas, authorities):
    """The objects under the map page, and their Kazakh and English translations (objects.kk.yaml,
    objects.en.yaml mirror objects.yaml) under the translated map pages; returns the Russian ones."""
    objects = {}
    for row in load_yaml(DATA, "objects")["objects"]:
        objects[row["slug"]] = loader.pages.child(
            map_page, ProblemObjectPage, row["slug"], object_fields(row, areas, authorities)
        )
    for code in LANGUAGES[1:]:
        translated = load_yaml(DATA, f"objects.{code}")["objects"]
        for row in mirrored(load_yaml(DATA, "objects")["objects"], translated, f"objects.{code}"):
            loader.pages.translation(
                objects[row["slug"]], loader.locales[code], object_fields(row, areas, authorities)
            )
    return objects


def object_fields(row, areas, authorities):
    return {
        "title": row["title"],
        "object_type": row["object_type"],
        "address": row["address"],
        "location": format_point(*row["location"]),
        "area": areas[row["area"]],
        "operator": authorities.get(row.get("operator")),
        "description": f"<p>{row['description']}</p>",
    }
