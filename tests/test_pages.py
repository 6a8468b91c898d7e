"""Page types: where each may be created, and that each is routable, renders and previews (Wagtail's own
page assertions). These are Django TestCase classes, kept in this module: a TestCase closes the database
connection after its class, which would end the shared transaction of a module that builds its site once
(tests/conftest.py)."""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from ethics.models import EthicsGuidePage, EthicsSelfCheckPage, EthicsTopicPage
from home.models import BriefingIndexPage, BriefingPage, HomePage
from mapping.models import MapPage, MonitoringVisitPage, ProblemObjectPage, TransparencyPage
from tests.conftest import build_site
from tests.factories import (
    BriefingPageFactory,
    EthicsGuidePageFactory,
    EthicsSelfCheckPageFactory,
    EthicsTopicPageFactory,
    ImageFactory,
    MapPageFactory,
)
from tests.test_ethics import self_check_form


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(BriefingIndexPage, HomePage)

    def test_briefing_index_lives_under_a_home_page(self):
        self.assertCanCreateAt(HomePage, BriefingIndexPage)
        self.assertCanNotCreateAt(Page, BriefingIndexPage)
        self.assertCanNotCreateAt(BriefingIndexPage, BriefingIndexPage)

    def test_briefings_live_under_the_index_only(self):
        self.assertCanCreateAt(BriefingIndexPage, BriefingPage)
        self.assertCanNotCreateAt(HomePage, BriefingPage)
        self.assertCanNotCreateAt(BriefingPage, BriefingPage)
        self.assertAllowedSubpageTypes(BriefingPage, set())
        self.assertAllowedParentPageTypes(BriefingPage, {BriefingIndexPage})

    def test_only_one_briefing_index_per_home(self):
        tree = build_site()
        self.assertFalse(BriefingIndexPage.can_create_at(tree["home"]))


class LocalisedPageTestCase(WagtailPageTestCase):
    """Wagtail's page assertions, aware that every public URL starts with a language prefix."""

    def assertPageIsRoutable(self, page, route_path="/", msg=None):
        path = page.get_url(self.dummy_request).rstrip("/") + "/" + route_path.lstrip("/")
        components = [part for part in path.split("/") if part]
        languages = {code for code, _name in settings.LANGUAGES}
        if components and components[0] in languages:
            components = components[1:]
        try:
            with translation.override(page.locale.language_code):
                root = page.get_site().root_page.localized.specific
            routed, _args, _kwargs = root.route(self.dummy_request, components)
        except Http404:
            self.fail(msg or f"Failed to route to {path!r}")
        if route_path == "/":
            self.assertEqual(routed.pk, page.pk)


