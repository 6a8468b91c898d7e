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
