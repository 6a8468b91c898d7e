"""The map's part of `load_demo`: reference data in three languages, the map pages, objects and issues.

Called by portal's demo loader (`load_demo(loader)`); everything is found again by slug or title and
updated in place, so running it twice leaves the same data.
"""

import datetime

from django.utils import timezone

from mapping import deadlines
from mapping.demo_data import AREAS, AUTHORITIES, CATEGORIES, ISSUES, OBJECTS
from mapping.demo_monitoring import load_monitoring_demo
from mapping.demo_reports import load_reports
from mapping.geometry import format_point
from mapping.models import (
    Area,
    Authority,
    Category,
    Issue,
    IssueStatus,
    IssueUpdate,
    MapPage,
    ProblemObjectPage,
    ReportPage,
)
from mapping.models.issues import CLOSED_STATUSES

LANGUAGES = ("ru", "kk", "en")
MAP_TITLES = {
    "ru": "Карта общественного контроля",
    "kk": "Қоғамдық бақылау картасы",
    "en": "Public control map",
}
MAP_INTROS = {
    "ru": "<p>Проблемы, о которых сообщили жители и мониторинговые группы, и как они решаются. "
    "На карте и в списке — только опубликованные обращения; персональные данные не публикуются.</p>",
    "kk": "<p>Тұрғындар мен мониторингтік топтар хабарлаған мәселелер және олардың қалай шешілетіні. "
    "Картада және тізімде тек жарияланған өтініштер көрсетіледі; дербес деректер жарияланбайды.</p>",
    "en": "<p>Problems reported by residents and monitoring groups, and how they are being resolved. "
    "The map and the list show published issues only; personal data is never published.</p>",
}
PATHS = {
    IssueStatus.REGISTERED: [IssueStatus.REGISTERED],
    IssueStatus.FORWARDED: [IssueStatus.REGISTERED, IssueStatus.FORWARDED],
    IssueStatus.IN_PROGRESS: [IssueStatus.REGISTERED, IssueStatus.FORWARDED, IssueStatus.IN_PROGRESS],
    IssueStatus.RESOLVED: [
        IssueStatus.REGISTERED,
        IssueStatus.FORWARDED,
        IssueStatus.IN_PROGRESS,
        IssueStatus.RESOLVED,
    ],
    IssueStatus.NOT_CONFIRMED: [IssueStatus.REGISTERED, IssueStatus.IN_PROGRESS, IssueStatus.NOT_CONFIRMED],
    IssueStatus.DUPLICATE: [IssueStatus.REGISTERED, IssueStatus.DUPLICATE],
}
NOTES = {
    IssueStatus.REGISTERED: "Обращение зарегистрировано.",
    IssueStatus.FORWARDED: "Направлено в компетентный орган.",
    IssueStatus.IN_PROGRESS: "Компетентный орган приступил к рассмотрению.",
    IssueStatus.NOT_CONFIRMED: "Факты, изложенные в обращении, при проверке не подтвердились.",
    IssueStatus.DUPLICATE: "Повторное сообщение о проблеме, которая уже рассматривается.",
}


def load_demo(loader):
    authorities = sync_translated(Authority, loader, AUTHORITIES, authority_fields)
    categories = sync_translated(
        Category, loader, CATEGORIES, lambda row, n: category_fields(row, n, authorities)
    )
    areas = sync_areas(loader)
    link_authorities(authorities, areas, categories)
    map_page = sync_map_pages(loader)
    objects = sync_objects(loader, map_page, areas, authorities)
    count = sync_issues(areas, categories, authorities, objects)
    load_monitoring_demo(loader, map_page, objects, areas, authorities)
    sync_report_pages(loader)
    reports = load_reports(areas, categories)
    loader.stdout and loader.stdout.write(
        f"Map: {len(areas)} areas, {len(categories)} categories, {len(authorities)} authorities, "
        f"{len(objects)} objects, {count} issues, {reports} reports"
    )


def sync_translated(model, loader, rows, fields_for):
    """Rows in Russian, and their Kazakh and English translations; returns the Russian ones by slug."""
    result = {}
    for row in rows:
        slug = row[0]
        ru = update_or_create(model, {"slug": slug, "locale": loader.locales["ru"]}, fields_for(row, 0))
        for n, code in enumerate(LANGUAGES[1:], start=1):
            translation = ru.get_translation_or_none(loader.locales[code])
            if translation is None:
                translation = ru.copy_for_translation(loader.locales[code])
            translated = fields_for(row, n)
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


