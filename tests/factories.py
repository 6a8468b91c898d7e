"""Factories for the portal's pages and settings."""

import datetime
import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from home.models import BriefingIndexPage, BriefingPage, BriefingParticipant, HomePage


def image_file(name="test.png", size=(64, 36), colour=(0, 88, 107)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Image {n}")
    description = "Фотография с брифинга"
    file = factory.LazyFunction(image_file)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Карта общественного контроля"
    slug = "home"
    hero_heading = "Карта общественного контроля"


class BriefingIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BriefingIndexPage

    title = "Брифинги"
    slug = "briefings"
    show_in_menus = True


class BriefingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BriefingPage

    title = factory.Sequence(lambda n: f"Брифинг номер {n}")
    slug = factory.Sequence(lambda n: f"briefing-{n}")
    held_at = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2025, 1, 1, 11, 0)) + datetime.timedelta(days=n)
    )
    venue = "Региональная служба коммуникаций"
    lead = "Состоялся брифинг о работе департамента."


class BriefingParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingParticipant

    page = factory.SubFactory(BriefingPageFactory)
    name = factory.Sequence(lambda n: f"Участник {n}")
    position = "заместитель руководителя департамента"
    organisation = "Департамент"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Area"

    name = factory.Sequence(lambda n: f"Район {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    level = "district"
    centre_latitude = 53.28
    centre_longitude = 69.38


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Category"

    name = factory.Sequence(lambda n: f"Категория {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    symbol = "К"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Authority"

    name = factory.Sequence(lambda n: f"Орган {n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Issue"

    title = factory.Sequence(lambda n: f"Проблема {n}")
    description = "Описание проблемы для публикации."
    category = factory.SubFactory(CategoryFactory)
    area = factory.SubFactory(AreaFactory)
    location = "SRID=4326;POINT(69.3900 53.2800)"
    published = True
    registered_on = datetime.date(2025, 3, 3)


class MapPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "mapping.MapPage"

    title = "Карта"
    slug = "map"
    show_in_menus = True


class ProblemObjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "mapping.ProblemObjectPage"

    title = factory.Sequence(lambda n: f"ЦОН № {n}")
    slug = factory.Sequence(lambda n: f"object-{n}")
    object_type = "psc"
    location = "SRID=4326;POINT(69.3912 53.2871)"


class ReportPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "mapping.ReportPage"

    title = "Сообщить о нарушении"
    slug = "report"
    intro = "<p>Сообщите о любом нарушении.</p>"
    anonymous_help = "<p>Анонимные обращения рассматриваются, если речь о преступлении.</p>"


class MonitoringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.MonitoringGroup"

    name = factory.Sequence(lambda n: f"Мониторинговая группа {n}")
    contact_email = "group@example.kz"


class MonitoringVisitPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "mapping.MonitoringVisitPage"

    title = factory.Sequence(lambda n: f"Мониторинговый визит {n}")
    slug = factory.Sequence(lambda n: f"visit-{n}")
    group = factory.SubFactory(MonitoringGroupFactory)
    visited_on = datetime.date(2025, 3, 1)
    location = "SRID=4326;POINT(69.3912 53.2871)"
    findings = "<p>Группа отметила очереди.</p>"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Recommendation"

    page = factory.SubFactory(MonitoringVisitPageFactory)
    text = factory.Sequence(lambda n: f"Рекомендация {n}")
    authority = factory.SubFactory(AuthorityFactory)
    deadline = datetime.date(2025, 4, 1)
    status = "proposed"
    progress = 0


class TransparencyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "mapping.TransparencyPage"

    title = "Прозрачность"
    slug = "transparency"


class EthicsGuidePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "ethics.EthicsGuidePage"

    title = "Этика и нормы государственного служащего"
    slug = "ethics"
    introduction = "<p>Памятка госслужащему.</p>"
    prepared_by = "Академия государственного управления при Президенте Республики Казахстан"
    edition_date = datetime.date(2025, 3, 6)


class EthicsTopicPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "ethics.EthicsTopicPage"

    title = factory.Sequence(lambda n: f"Тема {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    summary = "Коротко о теме."
    body = factory.LazyFunction(
        lambda: [
            {"type": "principle", "value": {"text": "Ведите себя достойно."}},
            {
                "type": "situation",
                "value": {
                    "title": "Подарок от посетителя",
                    "situation": "Посетитель приносит подарок.",
                    "what_to_do": "<p>Откажитесь.</p>",
                },
            },
            {
                "type": "questions",
                "value": {
                    "heading": "",
                    "entries": [{"question": "Можно ли?", "answer": "<p>Нет.</p>"}],
                },
            },
        ]
    )


def self_check_steps(*steps):
    """Self-check StreamField data from ("question", key, [(label, target), ...]) and ("outcome", key)."""
    data = []
    for step in steps:
        if step[0] == "question":
            answers = [{"label": label, "target": target} for label, target in step[2]]
            value = {"key": step[1], "question": f"Вопрос {step[1]}?", "explanation": "", "answers": answers}
        else:
            value = {
                "key": step[1],
                "title": f"Итог {step[1]}",
                "level": "ok",
                "advice": "<p>Совет.</p>",
                "references": [],
            }
        data.append({"type": step[0], "value": value})
    return data


class EthicsSelfCheckPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "ethics.EthicsSelfCheckPage"

    title = "Самопроверка"
    slug = "self-check"
    steps = factory.LazyFunction(
        lambda: self_check_steps(
            ("question", "start", [("Да", "second"), ("Нет", "fine")]),
            ("question", "second", [("Да", "conflict"), ("Нет", "fine")]),
            ("outcome", "conflict"),
            ("outcome", "fine"),
        )
    )
