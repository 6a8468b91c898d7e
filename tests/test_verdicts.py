"""The reporter's verdict: within 30 days of the resolution of the issue their report became, the reporter,
by their code, confirms it or disputes it with a comment; a dispute puts the issue back under review; the
transparency page counts both per authority."""

import datetime
import re

import pytest
from django.utils import translation

from mapping.models import Issue, ResolutionVerdict
from mapping.transparency.figures import compute_figures
from mapping.transparency.query import Period
from tests.factories import DocumentFactory, IssueFactory, ReportFactory, ReportPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(map_tree):
    issue = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        authority=map_tree["authority"],
        title="Нет очереди в ЦОН",
        status="resolved",
        resolution="Открыто второе окно.",
        evidence_document=DocumentFactory(),
    )
    report = ReportFactory(issue=issue, state="accepted", contacts=True)
    page = ReportPageFactory(parent=map_tree["home"])
    return {"issue": issue, "report": report, "status_url": page.url + "status/", "page": page}


def status_page(client, resolved):
    return client.get(resolved["status_url"], {"code": resolved["report"].display_code})


def send(client, resolved, **data):
    fields = {"code": resolved["report"].display_code, **data}
    return client.post(resolved["status_url"] + "verdict/", fields)


def ru(text):
    with translation.override("ru"):
        return translation.gettext(text)


def test_the_status_page_offers_the_verdict_and_a_confirmation_is_kept(client, resolved):
    page = status_page(client, resolved).content.decode()
    assert 'id="verdict"' in page and 'name="verdict"' in page and "csrfmiddlewaretoken" in page
    response = send(client, resolved, verdict="confirmed", comment="Спасибо, всё работает.")
    assert response.status_code == 303 and response["Location"].endswith("#verdict")
    (verdict,) = ResolutionVerdict.objects.all()
    assert verdict.verdict == "confirmed" and verdict.comment == "Спасибо, всё работает."
    assert verdict.resolved_on == resolved["issue"].resolved_on
    after = client.get(response["Location"]).content.decode()
    assert 'name="verdict"' not in after and 'id="verdict"' in after
    # The issue stays resolved; a second verdict on the same resolution is refused.
    assert Issue.objects.get(pk=resolved["issue"].pk).status == "resolved"
    again = send(client, resolved, verdict="disputed", comment="Передумал.")
    assert again.status_code == 400 and ResolutionVerdict.objects.count() == 1
    assert (
        ru("The resolution of this issue can no longer be confirmed or disputed.") in again.content.decode()
    )


def test_a_dispute_needs_a_comment_and_keeps_what_was_chosen(client, resolved):
    response = send(client, resolved, verdict="disputed", comment="   ")
    assert response.status_code == 400
    page = response.content.decode()
    assert ru("Say what is still wrong, so that staff can check it.") in page
    (disputed,) = re.findall(r'<input[^>]*value="disputed"[^>]*>', page)
    assert " checked" in disputed
    assert not ResolutionVerdict.objects.exists()


def test_a_dispute_puts_the_issue_back_under_review_in_public(
    client, resolved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, resolved, verdict="disputed", comment="Окно опять закрыто. Мой телефон 8701…")
    assert response.status_code == 303
    issue = Issue.objects.get(pk=resolved["issue"].pk)
    assert issue.status == "disputed" and issue.live and not issue.is_closed
    last = list(issue.updates.all())[-1]
    assert last.status == "disputed" and last.note and last.note_kk and last.note_en
    assert last.note_kk != last.note
    # A version in the history, and the report open again.
    assert issue.revisions.exists()
    report = resolved["report"]
    report.refresh_from_db()
    assert report.closed_at is None
    # The public sees the status, never the reporter's comment.
    page = client.get(f"/ru/map/issues/{issue.pk}/").content.decode()
    assert ru("Disputed by the reporter") in page and "Мой телефон" not in page


def test_no_verdict_after_thirty_days(client, resolved):
    old = datetime.date.today() - datetime.timedelta(days=31)
    Issue.objects.filter(pk=resolved["issue"].pk).update(resolved_on=old)
    assert 'name="verdict"' not in status_page(client, resolved).content.decode()
    response = send(client, resolved, verdict="confirmed")
    assert response.status_code == 400 and not ResolutionVerdict.objects.exists()


def test_a_bad_code_finds_nothing(client, resolved):
    response = client.post(
        resolved["status_url"] + "verdict/", {"code": "AAAA-BBBB-CCCC-DDDD", "verdict": "confirmed"}
    )
    assert response.status_code == 400 and not ResolutionVerdict.objects.exists()


def test_the_transparency_figures_count_confirmations_and_disputes(client, resolved, map_tree):
    other = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        authority=map_tree["authority"],
        status="resolved",
        resolution="Сделано.",
        evidence_document=DocumentFactory(),
    )
    second = ReportFactory(issue=other, state="accepted")
    send(client, resolved, verdict="disputed", comment="Не решено.")
    client.post(resolved["status_url"] + "verdict/", {"code": second.display_code, "verdict": "confirmed"})
    figures = compute_figures(Period())
    assert (figures["confirmed"], figures["disputed"]) == (1, 1)
    (row,) = [row for row in figures["authorities"] if row["authority_id"] == map_tree["authority"].pk]
    assert (row["confirmed"], row["disputed"]) == (1, 1)


def test_staff_read_the_comment_with_the_report(client, admin_client, resolved):
    send(client, resolved, verdict="disputed", comment="Окно снова закрыто.")
    page = admin_client.get(
        f"/admin/snippets/mapping/report/inspect/{resolved['report'].pk}/"
    ).content.decode()
    assert "Окно снова закрыто." in page
