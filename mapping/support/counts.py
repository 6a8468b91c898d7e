"""How supports are counted, and when the public counts catch up.

A support adds one to `Issue.supporters` in the database at once (an UPDATE with F(), so that concurrent
supports are all counted). The citizen who supports sees the new count at once (their next page is
rendered afresh: it carries the message that thanks them). Everyone else reads pages, map tiles and API
answers cached under the issues' generation: starting a new one for every click would rebuild the map's
grid and every page as often as people click. So the first support starts a refresh a few minutes later,
and the supports in between are shown together (`SUPPORT_REFRESH_SECONDS`); where the task backend cannot
defer work (the immediate backend of development and tests), the refresh runs at once.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from mapping.generations import bump_map_generation, bump_transparency_generation
from mapping.models import Issue

REFRESH_PENDING_KEY = "mapping:supporters-refresh-pending"


def add_support(issue_id):
    """Count one more supporter of a published issue; whether it was counted (False if not public)."""
    if not Issue.objects.published().filter(pk=issue_id).update(supporters=F("supporters") + 1):
        return False
    schedule_refresh()
    return True


def schedule_refresh():
    """Make the new counts public: soon, once for all the supports of the next few minutes."""
    delay = settings.SUPPORT_REFRESH_SECONDS
    if not refresh_counts.get_backend().supports_defer or delay <= 0:
        refresh_counts.call()
        return
    if cache.add(REFRESH_PENDING_KEY, 1, timeout=delay + 60):
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        refresh_counts.using(run_after=run_after).enqueue()


@task()
def refresh_counts():
    """Start new generations of what shows supporters: the map (API, pages) and the open data."""
    cache.delete(REFRESH_PENDING_KEY)
    bump_map_generation()
    bump_transparency_generation()
