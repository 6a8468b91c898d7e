"""`python manage.py generate_issues`: many synthetic published issues over Kazakhstan, for load tests.

The same `--seed` (and `--until`) gives the same issues: titles, points, categories, areas, statuses and
dates. About 60% of them lie around the big cities with a gaussian spread of a few kilometres, the rest
anywhere in the country's bounding box. They use the existing categories and areas of the default
language (each issue goes to the area whose centre is nearest); on an empty database a region
"synthetic-kz" and three categories are created first.

Issues are written with `bulk_create`, so `Issue.save()` does not run: the fields it derives (the
point, the public position, the due date, the closing date) are computed here the same way, and the
timeline is written directly. No signal fires either, so the synthetic issues are not in the search
index. They are recognised by their title prefix and the marker sentence ending their description;
`--delete` removes them (with their timelines and photos) before generating. At the end the planner
statistics of the issue tables are refreshed (ANALYZE) and the content generation is bumped, so that
neither the database nor the cache keeps a picture of the tables from before.
"""

import datetime
import math
import random
import time
from collections import deque

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale

from mapping import deadlines
from mapping.demo import NOTES
from mapping.demo.issues import official_reply
from mapping.generations import bump_map_generation, bump_transparency_generation
from mapping.geometry import format_point, parse_point
from mapping.models import Area, Category, Issue, IssueStatus, IssueUpdate, SourceChannel
from mapping.models.issues import CLOSED_STATUSES
from portal.cache import bump_content_generation

TITLE_PREFIX = "Синтетическое обращение №"
MARKER = "Синтетические данные для нагрузочной проверки карты (generate_issues)."

# (min_lon, min_lat, max_lon, max_lat) of Kazakhstan.
COUNTRY_BOX = (46.5, 40.6, 87.3, 55.4)
CITY_SHARE = 0.6
# name, latitude, longitude, population in thousands (weights the share of issues and the spread).
CITIES = [
    ("Astana", 51.17, 71.43, 1420),
    ("Almaty", 43.24, 76.89, 2230),
    ("Shymkent", 42.32, 69.59, 1220),
    ("Karaganda", 49.80, 73.10, 500),
    ("Aktobe", 50.28, 57.17, 560),
    ("Taraz", 42.90, 71.37, 430),
    ("Pavlodar", 52.29, 76.97, 360),
    ("Ust-Kamenogorsk", 49.95, 82.61, 330),
    ("Semey", 50.41, 80.23, 350),
    ("Atyrau", 47.11, 51.88, 300),
    ("Kostanay", 53.21, 63.63, 260),
    ("Kyzylorda", 44.85, 65.51, 320),
    ("Uralsk", 51.23, 51.37, 370),
    ("Petropavl", 54.87, 69.15, 220),
    ("Aktau", 43.65, 51.16, 270),
    ("Turkestan", 43.30, 68.25, 200),
    ("Kokshetau", 53.28, 69.38, 160),
]
KM_PER_DEGREE = 111.32
DAYS_BACK = 3 * 365
STATUS_WEIGHTS = {
    IssueStatus.REGISTERED: 12,
    IssueStatus.FORWARDED: 13,
    IssueStatus.IN_PROGRESS: 20,
    IssueStatus.RESOLVED: 35,
    IssueStatus.NOT_CONFIRMED: 12,
    IssueStatus.DUPLICATE: 8,
    IssueStatus.DISPUTED: 1,
}
# Working days from registration to the current status: (fewest, most); some closures come late.
STATUS_DELAYS = {
    IssueStatus.FORWARDED: (1, 3),
    IssueStatus.IN_PROGRESS: (2, 8),
    IssueStatus.RESOLVED: (5, 25),
    IssueStatus.NOT_CONFIRMED: (5, 25),
    IssueStatus.DUPLICATE: (1, 5),
    IssueStatus.DISPUTED: (10, 30),
}
CHANNEL_WEIGHTS = {
    SourceChannel.WEB: 45,
    SourceChannel.PHONE: 20,
    SourceChannel.SOCIAL: 15,
    SourceChannel.APP: 10,
    SourceChannel.MONITORING: 7,
    SourceChannel.MEDIA: 3,
}
EXTENSION_SHARE = 0.06
EXTENSION_REASON = "Требуется дополнительная проверка с выездом на место."
DUPLICATE_WINDOW = 200  # a duplicate repeats one of the last issues that were not duplicates
PROBLEMS = [
    "Не работает уличное освещение",
    "Глубокая яма на проезжей части",
    "Отказ в приёме документов без объяснения причин",
    "Нет горячей воды в нескольких домах",
    "Требование неофициальной оплаты за услугу",
    "Переполненные мусорные контейнеры",
    "Многочасовая очередь в центре обслуживания населения",
    "Сломанное оборудование на детской площадке",
    "Грубое обращение сотрудника с посетителями",
    "Затянутый ремонт дороги без ограждения",
]
RESOLUTIONS = [
    "Проблема устранена, заявителю направлен ответ.",
    "Проведена проверка, нарушение устранено, виновные привлечены к ответственности.",
    "Работы выполнены подрядной организацией, результат принят комиссией.",
]
# Used only when the database has no category or no area of the default language.
FALLBACK_AREA = ("synthetic-kz", "Казахстан (синтетические данные)", 48.0, 67.0)
FALLBACK_CATEGORIES = [
    ("synthetic-corruption", "Коррупция (синтетические данные)", "#a4161a", "К", True),
    ("synthetic-utilities", "Коммунальные услуги (синтетические данные)", "#1e6b34", "Ж", False),
    ("synthetic-roads", "Дороги (синтетические данные)", "#5b3f00", "Д", False),
]