def authority_fields(row, n):
    slug, names, short, _areas, _categories, phone, email = row
    return {"name": names[n], "short_name": short if n == 0 else "", "phone": phone, "email": email}


def category_fields(row, n, authorities):
    slug, names, colour, symbol, sensitive, authority = row
    return {
        "name": names[n],
        "colour": colour,
        "symbol": symbol,
        "sensitive": sensitive,
        "sort_order": [c[0] for c in CATEGORIES].index(slug),
        "default_authority": authorities.get(authority),
    }


def sync_areas(loader):
    areas = {}
    for slug, level, parent, names, (lat, lng) in AREAS:
        fields = {
            "name": names[0],
            "level": level,
            "parent": areas.get(parent),
            "centre_latitude": lat,
            "centre_longitude": lng,
        }
        areas[slug] = update_or_create(Area, {"slug": slug, "locale": loader.locales["ru"]}, fields)
        for n, code in enumerate(LANGUAGES[1:], start=1):
            translation = areas[slug].get_translation_or_none(loader.locales[code])
            if translation is None:
                translation = areas[slug].copy_for_translation(loader.locales[code])
                translation.parent = None
            set_fields(
                translation,
                {"name": names[n], "level": level, "centre_latitude": lat, "centre_longitude": lng},
            )
    return areas


def link_authorities(authorities, areas, categories):
    for slug, _names, _short, area_slugs, category_slugs, _phone, _email in AUTHORITIES:
        authority = authorities[slug]
        authority.areas.set([areas[a] for a in area_slugs])
        authority.categories.set([categories[c] for c in category_slugs])


def sync_map_pages(loader):
    fields = {
        "title": MAP_TITLES["ru"],
        "intro": MAP_INTROS["ru"],
        "show_in_menus": True,
        "centre_latitude": 52.3,
        "centre_longitude": 70.2,
        "zoom": 7,
    }
    map_page = loader.pages.child(loader.homes["ru"], MapPage, "map", fields)
    for code in LANGUAGES[1:]:
        loader.pages.translation(
            map_page, loader.locales[code], {"title": MAP_TITLES[code], "intro": MAP_INTROS[code]}
        )
    return map_page


REPORT_PAGE = {
    "ru": {
        "title": "Сообщить о нарушении",
        "intro": "<p>Сообщите о любом правонарушении — коррупции, незаконных действиях госслужащих при оказании "
        "госуслуг, проблемах коммунальных служб или дорог. Выбирать компетентный орган не нужно: обращение "
        "направят сотрудники департамента. Вы получите код, по которому сможете следить за рассмотрением.</p>",
        "confidential_help": "<p>Ваши имя и контакты увидят только уполномоченные сотрудники департамента; "
        "публично они не показываются никогда. По контактам с вами могут связаться для уточнения.</p>",
        "anonymous_help": "<p>Анонимное обращение отправляется без контактов, следить за ним можно только по "
        "коду. По Административному процедурному кодексу Республики Казахстан анонимные обращения "
        "рассматриваются, только если в них сообщается о готовящемся или совершённом уголовном "
        "правонарушении либо об угрозе государственной или общественной безопасности.</p>",
        "thanks_text": "<p>Обращение зарегистрировано. Срок рассмотрения — 15 рабочих дней; если обращение "
        "направят в другой орган, это произойдёт в течение 3 рабочих дней. Срочно? Звоните 1424.</p>",
    },
    "kk": {
        "title": "Бұзушылық туралы хабарлау",
        "intro": "<p>Кез келген құқық бұзушылық туралы хабарлаңыз. Құзыретті органды таңдаудың қажеті жоқ: "
        "өтінішті департамент қызметкерлері жібереді. Сіз өтініштің қаралуын бақылауға арналған код аласыз.</p>",
        "confidential_help": "<p>Сіздің атыңыз бен байланыс деректеріңізді тек департаменттің уәкілетті "
        "қызметкерлері көреді; олар ешқашан жария етілмейді.</p>",
        "anonymous_help": "<p>Анонимді өтініш байланыс деректерінсіз жіберіледі, оны тек код бойынша бақылауға "
        "болады. ҚР Әкімшілік рәсімдік-процестік кодексіне сәйкес анонимді өтініштер дайындалып жатқан немесе "
        "жасалған қылмыстық құқық бұзушылық не мемлекеттік немесе қоғамдық қауіпсіздікке қатер туралы болса "
        "ғана қаралады.</p>",
        "thanks_text": "<p>Өтініш тіркелді. Қарау мерзімі — 15 жұмыс күні. Шұғыл болса, 1424 нөміріне "
        "қоңырау шалыңыз.</p>",
    },
    "en": {
        "title": "Report an offence",
        "intro": "<p>Report any offence. You do not need to know which authority is competent: the department's "
        "staff route your report. You get a code to follow it.</p>",
        "confidential_help": "<p>Only authorised staff of the department see your name and contacts; they are "
        "never published.</p>",
        "anonymous_help": "<p>An anonymous report has no contacts and is followed by its code only. Under the "
        "Administrative Procedural Code of Kazakhstan, anonymous appeals are considered only when they concern "
        "a criminal offence being prepared or committed, or a threat to state or public security.</p>",
        "thanks_text": "<p>Your report is registered. It is considered within 15 working days. Urgent? Call "
        "1424.</p>",
    },
}