class PagesRenderTests(LocalisedPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.briefing = BriefingPageFactory(parent=cls.tree["index"], image=ImageFactory())
        cls.briefing.participants.create(name="Райхан Братаева", position="заместитель руководителя")
        cls.briefing.save_revision().publish()

    def test_every_page_type_is_routable_and_renders(self):
        for page in (self.tree["home"], self.tree["homes"]["kk"], self.tree["index"], self.briefing):
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_briefing_index_feed_routes_are_routable(self):
        self.assertPageIsRoutable(self.tree["index"], "feed/rss/")
        self.assertPageIsRoutable(self.tree["index"], "feed/atom/")

    def test_previews_render(self):
        briefing_data = nested_form_data(
            {
                "title": "Предпросмотр брифинга",
                "slug": "preview",
                "held_at": "2025-03-06 11:00",
                "lead": "Лид",
                "body": streamfield([("heading", {"text": "Заголовок", "level": "h2"})]),
                "participants": {
                    "TOTAL_FORMS": 0,
                    "INITIAL_FORMS": 0,
                    "MIN_NUM_FORMS": 0,
                    "MAX_NUM_FORMS": 1000,
                },
                "related_links": {
                    "TOTAL_FORMS": 0,
                    "INITIAL_FORMS": 0,
                    "MIN_NUM_FORMS": 0,
                    "MAX_NUM_FORMS": 1000,
                },
                "tags": "",
            }
        )
        self.assertPageIsPreviewable(self.briefing, post_data=briefing_data)
        home_data = nested_form_data({"title": "Главная", "slug": "home", "channels": streamfield([])})
        self.assertPageIsPreviewable(self.tree["home"], post_data=home_data)

    def test_an_unknown_path_is_a_404(self):
        response = self.client.get("/ru/briefings/no-such-briefing/")
        self.assertEqual(response.status_code, 404)
        response = self.client.get("/ru/briefings/no-such-briefing/deeper/")
        self.assertEqual(response.status_code, 404)

    def test_a_draft_briefing_is_not_served(self):
        draft = BriefingPageFactory(parent=self.tree["index"], live=False, slug="draft-briefing")
        self.assertEqual(self.client.get("/ru/briefings/draft-briefing/").status_code, 404)
        draft.save_revision().publish()
        self.assertEqual(self.client.get("/ru/briefings/draft-briefing/").status_code, 200)


class EthicsPageTreeTests(WagtailPageTestCase):
    def test_guide_lives_under_a_home_page_once(self):
        self.assertCanCreateAt(HomePage, EthicsGuidePage)
        self.assertCanNotCreateAt(Page, EthicsGuidePage)
        self.assertCanNotCreateAt(BriefingIndexPage, EthicsGuidePage)
        self.assertCanNotCreateAt(EthicsGuidePage, EthicsGuidePage)
        tree = build_site()
        EthicsGuidePageFactory(parent=tree["home"])
        self.assertFalse(EthicsGuidePage.can_create_at(tree["home"]))
        self.assertTrue(EthicsGuidePage.can_create_at(tree["homes"]["kk"]))

    def test_topics_and_self_checks_live_under_the_guide_only(self):
        self.assertAllowedSubpageTypes(EthicsGuidePage, {EthicsTopicPage, EthicsSelfCheckPage})
        self.assertAllowedParentPageTypes(EthicsTopicPage, {EthicsGuidePage})
        self.assertAllowedParentPageTypes(EthicsSelfCheckPage, {EthicsGuidePage})
        self.assertAllowedSubpageTypes(EthicsTopicPage, set())
        self.assertAllowedSubpageTypes(EthicsSelfCheckPage, set())


class EthicsPreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.guide = EthicsGuidePageFactory(parent=cls.tree["home"])
        cls.topic = EthicsTopicPageFactory(parent=cls.guide)
        cls.check = EthicsSelfCheckPageFactory(parent=cls.guide)

    def test_previews_of_every_guide_page_render(self):
        guide_data = nested_form_data(
            {"title": "Этика", "slug": "ethics", "introduction": rich_text("<p>Вступление</p>")}
        )
        self.assertPageIsPreviewable(self.guide, post_data=guide_data)
        topic_data = nested_form_data(
            {
                "title": "Тема",
                "slug": "topic",
                "summary": "Коротко",
                "body": streamfield([("key_point", {"text": "Главное"})]),
            }
        )
        self.assertPageIsPreviewable(self.topic, post_data=topic_data)
        check_data = self_check_form(("question", "start", [("Да", "end")]), ("outcome", "end"))
        self.assertPageIsPreviewable(self.check, post_data=check_data)


class MapPageRulesTests(WagtailPageTestCase):
    def test_where_map_pages_live(self):
        self.assertCanCreateAt(HomePage, MapPage)
        self.assertCanNotCreateAt(MapPage, MapPage)
        self.assertCanCreateAt(MapPage, ProblemObjectPage)
        self.assertCanNotCreateAt(HomePage, ProblemObjectPage)
        self.assertAllowedSubpageTypes(ProblemObjectPage, set())

    def test_one_map_page_per_home(self):
        tree = build_site()
        MapPageFactory(parent=tree["home"])
        self.assertFalse(MapPage.can_create_at(tree["home"]))


class VisitPageRulesTests(WagtailPageTestCase):
    def test_where_visit_and_transparency_pages_live(self):
        self.assertCanCreateAt(MapPage, MonitoringVisitPage)
        self.assertCanNotCreateAt(HomePage, MonitoringVisitPage)
        self.assertCanNotCreateAt(ProblemObjectPage, MonitoringVisitPage)
        self.assertAllowedSubpageTypes(MonitoringVisitPage, set())
        self.assertCanCreateAt(HomePage, TransparencyPage)
        self.assertCanNotCreateAt(MapPage, TransparencyPage)
        self.assertAllowedSubpageTypes(TransparencyPage, set())
