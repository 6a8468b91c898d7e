"""The migration that put issues on Wagtail's drafts and revisions: `published` becomes `live` for every
issue, and the map's partial indexes follow. A transactional test in a module of its own: it migrates the
database back and forth (its content is restored afterwards)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mapping.models import Issue
from tests.factories import AreaFactory, CategoryFactory, IssueFactory

BEFORE = ("mapping", "0013_monitoring_group_translatable")
MAP_INDEXES = {"issue_map_live", "issue_map_live_lon", "issue_live_status", "issue_live_newest"}


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_published_becomes_live_for_every_issue_and_the_indexes_follow():
    category, area = CategoryFactory(), AreaFactory()
    issues = [IssueFactory(category=category, area=area, title=f"Проблема {n}") for n in range(6)]
    migrate_to([BEFORE])
    with connection.cursor() as cursor:
        # Before the change: every other issue published.
        cursor.execute("UPDATE mapping_issue SET published = (id % 2 = 0)")
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = dict(Issue.objects.values_list("pk", "live"))
    assert rows == {issue.pk: issue.pk % 2 == 0 for issue in issues}
    assert set(Issue.objects.published().values_list("pk", flat=True)) == {
        i.pk for i in issues if i.pk % 2 == 0
    }
    published = Issue.objects.filter(live=True)
    assert all(issue.first_published_at is not None for issue in published)
    assert not Issue.objects.filter(live=False, first_published_at__isnull=False).exists()
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, Issue._meta.db_table))
    assert MAP_INDEXES <= names
    assert not {name for name in names if "published" in name and "first_published" not in name}
    assert Issue.get_default_workflow() is not None
