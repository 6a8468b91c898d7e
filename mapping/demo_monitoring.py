"""The monitoring part of `load_demo`: two monitoring groups of the Akmola region, their visits to the demo
objects with recommendations in every status (linked to the demo issues), and the transparency page.

Called from `mapping.demo.load_demo`. Dates count back from the day the demo is loaded, like the issues,
so that deadlines fall before and after today whenever it runs. Groups are found by name, visits by their
slug under the map and their recommendations and notes by position, and all are updated in place: a
second run changes nothing.
"""

import datetime

from django.utils import timezone

from mapping.demo_data import ISSUES
from mapping.geometry import format_point
from mapping.models import (
    Issue,
    MonitoringGroup,
    MonitoringGroupMember,
    MonitoringVisitPage,
    RecommendationProgress,
    TransparencyPage,
)

GROUPS = {
    "kokshetau": {
        "name": "Специальная мониторинговая группа г. Кокшетау и Зерендинского района",
        "region": "kokshetau",
        "description": "Общественная группа при департаменте Агентства по "
        "противодействию коррупции: проверяет, "
        "как оказываются государственные и коммунальные услуги, и добивается выполнения своих рекомендаций.",
        "contact_name": "Проектный офис «Антикоррупционный фронт-офис» департамента",
        "contact_phone": "+7 7162 50-14-24",
        "contact_email": "monitoring.akmola@example.kz",
        "members": [
            ("Сауле Кенжебаева", "председатель группы", "civil_society", "ОО «Гражданский контроль Акмолы»"),
            ("Ерлан Жумабеков", "член группы", "business", "Палата предпринимателей Акмолинской области"),
            ("Виктор Литвиненко", "член группы", "business", "Ассоциация малого бизнеса г. Кокшетау"),
            (
                "Гульнара Абдрахманова",
                "секретарь группы",
                "state_body",
                "Департамент АПК по Акмолинской области",
            ),
            ("Асель Тулегенова", "член группы", "state_body", "Управление цифровизации Акмолинской области"),
            ("Марат Исабеков", "член группы", "media", "Региональная газета «Көкшетау»"),
        ],
    },
    "burabay": {
        "name": "Мониторинговая группа Бурабайского района и г. Степногорска",
        "region": "akmola-region",
        "description": "Представители общественности, бизнеса, госорганов и СМИ, которые посещают районные "
        "акиматы, ЦОНы, школы и коммунальные службы Бурабайского района и Степногорска.",
        "contact_name": "Общественный совет Бурабайского района",
        "contact_phone": "+7 71636 4-14-24",
        "contact_email": "burabay.monitoring@example.kz",
        "members": [
            (
                "Айжан Смагулова",
                "председатель группы",
                "civil_society",
                "Общественный совет Бурабайского района",
            ),
            ("Ольга Кравченко", "член группы", "civil_society", "ОФ «Родители за прозрачную школу»"),
            ("Нурлан Оспанов", "член группы", "business", "Палата предпринимателей Бурабайского района"),
            ("Данияр Сарсенбаев", "член группы", "state_body", "Департамент АПК по Акмолинской области"),
            ("Жанна Ахметова", "член группы", "media", "Телеканал «Бурабай ТВ»"),
        ],
    },
}

