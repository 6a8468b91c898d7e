"""Factories for every model of the portal's apps (portal, home, ethics, mapping) and the images they use."""

import datetime
import io
import uuid

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.models import BriefingIndexPage, BriefingPage, BriefingParticipant, HomePage
from mapping.models import Anonymity, SourceChannel, TriageState


def image_file(name="test.png", size=(64, 36), colour=(0, 88, 107)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return ImageFile(buffer, name=name)


def jpeg_file(name="photo.jpg", size=(40, 30), colour=(200, 30, 30)):
    """A small real JPEG, without metadata, as a report photo is once re-encoded."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name=name)


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


class BriefingRelatedPageFactory(factory.django.DjangoModelFactory):
    """A page a briefing points readers to (by default another briefing)."""

    class Meta:
        model = "home.BriefingRelatedPage"

    briefing = factory.SubFactory(BriefingPageFactory)
    page = factory.SubFactory(BriefingPageFactory)


class TagFactory(factory.django.DjangoModelFactory):
    """A tag (taggit's), reused when one of the same name exists."""

    class Meta:
        model = "taggit.Tag"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"тема {n}")


class BriefingPageTagFactory(factory.django.DjangoModelFactory):
    """A tag on a briefing."""

    class Meta:
        model = "home.BriefingPageTag"

    content_object = factory.SubFactory(BriefingPageFactory)
    tag = factory.SubFactory(TagFactory)


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    """The site settings of a site (the existing ones when the site has them), with contacts filled in."""

    class Meta:
        model = "portal.SiteSettings"
        django_get_or_create = ("site",)

    site = factory.SubFactory(wagtail_factories.SiteFactory)
    hotline_number = "1424"
    phone = "+7 7162 25 00 00"
    email = "akmola@example.kz"
    postal_address = "г. Кокшетау, ул. Абая, 96"
    working_hours = "пн–пт, 9:00–18:30"
    telegram_url = "https://t.me/example"
    instagram_url = "https://www.instagram.com/example/"
    personal_data_notice = "<p>Персональные данные обрабатываются в соответствии с законом.</p>"
    ethics_commissioner_name = "Уполномоченный по этике"
    ethics_commissioner_phone = "+7 7162 25 00 01"
    ethics_commissioner_email = "ethics@example.kz"


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
    live = True
    registered_on = datetime.date(2025, 3, 3)


class IssueUpdateFactory(factory.django.DjangoModelFactory):
    """An entry of an issue's public timeline (the issue itself adds one for each status change)."""

    class Meta:
        model = "mapping.IssueUpdate"

    issue = factory.SubFactory(IssueFactory)
    date = datetime.date(2025, 3, 5)
    status = "forwarded"
    note = "Передано в акимат."


class IssuePhotoFactory(factory.django.DjangoModelFactory):
    """A photo published with an issue."""

    class Meta:
        model = "mapping.IssuePhoto"

    issue = factory.SubFactory(IssueFactory)
    image = factory.SubFactory(ImageFactory)
    alt_text = "Фото проблемы"
    caption = ""


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


class ProblemObjectPhotoFactory(factory.django.DjangoModelFactory):
    """A photo of a problem object."""

    class Meta:
        model = "mapping.ProblemObjectPhoto"

    page = factory.SubFactory(ProblemObjectPageFactory)
    image = factory.SubFactory(ImageFactory)
    alt_text = "Вход в здание"
    caption = ""


class PartnerApiKeyFactory(factory.django.DjangoModelFactory):
    """A partner's Open311 key issued as staff issue it (only its hash kept); the key itself is `raw_key`."""

    class Meta:
        model = "mapping.PartnerApiKey"

    name = factory.Sequence(lambda n: f"Городское приложение {n}")
    contact_email = "dev@example.kz"
    active = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        key = model_class(*args, **kwargs)
        key.raw_key = key.set_new_key()
        return key

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key = cls._build(model_class, *args, **kwargs)
        key.save()
        return key


class ReportFactory(factory.django.DjangoModelFactory):
    """A new web report without contacts; `contacts=True` adds them, `photos=N` attaches N photos."""

    class Meta:
        model = "mapping.Report"
        skip_postgeneration_save = True

    class Params:
        contacts = factory.Trait(
            name="Айгерим Сериккызы",
            email="aigerim@example.kz",
            phone="+77012345678",
            consent_at=factory.LazyFunction(timezone.now),
        )

    # `code` is generated when the report is saved.
    language = "ru"
    channel = SourceChannel.WEB
    description = "В ЦОН № 1 просили деньги за ускорение справки."
    anonymity = Anonymity.CONFIDENTIAL
    state = TriageState.NEW

    @factory.post_generation
    def photos(self, create, extracted, **kwargs):
        if create:
            for _ in range(extracted or 0):
                ReportPhotoFactory(report=self, **kwargs)


class ReportPhotoFactory(factory.django.DjangoModelFactory):
    """A report's photo: a small real JPEG in the private storage (`size=(w, h)` sets its size).

    `pending=True`: a photo still waiting for the task worker, its `original` the upload as it came
    (`upload=ContentFile(...)` sets it; by default a small JPEG) and its `file` empty.
    """

    class Meta:
        model = "mapping.ReportPhoto"

    class Params:
        size = (40, 30)
        upload = None
        pending = factory.Trait(
            file="",
            original=factory.LazyAttribute(
                lambda photo: photo.upload or jpeg_file(f"{uuid.uuid4().hex}.upload", size=photo.size)
            ),
        )

    report = factory.SubFactory(ReportFactory)
    file = factory.LazyAttribute(lambda photo: jpeg_file(size=photo.size))
    width = factory.LazyAttribute(lambda photo: photo.size[0])
    height = factory.LazyAttribute(lambda photo: photo.size[1])


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


class MonitoringGroupMemberFactory(factory.django.DjangoModelFactory):
    """A member of a monitoring group, from civil society by default."""

    class Meta:
        model = "mapping.MonitoringGroupMember"

    group = factory.SubFactory(MonitoringGroupFactory)
    name = factory.Sequence(lambda n: f"Член группы {n}")
    role = "член группы"
    sector = "civil_society"
    organisation = "Общественное объединение «Адал»"


class MonitoringVisitPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "mapping.MonitoringVisitPage"

    title = factory.Sequence(lambda n: f"Мониторинговый визит {n}")
    slug = factory.Sequence(lambda n: f"visit-{n}")
    group = factory.SubFactory(MonitoringGroupFactory)
    visited_on = datetime.date(2025, 3, 1)
    location = "SRID=4326;POINT(69.3912 53.2871)"
    findings = "<p>Группа отметила очереди.</p>"


class MonitoringVisitPhotoFactory(factory.django.DjangoModelFactory):
    """A photo taken during a monitoring visit."""

    class Meta:
        model = "mapping.MonitoringVisitPhoto"

    page = factory.SubFactory(MonitoringVisitPageFactory)
    image = factory.SubFactory(ImageFactory)
    alt_text = "Очередь в зале ожидания"
    caption = ""


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mapping.Recommendation"

    page = factory.SubFactory(MonitoringVisitPageFactory)
    text = factory.Sequence(lambda n: f"Рекомендация {n}")
    authority = factory.SubFactory(AuthorityFactory)
    deadline = datetime.date(2025, 4, 1)
    status = "proposed"
    progress = 0


class RecommendationProgressFactory(factory.django.DjangoModelFactory):
    """A dated note on how a recommendation is carried out (after the default visit, without a percentage)."""

    class Meta:
        model = "mapping.RecommendationProgress"

    recommendation = factory.SubFactory(RecommendationFactory)
    date = datetime.date(2025, 3, 10)
    progress = None
    note = "Работа начата."


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


class DocumentFactory(factory.django.DjangoModelFactory):
    """A Wagtail document: an authority's official reply, say."""

    class Meta:
        model = get_document_model()

    title = "Ответ акимата"
    file = factory.django.FileField(filename="otvet.pdf", data=b"%PDF-1.4\n%%EOF\n")
