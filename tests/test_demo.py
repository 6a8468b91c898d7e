"""`load_demo` builds the whole demo site, and running it again changes nothing."""

from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from home.models import BriefingPage, BriefingParticipant, HomePage
from portal.models import SiteSettings

SEED_TITLE = "Представлен проект «Карта общественного контроля»"


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "locale__language_code", "live", "title")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "participants": BriefingParticipant.objects.count(),
        "sites": Site.objects.count(),
        "settings": SiteSettings.objects.count(),
    }


def test_load_demo_is_idempotent(demo):
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first


def test_demo_builds_a_trilingual_site_with_briefings(demo, client):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.locale.language_code == "ru"
    languages = set(home.get_translations(inclusive=True).values_list("locale__language_code", flat=True))
    assert languages == {"ru", "kk", "en"}
    assert BriefingPage.objects.live().filter(locale__language_code="ru").count() >= 6
    settings = SiteSettings.for_site(site)
    assert settings.hotline_number == "1424"
    assert settings.social_links and settings.personal_data_notice
    for url in ("/ru/", "/kk/", "/en/"):
        assert client.get(url).status_code == 200


def test_seed_briefing_is_rendered_faithfully(demo, client):
    seed = BriefingPage.objects.get(title=SEED_TITLE, locale__language_code="ru")
    html = client.get(seed.url).content.decode()
    for text in (
        "Братаева",
        "Шуль",
        "ОО «Наше право»",
        "Региональной службы коммуникаций Акмолинской области",
        "Этика и нормы государственного служащего",
        "Академией государственного управления при Президенте",
        "До конца текущего года мы планируем посетить все регионы области",
    ):
        assert text in html, text
    assert "<blockquote" in html
    assert seed.held_at.date().isoformat().endswith("03-06")


def test_every_demo_briefing_has_an_image_with_alternative_text(demo):
    for briefing in BriefingPage.objects.live():
        assert briefing.image is not None, briefing.title
        assert briefing.image.description, briefing.title


def test_demo_map_covers_every_status_category_and_area(demo, client):
    from mapping.models import Area, Category, Issue, IssueStatus, MapPage, ProblemObjectPage

    issues = Issue.objects.published()
    assert issues.count() >= 40
    assert ProblemObjectPage.objects.live().count() >= 8
    assert set(issues.values_list("status", flat=True)) == set(IssueStatus.values)
    default = Category.objects.filter(locale__language_code="ru")
    assert set(issues.values_list("category_id", flat=True)) == set(default.values_list("pk", flat=True))
    areas = Area.objects.filter(locale__language_code="ru")
    assert set(issues.values_list("area_id", flat=True)) == set(areas.values_list("pk", flat=True))
    assert issues.overdue().exists()
    assert issues.filter(extended_until__isnull=False).exclude(extension_reason="").exists()
    assert issues.filter(status=IssueStatus.DUPLICATE, duplicate_of__isnull=False).exists()
    assert issues.filter(category__sensitive=True).exists()
    assert all(issue.updates.exists() for issue in issues)
    assert {p.locale.language_code for p in MapPage.objects.live()} == {"ru", "kk", "en"}
    # Reference data is translated: the Kazakh map names areas in Kazakh.
    assert "Көкшетау" in client.get("/kk/map/").content.decode()


def test_demo_reports_fill_the_triage_queue_in_every_state(demo, client):
    from mapping.models import Report, ReportPage, TriageState

    reports = Report.objects.all()
    assert reports.count() == 12
    assert set(reports.values_list("state", flat=True)) == set(TriageState.values)
    linked = reports.filter(issue__isnull=False)
    assert linked.count() >= 3 and all(report.state == TriageState.ACCEPTED for report in linked)
    assert reports.filter(anonymity="anonymous", email="", name="", phone="").exists()
    assert set(reports.values_list("channel", flat=True)) >= {"web", "phone", "social"}
    assert reports.filter(photos__isnull=False).exists()
    codes = dict(reports.values_list("idempotency_token", "code"))
    call_command("load_demo", verbosity=0)
    assert dict(Report.objects.values_list("idempotency_token", "code")) == codes
    assert {p.locale.language_code for p in ReportPage.objects.live()} == {"ru", "kk", "en"}
    # A linked report's code shows its issue's public status.
    followed = linked.select_related("issue").first()
    page = ReportPage.objects.get(locale__language_code="ru")
    html = client.get(page.url + "status/", {"code": followed.code}).content.decode()
    assert followed.issue.get_status_display() in html
