"""CSP violation reports: the endpoint our policy names, what it keeps (folded, without personal data),
what it refuses, its rate limit, and the administrators' read-only list."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.csp_reports.models import CspReport, prune
from portal.csp_reports.parsing import user_agent_family
from portal.csp_reports.views import MAX_BYTES

pytestmark = pytest.mark.django_db

URL = "/csp-report/"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


def report_uri_body(**changes):
    """A report as Firefox sends it to `report-uri`."""
    report = {
        "blocked-uri": "https://evil.example.com/x.js?session=abc#frag",
        "document-uri": "https://portal.example.kz/ru/report/status/?code=ABCD-EFGH-JKMN-PQRS",
        "effective-directive": "script-src-elem",
        "violated-directive": "script-src-elem",
        "original-policy": "default-src 'none'; script-src 'self'",
        "referrer": "",
        "source-file": "https://portal.example.kz/static/mapping/js/issue-map.js?v=1",
        "line-number": 12,
        "column-number": 5,
        "status-code": 200,
        "disposition": "enforce",
        "script-sample": "alert('personal data')",
        **changes,
    }
    return json.dumps({"csp-report": report})


def reporting_api_body(*bodies):
    """Reports as Chromium sends them to the `report-to` endpoint (with a report of another kind)."""
    reports = [
        {"type": "csp-violation", "age": 10, "url": body["documentURL"], "user_agent": CHROME, "body": body}
        for body in bodies
    ]
    reports.append({"type": "deprecation", "age": 1, "url": "https://portal.example.kz/ru/", "body": {}})
    return json.dumps(reports)


IMAGE_BLOCKED = {
    "documentURL": "https://portal.example.kz/ru/map/?status=resolved",
    "blockedURL": "https://tiles.example.org/5/10/12.png",
    "effectiveDirective": "img-src",
    "originalPolicy": "default-src 'none'",
    "disposition": "enforce",
    "statusCode": 200,
}


def post(client, body, content_type="application/csp-report", address="10.1.2.3", **extra):
    """Post `body` as a browser set to English would (the refusals speak the browser's language)."""
    headers = {"HTTP_USER_AGENT": FIREFOX, "HTTP_ACCEPT_LANGUAGE": "en", **extra}
    return client.generic("POST", URL, body, content_type=content_type, REMOTE_ADDR=address, **headers)


def test_the_policy_names_the_endpoint_on_our_own_host(client, settings):
    assert reverse("csp_report") == settings.CSP_REPORT_PATH == URL
    response = client.get("/robots.txt", secure=True)
    policy = response["Content-Security-Policy"]
    assert f"report-uri {URL}" in policy
    assert f"report-to {settings.CSP_REPORT_ENDPOINT}" in policy
    assert response["Reporting-Endpoints"] == f'{settings.CSP_REPORT_ENDPOINT}="{URL}"'


def test_over_plain_http_the_policy_keeps_report_uri_alone(client):
    """The Reporting API delivers to HTTPS only, and a browser that reads `report-to` ignores
    `report-uri`: without HTTPS, `report-uri` is the way reports come."""
    response = client.get("/robots.txt")
    policy = response["Content-Security-Policy"]
    assert f"report-uri {URL}" in policy and "report-to" not in policy
    assert "Reporting-Endpoints" not in response


def test_a_report_is_kept_without_query_strings_samples_or_the_full_user_agent(client):
    response = post(client, report_uri_body())
    assert response.status_code == 204
    report = CspReport.objects.get()
    assert report.directive == "script-src-elem"
    assert report.blocked_uri == "https://evil.example.com/x.js"
    assert report.document_path == "/ru/report/status/"
    assert report.source_file == "https://portal.example.kz/static/mapping/js/issue-map.js"
    assert report.line_number == 12
    assert report.user_agent_family == "Firefox"
    assert report.count == 1 and report.first_seen == report.last_seen
    stored = " ".join(str(value) for value in CspReport.objects.values().get().values())
    assert "ABCD" not in stored and "session" not in stored and "personal" not in stored


def test_identical_reports_are_folded_into_one_row_with_a_count(client):
    post(client, report_uri_body())
    # Another query string on the same page and file is the same violation.
    post(client, report_uri_body(**{"document-uri": "https://portal.example.kz/ru/report/status/?code=ZZZ"}))
    post(client, report_uri_body(**{"line-number": 13}))
    assert CspReport.objects.count() == 2
    folded = CspReport.objects.get(line_number=12)
    assert folded.count == 2 and folded.last_seen >= folded.first_seen


def test_the_reporting_api_format_is_read_and_other_kinds_of_report_ignored(client):
    response = post(
        client,
        reporting_api_body(
            IMAGE_BLOCKED, IMAGE_BLOCKED, {**IMAGE_BLOCKED, "blockedURL": "inline", "sample": "x"}
        ),
        content_type="application/reports+json",
    )
    assert response.status_code == 204
    rows = {row.blocked_uri: row for row in CspReport.objects.all()}
    assert set(rows) == {"https://tiles.example.org/5/10/12.png", "inline"}
    tile = rows["https://tiles.example.org/5/10/12.png"]
    assert (tile.directive, tile.document_path, tile.count) == ("img-src", "/ru/map/", 2)
    # The report's own user agent, not the one of the request that delivered it.
    assert tile.user_agent_family == "Chrome"


def test_the_directive_falls_back_to_the_violated_one(client):
    body = report_uri_body(**{"effective-directive": "", "violated-directive": "style-src 'self'"})
    assert post(client, body).status_code == 204
    assert CspReport.objects.get().directive == "style-src"


def test_text_is_cleaned_as_every_text_the_portal_keeps(client):
    post(client, report_uri_body(**{"blocked-uri": "https://evil.example.com/a\u202eb\u0000c.js"}))
    assert CspReport.objects.get().blocked_uri == "https://evil.example.com/abc.js"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/csp-report"),
        (json.dumps({"something": "else"}), "application/csp-report"),
        (json.dumps({"csp-report": {"blocked-uri": "inline"}}), "application/csp-report"),
        (
            json.dumps({"csp-report": {"effective-directive": "<script>", "blocked-uri": "x"}}),
            "application/json",
        ),
        (json.dumps({"type": "csp-violation"}), "application/reports+json"),
        (json.dumps([{"type": "csp-violation", "body": "text"}]), "application/reports+json"),
        (json.dumps([IMAGE_BLOCKED] * 21), "application/reports+json"),
        (b"\xff\xfe{}", "application/csp-report"),
    ],
)
def test_a_malformed_report_is_refused_with_400(client, body, content_type):
    response = post(client, body, content_type=content_type)
    assert response.status_code == 400
    assert response.content.decode() == "The report is not a CSP violation report."
    assert not CspReport.objects.exists()


