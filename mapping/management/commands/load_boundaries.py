"""`python manage.py load_boundaries <file.geojson>`: areas' boundaries from a GeoJSON FeatureCollection.

Each feature names the area it outlines by slug (`properties.slug`, or another property with
`--slug-property`) and gives a Polygon or MultiPolygon in longitude and latitude (WGS 84). The boundary
is rounded to three decimals (about 100 m) and stored on the area and its translations, which share its
slug; the map's outlines layer shows it at once. `--dry-run` only checks the file. Features naming no
known area are listed and left out. Simplify large boundaries before loading them (mapshaper, QGIS):
the outlines layer sends all of them to every map.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mapping.boundaries import read_feature_collection
from mapping.models import Area


class Command(BaseCommand):
    help = "Load areas' boundaries from a GeoJSON FeatureCollection whose features name an area's slug."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A GeoJSON file (a FeatureCollection of Polygons or MultiPolygons).")
        parser.add_argument(
            "--slug-property",
            default="slug",
            help="The feature property holding the area's slug (default: slug).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file, change nothing.")

    def handle(self, *args, path, slug_property="slug", dry_run=False, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            boundaries = read_feature_collection(data, slug_property)
        except (OSError, ValueError) as error:  # BoundaryError and JSON errors are ValueErrors
            raise CommandError(f"{path}: {error}") from None
        known = set(Area.objects.filter(slug__in=boundaries).values_list("slug", flat=True))
        unknown = sorted(set(boundaries) - known)
        if unknown:
            self.stderr.write(f"No area has the slug: {', '.join(unknown)}.")
        size = len(json.dumps([boundaries[slug] for slug in known], separators=(",", ":")))
        if dry_run:
            self.stdout.write(f"{len(known)} boundaries would be loaded ({size / 1024:.0f} KB).")
            return
        with transaction.atomic():
            # Saved one by one, so that the signals start new cache generations and purge the proxy.
            for area in Area.objects.filter(slug__in=known):
                area.boundary = boundaries[area.slug]
                area.save(update_fields=["boundary"])
        self.stdout.write(f"{len(known)} boundaries loaded ({size / 1024:.0f} KB).")