def synthetic_issues():
    """The issues this command generated (and nothing an editor wrote)."""
    return Issue.objects.filter(title__startswith=TITLE_PREFIX, description__endswith=MARKER)


class Command(BaseCommand):
    """Generate deterministic synthetic published issues over Kazakhstan (see the module docstring)."""

    help = (
        "Create COUNT synthetic published issues spread over Kazakhstan, the same for the same seed, "
        "for load tests of the map. --delete removes earlier synthetic issues first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="Issues to create (100000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generator (1).")
        parser.add_argument("--batch", type=int, default=5000, help="Issues per bulk insert (5000).")
        parser.add_argument(
            "--delete", action="store_true", help="Delete earlier synthetic issues before generating."
        )
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="Last registration date, YYYY-MM-DD (today). Dates go back three years from it.",
        )

    def handle(self, *args, count, seed, batch, delete, until, **options):
        if count < 0 or batch < 1:
            raise CommandError("--count must be 0 or more and --batch at least 1.")
        started = time.perf_counter()
        with transaction.atomic():
            if delete:
                removed = delete_synthetic()
                self.stdout.write(f"Deleted {removed:,} synthetic issues ({self.elapsed(started)}).")
            elif synthetic_issues().exists():
                self.stdout.write(
                    self.style.WARNING("Synthetic issues exist already; use --delete to replace them.")
                )
            generator = IssueGenerator(seed, until or timezone.localdate(), *reference_data())
            done = 0
            while done < count:
                size = min(batch, count - done)
                generator.create_batch(done + 1, size)
                done += size
                self.stdout.write(f"  {done:,}/{count:,} issues ({self.elapsed(started)})")
        update_statistics()
        # Whatever is cached from the issues is out of date (bulk inserts send no signals).
        bump_content_generation()
        bump_map_generation()
        bump_transparency_generation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} synthetic issues with seed {seed} in {self.elapsed(started)}."
            )
        )

    @staticmethod
    def elapsed(started):
        return f"{time.perf_counter() - started:.1f} s"