# Each visit: slug, group, object slug, days ago, title, findings (paragraphs), recommendations.
# Each recommendation: text, authority slug, deadline (days after the visit), status, progress,
# implemented (days after the visit, or None), rejection reason, issue keys, progress notes
# [(days after the visit, progress or None, note)].
VISITS = [
    (
        "visit-tson-kokshetau-1",
        "kokshetau",
        "tson-kokshetau-1",
        58,
        "Мониторинг ЦОН № 1 г. Кокшетау: очереди и электронная очередь",
        [
            "Группа провела в ЦОН утренние часы приёма. Терминал электронной очереди с 9 до 11 часов "
            "не выдавал талоны, посетители стояли в общей очереди до 40 минут.",
            "В зоне консультаций нет информации о том, что услуги оказываются бесплатно, и о телефоне "
            "доверия 1424. Камеры видеонаблюдения не охватывают стойку консультанта.",
        ],
        [
            (
                "Заменить или отремонтировать терминал электронной очереди и открыть дополнительное окно "
                "приёма в утренние часы.",
                "government-for-citizens",
                20,
                "implemented",
                100,
                12,
                "",
                ["psc-queue"],
                [
                    (5, 30, "Заявка на замену терминала направлена в филиал Госкорпорации."),
                    (12, 100, "Терминал заменён, утром работает дополнительное окно."),
                ],
            ),
            (
                "Разместить в зоне консультаций объявление о бесплатности услуг и о телефоне доверия 1424 "
                "на казахском и русском языках.",
                "government-for-citizens",
                10,
                "implemented",
                100,
                16,
                "",
                [],
                [(16, 100, "Объявления размещены у каждой стойки и на входе.")],
            ),
            (
                "Установить видеонаблюдение над стойкой консультанта и хранить записи не менее 30 дней.",
                "government-for-citizens",
                45,
                "in_progress",
                60,
                None,
                "",
                ["psc-fee"],
                [
                    (10, 20, "Смета на установку камер согласована."),
                    (30, 60, "Камеры закуплены, монтаж запланирован."),
                ],
            ),
        ],
    ),
    (
        "visit-vodokanal-kokshetau",
        "kokshetau",
        "vodokanal-kokshetau",
        35,
        "Мониторинг абонентского отдела Водоканала г. Кокшетау",
        [
            "Абонентам, которые ежемесячно передают показания счётчиков, начисляют плату по среднему "
            "потреблению. Сроки устранения аварий нигде не публикуются.",
            "Аварийная служба ночью доступна только по одному городскому номеру, который часто занят.",
        ],
        [
            (
                "Пересчитать начисления абонентам с исправными счётчиками и сообщить им результат письменно.",
                "kokshetau-vodokanal",
                30,
                "accepted",
                20,
                None,
                "",
                ["water-kokshetau-bills"],
                [(8, 20, "Предприятие согласилось с рекомендацией, сверка начислений начата.")],
            ),
            (
                "Публиковать на сайте предприятия график "
                "аварийно-восстановительных работ и сроки их окончания.",
                "kokshetau-vodokanal",
                20,
                "in_progress",
                40,
                None,
                "",
                ["water-kokshetau-leak", "water-kokshetau-pressure"],
                [(14, 40, "Раздел «Аварийные работы» создан, график публикуется не каждый день.")],
            ),
            (
                "Открыть круглосуточную бесплатную линию аварийной службы с несколькими операторами.",
                "kokshetau-vodokanal",
                60,
                "rejected",
                0,
                None,
                "Предприятие сообщило, что аварийные вызовы принимает единая дежурная служба 109, "
                "а средств на отдельную линию в тарифе нет.",
                [],
                [],
            ),
        ],
    ),
    (
        "visit-polyclinic-kokshetau-2",
        "kokshetau",
        "polyclinic-kokshetau-2",
        85,
        "Мониторинг городской поликлиники № 2 г. Кокшетау",
        [
            "У кабинетов педиатра нет мест для ожидания, родители с детьми стоят в коридоре.",
            "Запись к терапевту через портал недоступна: свободные слоты не отображаются. В регистратуре нет "
            "перечня бесплатных анализов в рамках гарантированного объёма медицинской помощи.",
        ],
        [
            (
                "Оборудовать места для ожидания у кабинетов педиатра.",
                "health-department",
                30,
                "implemented",
                100,
                25,
                "",
                ["clinic-waiting"],
                [(25, 100, "Установлены скамьи и пеленальный столик.")],
            ),
            (
                "Разместить в регистратуре и на сайте перечень анализов, которые проводятся бесплатно.",
                "health-department",
                15,
                "implemented",
                100,
                40,
                "",
                ["clinic-fee"],
                [
                    (20, 50, "Перечень подготовлен, ждёт утверждения."),
                    (40, 100, "Перечень размещён в регистратуре и на сайте."),
                ],
            ),
            (
                "Восстановить запись к терапевту через портал и проверять её работу еженедельно.",
                "health-department",
                20,
                "implemented",
                100,
                18,
                "",
                ["clinic-booking"],
                [],
            ),
        ],
    ),
    (
        "visit-tson-stepnogorsk",
        "burabay",
        "tson-stepnogorsk",
        68,
        "Мониторинг ЦОН г. Степногорска: доступность для маломобильных посетителей",
        [
            "У входа в ЦОН нет пандуса и кнопки вызова сотрудника; посетитель на коляске не может "
            "попасть в здание без посторонней помощи.",
            "Часы работы на входе указаны только на русском языке.",
        ],
        [
            (
                "Установить пандус и кнопку вызова сотрудника у входа.",
                "government-for-citizens",
                30,
                "implemented",
                100,
                27,
                "",
                ["psc-stepnogorsk-ramp"],
                [
                    (10, 30, "Проект пандуса согласован с акиматом."),
                    (27, 100, "Пандус и кнопка вызова установлены."),
                ],
            ),
            (
                "Разместить у входа часы работы на казахском и русском языках и соблюдать их.",
                "government-for-citizens",
                14,
                "accepted",
                10,
                None,
                "",
                ["psc-stepnogorsk-hours"],
                [],
            ),
        ],
    ),
    (
        "visit-akimat-burabay",
        "burabay",
        "akimat-burabay",
        30,
        "Мониторинг приёма граждан в акимате Бурабайского района",
        [
            "График приёма граждан руководством акимата меняется без объявления, на сайте он устарел.",
            "На улице Ленина в Щучинске около километра не освещено; жители обращались неоднократно.",
        ],
        [
            (
                "Публиковать график приёма граждан на сайте и на стенде не позднее чем за неделю и "
                "объявлять о переносе.",
                "burabay-akimat",
                20,
                "in_progress",
                50,
                None,
                "",
                ["burabay-reception"],
                [(12, 50, "График размещён на сайте, стенд в фойе обновляется не всегда.")],
            ),
            (
                "Восстановить уличное освещение на улице Ленина в Щучинске.",
                "burabay-akimat",
                30,
                "accepted",
                0,
                None,
                "",
                ["burabay-lights"],
                [],
            ),
        ],
    ),
    (
        "visit-school-shchuchinsk-3",
        "burabay",
        "school-shchuchinsk-3",
        14,
        "Мониторинг школы-гимназии № 3 г. Щучинска",
        [
            "Родители сообщают о сборе денег на ремонт классов. Отчёта о расходах попечительского совета "
            "на сайте школы нет.",
            "В кабинетах начальной школы температура была ниже нормы; к "
            "моменту посещения котёл отремонтирован.",
        ],
        [
            (
                "Прекратить сбор денег с родителей, опубликовать бюджет "
                "ремонта и отчёт попечительского совета.",
                "education-department",
                30,
                "proposed",
                0,
                None,
                "",
                ["school-fees"],
                [],
            ),
            (
                "Проверять температурный режим в классах ежедневно в "
                "отопительный сезон и публиковать журнал.",
                "education-department",
                10,
                "implemented",
                100,
                3,
                "",
                ["school-heating"],
                [(3, 100, "Журнал температуры ведётся и размещён на сайте школы.")],
            ),
        ],
    ),
    (
        "visit-heating-stepnogorsk",
        "burabay",
        "heating-stepnogorsk",
        4,
        "Мониторинг подготовки теплосетей Степногорска к отопительному сезону",
        [
            "В доме 5-го микрорайона нет отопления; акт готовности теплосетей к сезону не опубликован.",
        ],
        [
            (
                "Опубликовать акты готовности теплосетей и график подключения домов.",
                "stepnogorsk-akimat",
                10,
                "proposed",
                0,
                None,
                "",
                ["heating-stepnogorsk", "heating-stepnogorsk-bill"],
                [],
            ),
        ],
    ),
    (
        "visit-road-kokshetau-shchuchinsk",
        "kokshetau",
        "road-kokshetau-shchuchinsk",
        45,
        "Мониторинг трассы Кокшетау — Щучинск (20–45 км)",
        [
            "На 32-м километре ямочный ремонт не проведён; у съезда на Зеренду знаки установлены после "
            "обращения группы.",
        ],
        [
            (
                "Провести ямочный ремонт на 28–35 км и опубликовать график работ подрядчика.",
                "roads-department",
                40,
                "in_progress",
                70,
                None,
                "",
                ["road-potholes"],
                [(15, 30, "Подрядчик приступил к работам."), (35, 70, "Отремонтировано 5 км из 7.")],
            ),
            (
                "Установить дорожные знаки у съезда на Зеренду.",
                "roads-department",
                10,
                "implemented",
                100,
                6,
                "",
                ["road-signs"],
                [],
            ),
        ],
    ),
]

