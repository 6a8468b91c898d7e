"""Many citizens at once: concurrent submissions through the real form, each thread with its own client and
database connection, as under a threaded server. A transactional test, in a module of its own: the
shared site of the other report modules lives in an uncommitted transaction (tests/conftest.py)."""

import threading

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from mapping.models import Report
from tests.conftest import build_map, build_site
from tests.factories import ReportPageFactory
from tests.test_report_hostile import TEXT, form_data, jpeg, upload


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_citizens_at_once_make_fifty_reports_without_an_error(settings):
    """Each thread is its own client with its own database connection, as under a threaded server."""
    settings.REPORT_RATE_LIMIT = "1000/m"
    # Committed, so that the threads' own connections see it (the shared site_tree is not).
    tree = build_map(build_site())
    cache.clear()
    page = ReportPageFactory(parent=tree["home"])
    photo = jpeg((320, 240))
    statuses, errors = [], []
    start = threading.Barrier(50)

    def citizen(number):
        try:
            start.wait(timeout=30)
            response = Client(REMOTE_ADDR=f"10.1.0.{number}").post(
                page.url,
                {
                    **form_data(token=f"{number:032x}", description=f"{TEXT} Обращение № {number}."),
                    "photos": [upload(photo, f"p{number}.jpg")],
                },
            )
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - any failure is what the test counts
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=citizen, args=(number,)) for number in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert statuses == [200] * 50
    assert Report.objects.count() == 50
    assert len(set(Report.objects.values_list("code", flat=True))) == 50
    assert sum(report.photos.count() for report in Report.objects.all()) == 50