def sync_report_pages(loader):
    """The report form in three languages, with the law on anonymous appeals in plain words."""
    page = loader.pages.child(
        loader.homes["ru"], ReportPage, "report", {**REPORT_PAGE["ru"], "show_in_menus": True}
    )
    for code in LANGUAGES[1:]:
        loader.pages.translation(page, loader.locales[code], REPORT_PAGE[code])
    return page


def sync_objects(loader, map_page, areas, authorities):
    objects = {}
    for slug, title, kind, address, area, operator, (lat, lng), description in OBJECTS:
        fields = {
            "title": title,
            "object_type": kind,
            "address": address,
            "location": format_point(lat, lng),
            "area": areas[area],
            "operator": authorities.get(operator),
            "description": f"<p>{description}</p>",
        }
        objects[slug] = loader.pages.child(map_page, ProblemObjectPage, slug, fields)
    return objects


def sync_issues(areas, categories, authorities, objects):
    """The demo issues, dated back from today so that some are overdue whenever the demo is loaded."""
    today = timezone.localdate()
    by_key = {}
    for (
        key,
        title,
        category,
        area,
        obj,
        authority,
        channel,
        age,
        status,
        description,
        resolution,
        options,
    ) in ISSUES:
        registered = today - datetime.timedelta(days=age)
        problem_object = objects.get(obj) if obj else None
        if problem_object is not None:
            point = (problem_object.latitude, problem_object.longitude)
        else:
            point = options.get("point")
        issue = Issue.objects.filter(title=title).first() or Issue(title=title)
        issue.description = description
        issue.category = categories[category]
        issue.area = areas[area]
        issue.authority = authorities.get(authority) if authority else categories[category].default_authority
        issue.problem_object = problem_object
        issue.location = format_point(*point) if point else ""
        issue.address = problem_object.address if problem_object else ""
        issue.source_channel = channel
        issue.registered_on = registered
        issue.resolution = resolution
        issue.published = True
        issue.extended_until, issue.extension_reason = None, ""
        if "extend" in options:
            days, reason = options["extend"]
            issue.extended_until = min(
                registered + datetime.timedelta(days=days), deadlines.max_extension(registered)
            )
            issue.extension_reason = reason
        issue.duplicate_of = by_key.get(options.get("duplicate_of"))
        updates = timeline(status, registered, options.get("days_to_close"), resolution, today)
        issue.updates = updates
        issue.status = status
        issue.resolved_on = updates[-1].date if status in CLOSED_STATUSES else None
        issue.forwarded_on = next((u.date for u in updates if u.status == IssueStatus.FORWARDED), None)
        issue._saved_status = status  # the timeline above already records every status
        issue.save()
        by_key[key] = issue
    return len(by_key)


def timeline(status, registered, days_to_close, resolution, today):
    """Timeline entries from registration to the final status, on working days, none after today."""
    path = PATHS[status]
    closing = days_to_close or 10
    offsets = [0, 2, 5, closing][: len(path)]
    if len(path) > 1 and path[-1] in CLOSED_STATUSES:
        offsets[-1] = max(closing, offsets[-2] + 1)
    updates = []
    for step, (state, offset) in enumerate(zip(path, offsets, strict=True)):
        note = resolution if state == IssueStatus.RESOLVED else NOTES[state]
        updates.append(
            IssueUpdate(
                date=min(deadlines.add_working_days(registered, offset), today),
                status=state,
                note=note,
                sort_order=step,
            )
        )
    return updates
