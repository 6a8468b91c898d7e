"""The families of cached data that follow their own generation rather than every publish: a visit's
details, the lists of briefings, the ethics guide's table of contents. Each changes at once with what it
shows, and a leaf page's publish elsewhere leaves the chrome's generation be (the page cache off, so that
every read is rendered)."""

import pytest

from home.models import BriefingParticipant
from mapping.models import MonitoringVisitPage, RecommendationStatus
from portal.cache import CHROME_GENERATION_KEY, content_generation
from tests.factories import BriefingPageFactory, EthicsTopicPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(page_cache_off):
    """Every read below is rendered (the page cache would answer them otherwise)."""


def test_a_visit_page_follows_its_recommendations_and_group(client, demo):
    visit = MonitoringVisitPage.objects.live().filter(locale__language_code="ru").first()
    recommendation = visit.recommendations.first()
    html = client.get(visit.url).content.decode()
    assert visit.group.name in html
    group = visit.group
    group.name = "Новая мониторинговая группа"
    group.save()
    assert "Новая мониторинговая группа" in client.get(visit.url).content.decode()
    recommendation.status = RecommendationStatus.REJECTED
    recommendation.progress = 0
    recommendation.implemented_on = None
    recommendation.rejection_reason = "Нет средств"
    recommendation.save()
    assert "Нет средств" in client.get(visit.url).content.decode()


def test_the_lists_of_briefings_follow_every_briefing_at_once(client, site_tree):
    """The home page's latest briefings and the index's list are rendered once per generation of the
    briefings (home.signals): a briefing's publish and unpublish show at once, without a new chrome."""
    index = site_tree["index"]
    assert "Брифинг о дорогах" not in client.get("/ru/").content.decode()
    assert "Брифинг о дорогах" not in client.get(index.url).content.decode()
    chrome = content_generation(CHROME_GENERATION_KEY)
    briefing = BriefingPageFactory(parent=index, title="Брифинг о дорогах", slug="roads", live=False)
    briefing.save_revision().publish()
    assert content_generation(CHROME_GENERATION_KEY) == chrome
    assert "Брифинг о дорогах" in client.get("/ru/").content.decode()
    assert "Брифинг о дорогах" in client.get(index.url).content.decode()
    briefing.refresh_from_db()
    briefing.unpublish()
    assert "Брифинг о дорогах" not in client.get("/ru/").content.decode()
    assert "Брифинг о дорогах" not in client.get(index.url).content.decode()


def test_the_guide_s_contents_follow_its_topics_at_once(client, ethics_guide):
    # The last topic's page links to the next one: the new topic, once it is published.
    guide, topic = ethics_guide["guide"], ethics_guide["topics"][-1]
    assert "Подарки и гостеприимство" not in client.get(topic.url).content.decode()
    chrome = content_generation(CHROME_GENERATION_KEY)
    added = EthicsTopicPageFactory(parent=guide, title="Подарки и гостеприимство", slug="gifts", live=False)
    added.save_revision().publish()
    assert content_generation(CHROME_GENERATION_KEY) == chrome  # a leaf page: the chrome is kept
    assert "Подарки и гостеприимство" in client.get(topic.url).content.decode()
    assert "Подарки и гостеприимство" in client.get(guide.url).content.decode()
    added.refresh_from_db()
    added.unpublish()
    assert "Подарки и гостеприимство" not in client.get(topic.url).content.decode()


def test_a_briefing_s_preview_shows_its_draft_not_the_kept_fragment(client, site_tree):
    """The picture, participants and tags are kept per live revision; a preview renders its draft."""
    briefing = BriefingPageFactory(parent=site_tree["index"], slug="preview", live=False)
    briefing.participants.add(BriefingParticipant(name="Айгуль Сериковна"))
    briefing.save_revision().publish()
    briefing.refresh_from_db()
    assert "Айгуль Сериковна" in client.get(briefing.url).content.decode()  # kept now
    draft = briefing.get_latest_revision_as_object()
    draft.participants = [BriefingParticipant(name="Ерлан Маратович")]
    preview = draft.make_preview_request(preview_mode="")
    preview.render()
    html = preview.content.decode()
    assert "Ерлан Маратович" in html and "Айгуль Сериковна" not in html
    assert "Айгуль Сериковна" in client.get(briefing.url).content.decode()  # the live page is unchanged
    draft.save_revision().publish()
    live = client.get(briefing.url).content.decode()
    assert "Ерлан Маратович" in live and "Айгуль Сериковна" not in live
