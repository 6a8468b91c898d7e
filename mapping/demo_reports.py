"""Demo reports for the triage queue: a dozen, in every triage state, some linked to the demo issues.

Each is found again by its idempotency token, so `load_demo` run twice leaves the same reports (and codes).
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from mapping.demo_data import ISSUES
from mapping.models import Anonymity, Issue, Report, ReportPhoto, TriageState

ISSUE_TITLES = {row[0]: row[1] for row in ISSUES}

# (token, days ago, channel, state, category, area, text, place, contacts, extra)
REPORTS = [
    (
        "demo-report-01",
        0,
        "web",
        TriageState.NEW,
        "corruption",
        "kokshetau",
        "В акимате города сотрудник отдела земельных отношений намекнул, что без «благодарности» "
        "документы на участок будут рассматривать полгода.",
        ("Кокшетау, ул. Абая, 96", (53.2848, 69.3778)),
        ("Нурлан", "nurlan.demo@example.kz", "+77015550101"),
        {"photo": True},
    ),
    (
        "demo-report-02",
        1,
        "web",
        TriageState.NEW,
        "",
        "",
        "Во дворе дома по ул. Ауэзова уже неделю течёт вода из колодца, лёд на тротуаре, люди падают.",
        ("Кокшетау, ул. Ауэзова, 189", None),
        None,
        {},
    ),
    (
        "demo-report-03",
        2,
        "phone",
        TriageState.NEW,
        "public-services",
        "stepnogorsk",
        "Звонок на 1424: в ЦОН Степногорска не принимают заявления после 17:00, хотя на двери "
        "написано, что работают до 19:00.",
        ("Степногорск, 4 микрорайон, 1", (52.3522, 71.8869)),
        ("Гульнара", "", "+77775550103"),
        {},
    ),
    (
        "demo-report-04",
        4,
        "social",
        TriageState.IN_REVIEW,
        "education",
        "burabay",
        "Сообщение в Instagram: родителей в школе посёлка Бурабай обязывают сдавать по 5000 тенге "
        "на ремонт класса.",
        ("п. Бурабай, школа", None),
        None,
        {},
    ),
    (
        "demo-report-05",
        6,
        "web",
        TriageState.IN_REVIEW,
        "healthcare",
        "kokshetau",
        "В поликлинике № 2 невозможно записаться к терапевту: в приложении нет талонов, в регистратуре "
        "отправляют в приложение.",
        ("Кокшетау, поликлиника № 2", (53.2905, 69.3925)),
        ("Марина", "marina.demo@example.kz", ""),
        {"photo": True},
    ),
    (
        "demo-report-06",
        40,
        "web",
        TriageState.ACCEPTED,
        "public-services",
        "kokshetau",
        "Утром в ЦОН № 1 не работает терминал электронной очереди, люди стоят в общей очереди по два часа.",
        ("Кокшетау, ЦОН № 1", (53.2871, 69.3912)),
        ("Айдос", "aidos.demo@example.kz", "+77015550106"),
        {"issue": "psc-queue"},
    ),
    (
        "demo-report-07",
        30,
        "phone",
        TriageState.ACCEPTED,
        "corruption",
        "kokshetau",
        "Звонок на 1424: в ЦОН за ускорение выдачи справки попросили оплатить наличными без квитанции.",
        ("Кокшетау, ЦОН № 1", None),
        None,
        {"issue": "psc-fee"},
    ),
    (
        "demo-report-08",
        20,
        "web",
        TriageState.ACCEPTED,
        "utilities",
        "kokshetau",
        "Прорыв трубы у дома на ул. Горького, вода идёт по дороге второй день.",
        ("Кокшетау, ул. Горького", (53.2795, 69.3861)),
        ("Сергей", "sergey.demo@example.kz", ""),
        {"issue": "water-kokshetau-leak"},
    ),
    (
        "demo-report-09",
        19,
        "social",
        TriageState.ACCEPTED,
        "utilities",
        "kokshetau",
        "Пишу из Facebook: та же утечка на ул. Горького, её до сих пор не устранили.",
        ("Кокшетау, ул. Горького", None),
        None,
        {"issue": "water-kokshetau-leak"},
    ),
    (
        "demo-report-10",
        25,
        "web",
        TriageState.REJECTED,
        "",
        "",
        "Сосед слишком громко слушает музыку по вечерам, примите меры.",
        ("Кокшетау", None),
        ("Ольга", "olga.demo@example.kz", ""),
        {
            "rejection_reason": "Вопрос не относится к компетенции портала: о нарушении тишины сообщите "
            "участковому инспектору полиции по номеру 102."
        },
    ),
    (
        "demo-report-11",
        18,
        "web",
        TriageState.REJECTED,
        "corruption",
        "",
        "Все чиновники берут взятки.",
        ("", None),
        None,
        {
            "rejection_reason": "В сообщении нет сведений о конкретном факте: где, когда и кто. Анонимные "
            "обращения рассматриваются, только если в них есть сведения о готовящемся или совершённом "
            "уголовном правонарушении."
        },
    ),
    (
        "demo-report-12",
        12,
        "web",
        TriageState.ANSWERED,
        "public-services",
        "zerendi",
        "Подскажите, сколько стоит получить справку о несудимости в ЦОН и нужно ли платить за срочность?",
        ("с. Зеренда", None),
        ("Асель", "asel.demo@example.kz", ""),
        {
            "answer": "Справка о несудимости выдаётся бесплатно, в том числе через портал eGov. "
            "Если с вас требуют оплату, сообщите нам: это нарушение."
        },
    ),
]


def demo_photo(seed):
    """A simple drawn scene (no metadata at all), standing in for a citizen's photo."""
    image = Image.new("RGB", (960, 720), (196, 214, 228))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 480, 960, 720), fill=(120, 128, 120))
    draw.rectangle(
        (180 + seed * 40, 220, 620 + seed * 40, 480), fill=(222, 206, 176), outline=(90, 80, 70), width=6
    )
    for column in range(4):
        x = 220 + seed * 40 + column * 100
        draw.rectangle((x, 280, x + 60, 360), fill=(90, 130, 170))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue(), image.size