def update_statistics():
    """Refresh the planner's statistics of the tables just filled.

    Without them (SQLite has none until ANALYZE; PostgreSQL waits for autovacuum, when it runs at all)
    the map's box queries scan the whole table.
    """
    # PostgreSQL: VACUUM too, which sets the visibility map that lets the box queries scan the index only.
    # VACUUM cannot run inside a transaction (a caller's, or a test's): ANALYZE alone there.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in (Issue, IssueUpdate):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def reference_data():
    """(categories, areas) of the default language, creating a minimal set on an empty database."""
    locale = Locale.get_default()
    categories = list(
        Category.objects.filter(locale=locale)
        .select_related("default_authority")
        .order_by("sort_order", "name", "pk")
    )
    if not categories:
        for order, (slug, name, colour, symbol, sensitive) in enumerate(FALLBACK_CATEGORIES):
            Category.objects.create(
                locale=locale,
                slug=slug,
                name=name,
                colour=colour,
                symbol=symbol,
                sensitive=sensitive,
                sort_order=order,
            )
        categories = list(Category.objects.filter(locale=locale).order_by("sort_order", "name", "pk"))
    areas = list(Area.objects.filter(locale=locale).order_by("pk"))
    if not areas:
        slug, name, lat, lng = FALLBACK_AREA
        areas = [
            Area.objects.create(
                locale=locale,
                slug=slug,
                name=name,
                level=Area.Level.REGION,
                centre_latitude=lat,
                centre_longitude=lng,
            )
        ]
    return categories, areas


def delete_synthetic():
    """Delete the synthetic issues and what depends on them; returns how many issues went.

    Issues saved again since they were generated (by an editor, say) may be in the search index: they
    go the ordinary way, with their signals. For the others, each dependent table is emptied with one
    statement, and the issues themselves without Django's per-object deletion: it would load every
    issue and send signals for each (the search index removes them one query at a time, although
    bulk_create never indexed them).
    """
    synthetic = synthetic_issues()
    saved_since = synthetic.filter(updated_at__gt=F("created_at") + datetime.timedelta(seconds=1))
    removed = saved_since.delete()[1].get(Issue._meta.label, 0)
    ids = synthetic.values("pk")
    for relation in Issue._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            through._base_manager.filter(**{f"{relation.field.m2m_reverse_field_name()}__in": ids}).delete()
            continue
        related = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        if relation.on_delete is models.CASCADE:
            if relation.related_model._meta.related_objects:
                related.delete()  # let Django follow what depends on these rows in turn
            else:
                related._raw_delete(related.db)
        elif relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
        elif related.exists():
            raise CommandError(
                f"{relation.related_model._meta.verbose_name} rows refer to synthetic issues; "
                "delete them first."
            )
    return removed + synthetic._raw_delete(synthetic.db)