TRANSPARENCY = {
    "ru": {
        "title": "Прозрачность: как решаются проблемы",
        "intro": "<p>Цифры по опубликованным обращениям: сколько решено, "
        "за сколько рабочих дней, какие органы "
        "укладываются в сроки и как выполняются рекомендации мониторинговых групп.</p>",
    },
    "kk": {
        "title": "Ашықтық: мәселелер қалай шешіледі",
        "intro": "<p>Жарияланған өтініштер бойынша деректер: қаншасы "
        "шешілді, қанша жұмыс күнінде, қай органдар "
        "мерзімде үлгереді және мониторингтік топтардың ұсынымдары қалай орындалады.</p>",
    },
    "en": {
        "title": "Transparency: how problems are resolved",
        "intro": "<p>Figures on the published issues: how many were "
        "resolved, in how many working days, which "
        "authorities keep to the deadlines, and what became of the monitoring groups' recommendations.</p>",
    },
}


def load_monitoring_demo(loader, map_page, objects, areas, authorities):
    today = timezone.localdate()
    groups = {key: sync_group(spec, areas) for key, spec in GROUPS.items()}
    titles = {row[0]: row[1] for row in ISSUES}
    issues = {issue.title: issue for issue in Issue.objects.filter(title__in=titles.values())}
    issue_by_key = {key: issues[title] for key, title in titles.items() if title in issues}
    count = 0
    for slug, group, object_slug, days_ago, title, findings, recommendations in VISITS:
        obj = objects[object_slug]
        visited_on = today - datetime.timedelta(days=days_ago)
        page = MonitoringVisitPage.objects.child_of(map_page).filter(slug=slug).first()
        existing = list(page.recommendations.all()) if page else []
        rows = [
            recommendation_row(spec, visited_on, today, authorities, issue_by_key, existing, index)
            for index, spec in enumerate(recommendations)
        ]
        bodies = [obj.operator] if obj.operator else []
        fields = {
            "title": title,
            "group": groups[group],
            "visited_on": visited_on,
            "area": obj.area,
            "address": obj.address,
            "location": format_point(obj.latitude, obj.longitude),
            "findings": "".join(f"<p>{paragraph}</p>" for paragraph in findings),
            "listing_summary": findings[0][:300],
            "visited_objects": [obj],
            "visited_bodies": bodies,
        }
        loader.pages.child(map_page, MonitoringVisitPage, slug, fields, children={"recommendations": rows})
        count += 1
    page = sync_transparency(loader)
    loader.stdout and loader.stdout.write(
        f"Monitoring: {len(groups)} groups, {count} visits; transparency page {page.url_path}"
    )