def load_reports(areas, categories):
    """Create or update the demo reports; returns how many there are."""
    now = timezone.now()
    for number, (token, age, channel, state, category, area, text, place, contacts, extra) in enumerate(
        REPORTS, start=1
    ):
        report = Report.objects.filter(idempotency_token=token).first() or Report(idempotency_token=token)
        address, point = place
        report.channel = channel
        report.language = "ru"
        report.description = text
        report.category = categories.get(category) if category else None
        report.area = areas.get(area) if area else None
        report.address = address
        report.latitude, report.longitude = point if point else (None, None)
        if contacts:
            report.anonymity = Anonymity.CONFIDENTIAL
            report.name, report.email, report.phone = contacts
            report.consent_at = now - datetime.timedelta(days=age)
        else:
            report.anonymity = Anonymity.ANONYMOUS
            report.consent_at = None
        report.state = state
        report.rejection_reason = extra.get("rejection_reason", "")
        report.answer = extra.get("answer", "")
        issue = Issue.objects.filter(title=ISSUE_TITLES[extra["issue"]]).first() if "issue" in extra else None
        report.issue = issue
        if issue is not None:
            report.authority = issue.authority
        received = now - datetime.timedelta(days=age, hours=number)
        closed = state in (TriageState.REJECTED, TriageState.ANSWERED) or (
            issue is not None and issue.is_closed
        )
        report.closed_at = received + datetime.timedelta(days=3) if closed else None
        report.save()
        # The received date is set by the database on creation: put it back in the demo's past.
        Report.objects.filter(pk=report.pk).update(created_at=received)
        if extra.get("photo") and not report.photos.exists():
            content, (width, height) = demo_photo(number % 5)
            photo = ReportPhoto(report=report, width=width, height=height)
            photo.file.save(f"demo-{token}.jpg", ContentFile(content), save=False)
            photo.save()
    return len(REPORTS)
