"""The transparency page: figures against hand-computed ones, the period filter, sorting, caching, queries."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mapping.models import Issue
from mapping.models.issues import local_today
from mapping.transparency import figures as transparency
from mapping.transparency.figures import compute_figures, nearest_rank_percentile, weighted_median
from mapping.transparency.query import Period, parse_period
from tests.factories import (
    AreaFactory,
    AuthorityFactory,
    CategoryFactory,
    IssueFactory,
    MonitoringVisitPageFactory,
    RecommendationFactory,
    TransparencyPageFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_median_and_nearest_rank_percentile():
    assert weighted_median({}) is None and nearest_rank_percentile({}, 90) is None
    assert weighted_median({3: 1}) == 3
    assert weighted_median({1: 1, 4: 1, 5: 1, 19: 1}) == 4.5
    assert weighted_median({2: 3, 7: 1}) == 2
    assert nearest_rank_percentile({1: 1, 4: 1, 5: 1, 19: 1}, 90) == 19
    # 10 values: the 9th is the 90th percentile.
    assert nearest_rank_percentile({day: 1 for day in range(1, 11)}, 90) == 9
    assert nearest_rank_percentile({5: 100}, 90) == 5


@pytest.fixture
def data(map_tree):
    """Nine published issues and one draft, with resolution times worked out by hand.

    Resolved, in working days (the registration day not counted):
    - 20 March 2025 (Thu) → 26 March (Wed): Nauryz 21–23 March falls on Fri–Sun, so Friday 21 and the
      transferred Monday 24 and Tuesday 25 are days off; only Wednesday 26 counts: **1**;
    - 3 March (Mon) → 10 March (Mon): 8 March is a Saturday, so Monday 10 is off: 4, 5, 6, 7 March: **4**;
    - 1 April (Tue) → 8 April (Tue): 2, 3, 4, 7, 8 April: **5**;
    - 2 June (Mon) → 30 June (Mon): Kurban Ait on Friday 6 June: 3 + 5 + 5 + 5 + 1 = **19**, after the due
      date (24 June, 15 working days), so late.
    Median (4 + 5) / 2 = 4.5; 90th percentile: the ceil(0.9 × 4) = 4th value, 19.
    """
    a = map_tree["authority"]
    b = AuthorityFactory(name="Водоканал", short_name="Водоканал", slug="vodokanal")
    services, city = map_tree["services"], map_tree["city"]

    def issue(**kwargs):
        return IssueFactory(category=services, area=city, **kwargs)

    issues = {
        "nauryz": issue(
            authority=a, status="resolved", registered_on=D(2025, 3, 20), resolved_on=D(2025, 3, 26)
        ),
        "march8": issue(
            authority=a, status="resolved", registered_on=D(2025, 3, 3), resolved_on=D(2025, 3, 10)
        ),
        "april": issue(
            authority=a, status="resolved", registered_on=D(2025, 4, 1), resolved_on=D(2025, 4, 8)
        ),
        "late": issue(
            authority=b, status="resolved", registered_on=D(2025, 6, 2), resolved_on=D(2025, 6, 30)
        ),
        "stuck": issue(authority=b, status="in_progress", registered_on=D(2025, 3, 3)),
        "fresh": issue(authority=a, status="forwarded", registered_on=local_today()),
        "unassigned": issue(authority=None, status="registered", registered_on=D(2025, 3, 3)),
        "duplicate": issue(authority=a, status="duplicate", registered_on=D(2025, 3, 20)),
        "not_confirmed": issue(
            authority=b, status="not_confirmed", registered_on=D(2025, 5, 5), resolved_on=D(2025, 5, 8)
        ),
        "draft": issue(
            authority=a,
            status="resolved",
            live=False,
            registered_on=D(2025, 3, 3),
            resolved_on=D(2025, 4, 30),
        ),
    }
    visit = MonitoringVisitPageFactory(parent=map_tree["map"], visited_on=D(2025, 3, 1))
    hidden = MonitoringVisitPageFactory(parent=map_tree["map"], visited_on=D(2025, 3, 1), live=False)
    rec = {"page": visit, "authority": a, "deadline": D(2025, 3, 15)}
    RecommendationFactory(**rec, status="implemented", progress=100, implemented_on=D(2025, 3, 10))
    RecommendationFactory(**rec, status="implemented", progress=100, implemented_on=D(2025, 3, 20))
    RecommendationFactory(**rec, status="proposed", progress=0)
    RecommendationFactory(**rec, status="in_progress", progress=40)
    RecommendationFactory(**rec, status="rejected", progress=0, rejection_reason="Нет средств.")
    RecommendationFactory(page=hidden, status="implemented", progress=100, implemented_on=D(2025, 3, 2))
    page = TransparencyPageFactory(parent=map_tree["home"])
    return {**map_tree, "a": a, "b": b, "issues": issues, "page": page, "visit": visit}


def test_figures_against_hand_computed_ones(data):
    figures = compute_figures(Period())
    assert figures["total"] == 9  # the draft is not counted
    assert figures["countable"] == 8  # nor is the duplicate, for the rates
    assert figures["resolved"] == 4
    assert figures["resolution_rate"] == 50.0
    assert figures["median_days"] == 4.5
    assert figures["p90_days"] == 19
    assert figures["on_time"] == 3 and figures["on_time_share"] == 75.0
    assert figures["overdue"] == 2  # "stuck" and "unassigned"; "fresh" is not yet due
    assert figures["by_status"] == {
        "resolved": 4,
        "in_progress": 1,
        "forwarded": 1,
        "registered": 1,
        "duplicate": 1,
        "not_confirmed": 1,
    }
    assert figures["by_category"] == {data["services"].pk: 9}
    assert figures["by_area"] == {data["city"].pk: 9}
    rows = {row["authority_id"]: row for row in figures["authorities"]}
    a, b = rows[data["a"].pk], rows[data["b"].pk]
    assert (a["issues"], a["resolved"], a["on_time"], a["overdue"], a["median"]) == (4, 3, 3, 0, 4)
    assert a["resolution_rate"] == 75.0 and a["on_time_share"] == 100.0
    assert (b["issues"], b["resolved"], b["on_time"], b["overdue"], b["median"]) == (3, 1, 0, 1, 19)
    assert b["on_time_share"] == 0.0
    assert (rows[None]["issues"], rows[None]["overdue"], rows[None]["median"]) == (1, 1, None)
    recommendations = figures["recommendations"]
    assert recommendations["by_status"] == {"implemented": 2, "proposed": 1, "in_progress": 1, "rejected": 1}
    assert recommendations["total"] == 5  # not the one of the unpublished visit
    assert recommendations["on_time"] == 1 and recommendations["on_time_share"] == 50.0
    assert recommendations["overdue"] == 2  # proposed and in progress, past 15 March 2025


def test_figures_for_a_period(data):
    figures = compute_figures(Period(D(2025, 3, 1), D(2025, 3, 31)))
    # nauryz, march8, stuck, unassigned and the duplicate were registered in March.
    assert figures["total"] == 5 and figures["countable"] == 4 and figures["resolved"] == 2
    assert figures["resolution_rate"] == 50.0
    assert figures["median_days"] == 2.5  # (1 + 4) / 2
    assert figures["p90_days"] == 4
    assert figures["overdue"] == 2
    nothing = compute_figures(Period(D(2024, 1, 1), D(2024, 12, 31)))
    assert nothing["total"] == 0 and nothing["median_days"] is None and nothing["resolution_rate"] is None
    assert nothing["recommendations"]["total"] == 0


def test_parse_period_reports_bad_dates():
    today = D(2026, 1, 10)
    assert parse(today, **{"from": "2025-03-01", "to": "2025-03-31"}) == (D(2025, 3, 1), D(2025, 3, 31), 0)
    assert parse(today, **{"from": "2025-13-01"}) == (None, None, 1)
    assert parse(today, **{"from": "yesterday", "to": "2025-02-30"}) == (None, None, 2)
    assert parse(today, **{"from": "2025-04-01", "to": "2025-03-01"}) == (None, None, 1)
    assert parse(today, **{"from": "1999-12-31"}) == (None, None, 1)
    assert parse(today, **{"to": "9" * 5000}) == (None, None, 1)


def parse(today, **params):
    period = parse_period(params, today=today)
    return period.start, period.end, len(period.errors)


def test_page_shows_the_figures_charts_and_tables(client, data):
    response = client.get(data["page"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "50%" in html and "4,5" in html and "19" in html
    # Charts are inline SVG bars with their data tables; nothing is styled inline.
    assert html.count('<figure class="bar-chart"') == 5
    # The charts' five tables, and the table of how resolutions were checked.
    assert html.count('<table class="data-table">') == 6
    assert 'class="bar-chart__fill" x="0" y="0" width="100"' in html
    assert " style=" not in html.split("<main", 1)[1]
    assert "Водоканал" in html
    # No cookie: an anonymous read-only page.
    assert not response.cookies


def test_bad_dates_answer_400_with_a_message(client, data):
    response = client.get(data["page"].url + "?from=2025-02-30&to=abc")
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override("ru"):
        message = translation.gettext("The date “%(label)s” is not a date: use the form YYYY-MM-DD.")
    assert 'role="alert"' in html and message.split("%(label)s")[1] in html
    # The page is still whole: the figures of all time.
    assert "figures__list" in html


def test_authority_table_sorts_on_the_server_with_aria_sort(client, data):
    url = data["page"].url
    html = client.get(url + "?sort=-median").content.decode()
    table = html.split("data-table--authorities", 1)[1].split("</table>", 1)[0]
    assert re.search(
        r'<th scope="col" class="data-table__number" aria-sort="descending"><a[^>]*>Median', table
    ) or ('aria-sort="descending"' in table)
    assert table.count("aria-sort=") == 1
    names = re.findall(r'<th scope="row">([^<]+)</th>', table)
    # Водоканал (19 days) before ЦОН's authority (4), and the row without a median last.
    assert names[0] == "Водоканал" and names[-1] != "Водоканал"
    html = client.get(url + "?sort=median&from=2025-01-01").content.decode()
    table = html.split("data-table--authorities", 1)[1].split("</table>", 1)[0]
    assert 'aria-sort="ascending"' in table
    names = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert names[0] == str(data["a"])
    # The sort links keep the period and flip the order of the current column.
    assert "?from=2025-01-01&amp;sort=-median" in table
    response = client.get(url + "?sort=nonsense")
    with translation.override("ru"):
        message = translation.gettext("Unknown sort order: the table is sorted by the number of issues.")
    assert response.status_code == 200 and message in response.content.decode()


@pytest.mark.usefixtures("page_cache_off")
def test_figures_follow_issue_and_recommendation_changes(client, data):
    url = data["page"].url
    assert transparency.figures(Period())["resolved"] == 4  # now cached
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    cached_queries = len(warm.captured_queries)
    issue = data["issues"]["stuck"]
    issue.status = "resolved"
    issue.resolution = "Устранено."
    issue.resolved_on = D(2025, 3, 4)
    issue.save()
    figures = transparency.figures(Period())
    assert figures["resolved"] == 5
    recommendation = data["visit"].recommendations.get(status="proposed")
    recommendation.status = "accepted"
    recommendation.save()
    assert transparency.figures(Period())["recommendations"]["by_status"]["accepted"] == 1
    Issue.objects.filter(pk=data["issues"]["april"].pk).delete()
    assert transparency.figures(Period())["resolved"] == 4
    # Served from the cache until the next change: no more queries than before.
    with CaptureQueriesContext(connection) as warm_again:
        client.get(url)
    assert len(warm_again.captured_queries) == cached_queries


def render_queries(client, url):
    """Queries of a render with the figures computed afresh, and of one served from the cache."""
    cache.clear()
    client.get(url)  # the chrome and reference data are cached in steady use
    transparency_generation_bump()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold.captured_queries), len(warm.captured_queries)


def transparency_generation_bump():
    from mapping.generations import bump_transparency_generation

    bump_transparency_generation()


@pytest.mark.usefixtures("page_cache_off")
def test_query_count_is_fixed_at_small_and_large_data(client, data):
    url = data["page"].url
    small = render_queries(client, url)
    # Many more issues, spread over more authorities, categories, areas and dates, and more visits.
    authorities = [AuthorityFactory() for _ in range(6)]
    categories = [CategoryFactory() for _ in range(4)]
    areas = [AreaFactory() for _ in range(4)]
    rows = []
    for n in range(400):
        registered = D(2024, 1, 1) + datetime.timedelta(days=n)
        closed = n % 3 == 0
        rows.append(
            Issue(
                title=f"Проблема {n}",
                description="…",
                category=categories[n % 4],
                area=areas[n % 4],
                authority=authorities[n % 6],
                status="resolved" if closed else "in_progress",
                registered_on=registered,
                due_on=registered + datetime.timedelta(days=21),
                resolved_on=registered + datetime.timedelta(days=n % 30) if closed else None,
                live=True,
            )
        )
    Issue.objects.bulk_create(rows)
    for _ in range(5):
        visit = MonitoringVisitPageFactory(parent=data["map"], visited_on=D(2025, 2, 1))
        for status in ("proposed", "accepted", "in_progress"):
            RecommendationFactory(page=visit, status=status, progress=0 if status != "in_progress" else 50)
    large = render_queries(client, url)
    assert small == large, (small, large)
    cold, warm = large
    assert cold <= 20 and warm <= 10, large


def test_a_page_publication_keeps_the_figures_and_an_issue_change_recomputes_them_in_the_worker(
    data, site_tree, django_capture_on_commit_callbacks
):
    """Recomputing the figures is the costly part of the page at 100,000 issues: not after a publish,
    and after an issue change by the task worker, so that the next reader finds them ready."""
    transparency.figures(Period())
    site_tree["index"].save_revision().publish()
    with CaptureQueriesContext(connection) as after_publish:
        transparency.figures(Period())
    assert len(after_publish.captured_queries) == 0

    issue = data["issues"]["april"]
    with django_capture_on_commit_callbacks(execute=True):
        issue.title = "Переименовано"
        issue.save()
    # The worker (run at once by the immediate backend) computed them after the commit.
    with CaptureQueriesContext(connection) as after_change:
        transparency.figures(Period())
    assert len(after_change.captured_queries) == 0