def sync_group(spec, areas):
    group = MonitoringGroup.objects.filter(name=spec["name"]).first() or MonitoringGroup(name=spec["name"])
    wanted = {
        "region": areas.get(spec["region"]),
        "description": spec["description"],
        "contact_name": spec["contact_name"],
        "contact_phone": spec["contact_phone"],
        "contact_email": spec["contact_email"],
    }
    existing = list(group.members.all()) if group.pk else []
    members_wanted = [
        {"name": name, "role": role, "sector": sector, "organisation": organisation, "sort_order": index}
        for index, (name, role, sector, organisation) in enumerate(spec["members"])
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
    text, authority, deadline, status, progress, implemented, reason, issue_keys, notes = spec
    old = existing[index] if index < len(existing) else None
    old_notes = list(old.progress_notes.all()) if old is not None else []
    note_objects = []
    for n, (days, note_progress, note) in enumerate(notes):
        obj = old_notes[n] if n < len(old_notes) else RecommendationProgress()
        obj.date = min(visited_on + datetime.timedelta(days=days), today)
        obj.progress = note_progress
        obj.note = note
        obj.sort_order = n
        note_objects.append(obj)
    return {
        "text": text,
        "authority": authorities[authority],
        "deadline": visited_on + datetime.timedelta(days=deadline),
        "status": status,
        "progress": progress,
        "implemented_on": min(visited_on + datetime.timedelta(days=implemented), today)
        if implemented
        else None,
        "rejection_reason": reason,
        "issues": [issue_by_key[key] for key in issue_keys if key in issue_by_key],
        "progress_notes": note_objects,
    }


def sync_transparency(loader):
    page = loader.pages.child(
        loader.homes["ru"], TransparencyPage, "transparency", {**TRANSPARENCY["ru"], "show_in_menus": True}
    )
    for code in ("kk", "en"):
        loader.pages.translation(page, loader.locales[code], TRANSPARENCY[code])
    return page