class IssueGenerator:
    """Draws issues from one random sequence, so that the same seed gives the same issues."""

    def __init__(self, seed, until, categories, areas):
        self.random = random.Random(seed)
        self.until = until
        self.categories = categories
        default_locale_id = Locale.get_default().pk
        self.authority_ids = {
            c.pk: c.default_authority_id
            if c.default_authority_id and c.default_authority.locale_id == default_locale_id
            else None
            for c in categories
        }
        self.areas = areas
        self.placed_areas = [a for a in areas if a.centre_latitude is not None]
        self.city_weights = [population for *_rest, population in CITIES]
        self.statuses = list(STATUS_WEIGHTS)
        self.status_weights = list(STATUS_WEIGHTS.values())
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_weights = list(CHANNEL_WEIGHTS.values())
        # Recent issues that are not duplicates: what a duplicate may point at.
        self.originals = deque(maxlen=DUPLICATE_WINDOW)
        # The evidence of every synthetic resolution (an issue is resolved only with evidence).
        self.reply_id = official_reply().pk

    def create_batch(self, first_number, size):
        """Create issues numbered first_number… and their timelines."""
        originals, duplicates, updates = [], [], []
        for number in range(first_number, first_number + size):
            issue, target, timeline = self.draw(number)
            if target is None:
                originals.append(issue)
                self.originals.append(issue)
            else:
                duplicates.append((issue, target))
            updates.append((issue, timeline))
        Issue.objects.bulk_create(originals)
        # Originals first, so that every duplicate's target has its primary key.
        for issue, target in duplicates:
            issue.duplicate_of_id = target.pk
        Issue.objects.bulk_create([issue for issue, _target in duplicates])
        IssueUpdate.objects.bulk_create(
            [
                IssueUpdate(issue_id=issue.pk, date=date, status=status, note=note, sort_order=order)
                for issue, timeline in updates
                for order, (date, status, note) in enumerate(timeline)
            ]
        )

    def draw(self, number):
        """(an unsaved Issue, the issue it duplicates or None, its timeline as (date, status, note))."""
        rng = self.random
        status = rng.choices(self.statuses, self.status_weights)[0]
        target = None
        if status == IssueStatus.DUPLICATE:
            if self.originals:
                target = rng.choice(self.originals)
            else:
                status = IssueStatus.REGISTERED
        if target is None:
            latitude, longitude = self.draw_point()
            category = rng.choice(self.categories)
            area = self.nearest_area(latitude, longitude)
            registered = self.until - datetime.timedelta(days=rng.randint(0, DAYS_BACK))
        else:
            # The same problem reported again a little later, a few dozen metres away.
            latitude, longitude = inside_country(
                target.latitude + rng.gauss(0, 0.0003), target.longitude + rng.gauss(0, 0.0004)
            )
            category, area = target.category, target.area
            registered = min(target.registered_on + datetime.timedelta(days=rng.randint(0, 20)), self.until)
        extended_until = None
        if rng.random() < EXTENSION_SHARE:
            ordinary, limit = deadlines.due_date(registered), deadlines.max_extension(registered)
            extended_until = ordinary + datetime.timedelta(days=rng.randint(1, (limit - ordinary).days))
        changed_on = None
        if status != IssueStatus.REGISTERED:
            fewest, most = STATUS_DELAYS[status]
            changed_on = min(deadlines.add_working_days(registered, rng.randint(fewest, most)), self.until)
        issue = Issue(
            title=f"{TITLE_PREFIX}{number}",
            description=f"{rng.choice(PROBLEMS)}. {MARKER}",
            category=category,
            area=area,
            authority_id=self.authority_ids[category.pk],
            location=format_point(latitude, longitude),
            status=status,
            source_channel=rng.choices(self.channels, self.channel_weights)[0],
            registered_on=registered,
            extended_until=extended_until,
            extension_reason=EXTENSION_REASON if extended_until else "",
            resolution=rng.choice(RESOLUTIONS) if status == IssueStatus.RESOLVED else "",
            evidence_document_id=self.reply_id if status == IssueStatus.RESOLVED else None,
            live=True,
        )
        derive_fields(issue, changed_on)
        timeline = [(registered, IssueStatus.REGISTERED, NOTES[IssueStatus.REGISTERED])]
        if changed_on is not None:
            note = issue.resolution if status == IssueStatus.RESOLVED else NOTES[status]
            timeline.append((changed_on, status, note))
        return issue, target, timeline

    def draw_point(self):
        """(latitude, longitude): around a city, weighted by its population, or anywhere in the country."""
        rng = self.random
        min_lon, min_lat, max_lon, max_lat = COUNTRY_BOX
        if rng.random() < CITY_SHARE:
            _name, lat, lon, population = rng.choices(CITIES, self.city_weights)[0]
            spread_km = 1.5 + 2.5 * math.sqrt(population / 1000)
            latitude = lat + rng.gauss(0, spread_km / KM_PER_DEGREE)
            longitude = lon + rng.gauss(0, spread_km / (KM_PER_DEGREE * math.cos(math.radians(lat))))
        else:
            latitude, longitude = rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)
        return inside_country(latitude, longitude)

    def nearest_area(self, latitude, longitude):
        if not self.placed_areas:
            return self.areas[0]
        scale = math.cos(math.radians(latitude)) ** 2
        return min(
            self.placed_areas,
            key=lambda a: (a.centre_latitude - latitude) ** 2 + (a.centre_longitude - longitude) ** 2 * scale,
        )


def inside_country(latitude, longitude):
    """The point, moved onto the edge of the country's box if it fell outside."""
    min_lon, min_lat, max_lon, max_lat = COUNTRY_BOX
    return min(max(latitude, min_lat), max_lat), min(max(longitude, min_lon), max_lon)


def derive_fields(issue, changed_on):
    """What Issue.save() would set: point, public position, due date, closing and forwarding dates."""
    point = parse_point(issue.location)
    issue.latitude, issue.longitude = point if point else (None, None)
    issue.map_latitude, issue.map_longitude = issue.public_position()
    issue.due_on = deadlines.effective_due(issue.registered_on, issue.extended_until)
    issue.resolved_on = changed_on if issue.status in CLOSED_STATUSES else None
    issue.forwarded_on = changed_on if issue.status == IssueStatus.FORWARDED else None
