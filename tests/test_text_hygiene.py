"""Text hygiene (portal.text): texts are kept in NFC without control or bidirectional override characters,
whatever the way in; and the outputs that cannot hold such characters (RSS, Atom, XML, XLSX, e-mail) stay
valid even for texts stored before the rule (put in the database here with an UPDATE, as old rows are).

The hostile set is 71 characters (29 C0, 33 DEL and C1, 9 bidirectional) and a decomposed letter, in one
text; it goes through HTML forms, RSS and Atom (map and briefings), Open311 XML and JSON, the map's GeoJSON,
open-data CSV, both XLSX exports and e-mail."""

import io
import json
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.core import mail
from wagtail.models import Page

from home.models import BriefingPage
from mapping.models import Issue, IssueUpdate, Report
from portal.text import clean_text
from tests.factories import IssueFactory, IssueUpdateFactory, ReportFactory, ReportPageFactory
from tests.test_report_hostile import form_data

pytestmark = pytest.mark.django_db

# Every C0 control but tab and newline, DEL and every C1 control, the bidirectional embeddings,
# overrides and isolates, and a letter with its accent typed apart.
C0 = [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"]
C1 = [chr(code) for code in range(0x7F, 0xA0)]
BIDI = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
HOSTILE = "Яма" + "".join(C0 + C1 + BIDI) + " у ЦОН\r\nвторая строка\rтретья\tс табуляцией и е\u0308лкой"
CLEAN = "Яма у ЦОН\nвторая строка\nтретья\tс табуляцией и ёлкой"
# What old rows may hold: PostgreSQL never stores a NUL byte, and forms refuse it (see below).
STORED = HOSTILE.replace("\x00", "")


def test_clean_text_keeps_words_lines_and_tabs_and_drops_the_rest():
    assert clean_text(HOSTILE) == CLEAN
    assert len(C0) + len(C1) + len(BIDI) == 29 + 33 + 9
    assert clean_text(None) is None and clean_text(5) == 5


def test_texts_are_kept_clean_whatever_the_way_in(client, map_tree):
    ReportPageFactory(parent=map_tree["home"])
    # A NUL byte is refused by every form with a message (Django's own rule); the rest is cleaned.
    refused = client.post(
        "/ru/report/", form_data(description="Текст\x00 обращения о проблеме в ЦОН", token="b" * 32)
    )
    assert refused.status_code == 400 and not Report.objects.exists()
    response = client.post(
        "/ru/report/", form_data(description=STORED + " " + "Подробности обращения. " * 3, token="a" * 32)
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.description.startswith(CLEAN)
    issue = IssueFactory(category=map_tree["services"], area=map_tree["city"], title=HOSTILE[:200])
    assert Issue.objects.get(pk=issue.pk).title == clean_text(HOSTILE[:200])


@pytest.fixture
def stored_before(map_tree):
    """A published issue, its timeline and a report whose texts were stored before the rule."""
    issue = IssueFactory(
        category=map_tree["services"],
        area=map_tree["city"],
        title="Чистый заголовок",
        location="SRID=4326;POINT(69.3912 53.2871)",
    )
    update = IssueUpdateFactory(issue=issue, status="forwarded", note="Чистая заметка")
    report = ReportFactory(issue=issue, state="accepted", contacts=True)
    Issue.objects.filter(pk=issue.pk).update(title=STORED[:200], description=STORED, address=STORED[:200])
    IssueUpdate.objects.filter(pk=update.pk).update(note=STORED)
    Report.objects.filter(pk=report.pk).update(description=STORED, name=STORED[:100])
    return {"issue": issue, "report": report}


def test_rss_stays_well_formed(client, map_tree, stored_before):
    response = client.get(map_tree["map"].url + "feed/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert any(title.startswith("Яма у ЦОН") for title in titles)


def test_open311_xml_and_json_stay_valid(client, stored_before):
    asked = {"service_request_id": stored_before["issue"].pk}
    xml = client.get("/open311/v2/requests.xml", asked)
    assert xml.status_code == 200
    requests = ET.fromstring(xml.content)
    assert any((item.findtext("description") or "").startswith("Яма у ЦОН") for item in requests)
    answer = client.get("/open311/v2/requests.json", asked)
    assert answer.status_code == 200 and json.loads(answer.content)


def test_map_api_and_open_data_stay_valid(client, stored_before):
    features = client.get("/api/v1/map/issues.geojson", {"bbox": "60,40,80,60", "zoom": 16})
    assert features.status_code == 200 and json.loads(features.content)["features"]
    download = client.get("/api/v1/open-data/issues.csv")
    assert download.status_code == 200 and b"".join(download.streaming_content)


@pytest.mark.parametrize("listing", ["report", "issue"])
def test_the_admin_xlsx_exports_stay_valid(admin_client, stored_before, listing):
    response = admin_client.get(f"/admin/snippets/mapping/{listing}/", {"export": "xlsx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert any(value.startswith("Яма у ЦОН") for value in cells)


def test_email_stays_clean(stored_before, django_capture_on_commit_callbacks, map_tree):
    from mapping.reports.notifications import notify_reporters_of_status

    ReportPageFactory(parent=map_tree["home"])
    notify_reporters_of_status.call(stored_before["issue"].pk)
    (message,) = mail.outbox
    assert "Яма у ЦОН" in message.body
    assert not any(char in message.body + message.subject for char in C0 + C1 + BIDI)


def test_the_migration_cleans_what_was_stored(stored_before):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("mapping.migrations.0022_clean_stored_text")
    migration.clean_stored_text(apps, None)
    issue = Issue.objects.get(pk=stored_before["issue"].pk)
    assert issue.title == clean_text(STORED[:200]) and issue.description == CLEAN
    assert Report.objects.get(pk=stored_before["report"].pk).description == CLEAN
    assert IssueUpdate.objects.get(issue=issue, status="forwarded").note == CLEAN


def test_the_briefings_rss_and_atom_stay_well_formed(client, briefing):
    Page.objects.filter(pk=briefing.pk).update(title=STORED[:200])
    BriefingPage.objects.filter(pk=briefing.pk).update(lead=STORED)
    index = briefing.get_parent().specific
    for feed, item_tag, namespace in (
        ("rss", "item", ""),
        ("atom", "entry", "{http://www.w3.org/2005/Atom}"),
    ):
        response = client.get(index.url + f"feed/{feed}/")
        assert response.status_code == 200, feed
        root = ET.fromstring(response.content)
        (item,) = root.iter(namespace + item_tag)
        assert item.findtext(namespace + "title").startswith("Яма у ЦОН"), feed
