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