def test_a_refusal_speaks_the_browsers_language(client):
    response = post(client, "{not json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.content.decode() == "Это не отчёт о нарушении CSP."


def test_another_content_type_is_refused_with_415(client):
    response = post(client, "directive=script-src", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert not CspReport.objects.exists()


def test_a_report_over_the_size_limit_is_refused_with_413(client):
    body = report_uri_body(**{"original-policy": "x" * MAX_BYTES})
    response = post(client, body)
    assert response.status_code == 413
    assert response.content.decode() == "The report is too large."
    assert not CspReport.objects.exists()


def test_only_post_is_answered(client):
    assert client.get(URL).status_code == 405


def test_reports_are_rate_limited_per_client_address(client, settings):
    settings.CSP_REPORT_RATE_LIMIT = "3/h"
    for _attempt in range(3):
        assert post(client, report_uri_body(), address="10.9.9.9").status_code == 204
    refused = post(client, report_uri_body(), address="10.9.9.9")
    assert refused.status_code == 429
    assert refused.content.decode() == "Too many reports from this address; try again later."
    # Malformed posts count too, and another address is not held back.
    assert post(client, "{", address="10.9.9.9").status_code == 429
    assert post(client, report_uri_body(), address="10.8.8.8").status_code == 204
    assert CspReport.objects.get().count == 4


def test_the_rate_limit_reads_the_address_the_trusted_proxy_saw(client, settings):
    settings.CSP_REPORT_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    assert post(client, report_uri_body(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 204
    assert post(client, report_uri_body(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert post(client, report_uri_body(), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 204


def test_no_answer_sets_a_cookie(client, settings):
    settings.CSP_REPORT_RATE_LIMIT = "2/h"
    answers = [post(client, report_uri_body()), post(client, "{"), post(client, report_uri_body())]
    assert [answer.status_code for answer in answers] == [204, 400, 429]
    for answer in answers:
        assert not answer.cookies and "Set-Cookie" not in answer


def test_rows_not_seen_for_the_retention_period_go_and_the_table_is_capped(client, settings):
    settings.CSP_REPORT_RETENTION_DAYS = 90
    settings.CSP_REPORT_MAX_ROWS = 3
    now = timezone.now()
    for line, days_ago in ((1, 91), (2, 10), (3, 5), (4, 1)):
        seen = now - datetime.timedelta(days=days_ago)
        CspReport.objects.create(
            directive="img-src", line_number=line, first_seen=seen, last_seen=seen, fingerprint=str(line)
        )
    prune(now)
    assert sorted(CspReport.objects.values_list("line_number", flat=True)) == [2, 3, 4]
    # A new kind of violation makes room for itself: the least recently seen row goes.
    post(client, report_uri_body())
    assert sorted(CspReport.objects.values_list("line_number", flat=True)) == [3, 4, 12]


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        (FIREFOX, "Firefox"),
        (CHROME, "Chrome"),
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0", "Edge"),
        (
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/130.0 YaBrowser/24.12 Safari/537.36",
            "Yandex Browser",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
            "AppleWebKit/605.1.15 Version/18.1 Safari/604.1",
            "Safari",
        ),
        ("curl/8.5.0", "Other"),
        ("", ""),
    ],
)
def test_the_browser_is_kept_as_its_family(agent, family):
    assert user_agent_family(agent) == family


# ---- The administrators' list ------------------------------------------------------------------------


@pytest.fixture
def reported(client):
    post(client, report_uri_body())
    return CspReport.objects.get()


def staff(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, f"{name}@example.kz", "pass-123456-xyz")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_a_superuser_sees_the_list_under_reports(admin_client, reported):
    response = admin_client.get("/admin/csp_reports/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://evil.example.com/x.js" in html and "/ru/report/status/" in html
    assert "/admin/csp_reports/" in admin_client.get("/admin/").content.decode()
    searched = admin_client.get("/admin/csp_reports/", {"q": "evil"})
    assert "https://evil.example.com/x.js" in searched.content.decode()


def test_the_list_is_read_only_even_for_a_superuser(admin_client, reported):
    html = admin_client.get("/admin/csp_reports/").content.decode()
    assert "/admin/csp_reports/new/" not in html and f"/admin/csp_reports/edit/{reported.pk}/" not in html
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"csp_reports:{name}", args=() if name == "add" else (reported.pk,))
    assert admin_client.post(f"/admin/csp_reports/delete/{reported.pk}/").status_code in (302, 404)
    assert CspReport.objects.filter(pk=reported.pk).exists()


def test_plain_staff_are_refused_and_the_view_permission_lets_them_read(client, django_user_model, reported):
    client.force_login(staff(django_user_model, "clerk", "access_admin"))
    refused = client.get("/admin/csp_reports/")
    assert refused.status_code in (302, 403)
    assert "evil.example.com" not in refused.content.decode()
    assert "/admin/csp_reports/" not in client.get("/admin/").content.decode()
    client.force_login(staff(django_user_model, "security", "access_admin", "view_cspreport"))
    allowed = client.get("/admin/csp_reports/")
    assert allowed.status_code == 200 and "https://evil.example.com/x.js" in allowed.content.decode()


def test_groups_can_be_given_the_view_permission_only(admin_client):
    """The group editor offers "view" for CSP violation reports, the model's only permission."""
    assert list(
        Permission.objects.filter(content_type__model="cspreport").values_list("codename", flat=True)
    ) == ["view_cspreport"]
    html = admin_client.get("/admin/groups/new/").content.decode()
    view = Permission.objects.get(codename="view_cspreport")
    assert f'value="{view.pk}"' in html
