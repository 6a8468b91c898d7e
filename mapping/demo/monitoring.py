"""The monitoring part of the map's demo: two monitoring groups of the Akmola region, their visits to the
demo objects with recommendations in every status (linked to the demo issues), and the transparency
page. The texts are in `data/monitoring.yaml` (and its Kazakh and English mirrors, for the visits'
translations under the translated map pages) and, for the transparency page, `data/pages.yaml`.

Dates count back from the day the demo is loaded, like the issues, so that deadlines fall before and
after today whenever it runs. Groups are found by name, visits by their slug under the map and their
recommendations and notes by position, and all are updated in place: a second run changes nothing.
"""

import datetime
from pathlib import Path

from django.utils import timezone
from wagtail.models import Locale

from mapping.demo.issues import issue_titles
from mapping.geometry import format_point
from mapping.models import (
    Issue,
    MonitoringGroup,
    MonitoringGroupMember,
    MonitoringVisitPage,
    RecommendationProgress,
    TransparencyPage,
)
from portal.demo.datafiles import load_yaml, mirrored

DATA = Path(__file__).parent
TRANSLATIONS = ("kk", "en")


def load_monitoring_demo(loader, map_page, objects, areas, authorities, transparency):
    data = load_yaml(DATA, "monitoring")
    today = timezone.localdate()
    groups = {key: sync_group(spec, areas) for key, spec in data["groups"].items()}
    titles = issue_titles()
    issues = {issue.title: issue for issue in Issue.objects.filter(title__in=titles.values())}
    issue_by_key = {key: issues[title] for key, title in titles.items() if title in issues}
    translations = {code: load_yaml(DATA, f"monitoring.{code}") for code in TRANSLATIONS}
    for code, translated in translations.items():
        mirrored(data["visits"], translated["visits"], f"monitoring.{code}")
    translated_groups = {
        code: {
            key: sync_group(translated["groups"][key], areas, source=groups[key], locale=loader.locales[code])
            for key in groups
        }
        for code, translated in translations.items()
    }
    count = 0
    for n, visit in enumerate(data["visits"]):
        obj = objects[visit["object"]]
        source = sync_visit(loader.pages, map_page, visit, obj, (today, groups, authorities, issue_by_key))
        for code, translated in translations.items():
            locale = loader.locales[code]
            sync_visit(
                loader.pages,
                map_page,
                translated["visits"][n],
                obj.get_translation(locale),
                (today, translated_groups[code], authorities, issue_by_key),
                source=source,
                locale=locale,
            )
        count += 1
    page = sync_transparency(loader, transparency)
    loader.stdout and loader.stdout.write(
        f"Monitoring: {len(groups)} groups, {count} visits; transparency page {page.url_path}"
    )


def sync_visit(pages, map_page, visit, obj, context, source=None, locale=None):
    """A visit page under the map (or, given its Russian `source`, its translation into `locale`), its
    recommendations with their progress notes in the visit's language."""
    today, groups, authorities, issue_by_key = context
    findings = visit["findings"]
    visited_on = today - datetime.timedelta(days=visit["visited_days_ago"])
    if source is None:
        page = MonitoringVisitPage.objects.child_of(map_page).filter(slug=visit["slug"]).first()
    else:
        page = source.get_translation_or_none(locale)
    existing = list(page.recommendations.all()) if page else []
    rows = [
        recommendation_row(spec, visited_on, today, authorities, issue_by_key, existing, index)
        for index, spec in enumerate(visit["recommendations"])
    ]
    fields = {
        "title": visit["title"],
        "group": groups[visit["group"]],
        "visited_on": visited_on,
        "area": obj.area,
        "address": obj.address,
        "location": format_point(obj.latitude, obj.longitude),
        "findings": "".join(f"<p>{paragraph}</p>" for paragraph in findings),
        "listing_summary": findings[0][:300],
        "visited_objects": [obj],
        "visited_bodies": [obj.operator] if obj.operator else [],
    }
    children = {"recommendations": rows}
    if source is None:
        return pages.child(map_page, MonitoringVisitPage, visit["slug"], fields, children=children)
    return pages.translation(source, locale, fields, children=children)


def sync_group(spec, areas, source=None, locale=None):
    """A monitoring group in the default language (found by name), or, given its `source`, its
    translation into `locale`; its members in the same language."""
    if source is None:
        group = MonitoringGroup.objects.filter(
            name=spec["name"], locale=Locale.get_default()
        ).first() or MonitoringGroup(name=spec["name"])
    else:
        group = source.get_translation_or_none(locale) or source.copy_for_translation(locale)
    wanted = {
        "name": spec["name"],
        "region": areas.get(spec["region"]),
        "description": spec["description"],
        "contact_name": spec["contact_name"],
        "contact_phone": spec["contact_phone"],
        "contact_email": spec["contact_email"],
    }
    existing = list(group.members.all()) if group.pk else []
    members_wanted = [
        {
            "name": member["name"],
            "role": member["role"],
            "sector": member["sector"],
            "organisation": member["organisation"],
            "sort_order": index,
        }
        for index, member in enumerate(spec["members"])
    ]
    current = [
        {
            "name": m.name,
            "role": m.role,
            "sector": m.sector,
            "organisation": m.organisation,
            "sort_order": m.sort_order,
        }
        for m in existing
    ]
    if group.pk and current == members_wanted and all(getattr(group, k) == v for k, v in wanted.items()):
        return group
    for name, value in wanted.items():
        setattr(group, name, value)
    members = []
    for index, row in enumerate(members_wanted):
        member = existing[index] if index < len(existing) else MonitoringGroupMember()
        for name, value in row.items():
            setattr(member, name, value)
        members.append(member)
    group.members = members
    group.save()
    return group


def recommendation_row(spec, visited_on, today, authorities, issue_by_key, existing, index):
    implemented = spec.get("implemented_days")
    old = existing[index] if index < len(existing) else None
    old_notes = list(old.progress_notes.all()) if old is not None else []
    note_objects = []
    for n, note in enumerate(spec.get("notes", [])):
        obj = old_notes[n] if n < len(old_notes) else RecommendationProgress()
        obj.date = min(visited_on + datetime.timedelta(days=note["days"]), today)
        obj.progress = note.get("progress")
        obj.note = note["note"]
        obj.sort_order = n
        note_objects.append(obj)
    return {
        "text": spec["text"],
        "authority": authorities[spec["authority"]],
        "deadline": visited_on + datetime.timedelta(days=spec["deadline_days"]),
        "status": spec["status"],
        "progress": spec["progress"],
        "implemented_on": min(visited_on + datetime.timedelta(days=implemented), today)
        if implemented
        else None,
        "rejection_reason": spec.get("rejection_reason", ""),
        "issues": [issue_by_key[key] for key in spec.get("issues", []) if key in issue_by_key],
        "progress_notes": note_objects,
    }


def sync_transparency(loader, texts):
    page = loader.pages.child(
        loader.homes["ru"], TransparencyPage, texts["slug"], {**texts["ru"], "show_in_menus": True}
    )
    for code in ("kk", "en"):
        loader.pages.translation(page, loader.locales[code], texts[code])
    return page
