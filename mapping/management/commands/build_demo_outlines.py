"""`python manage.py build_demo_outlines`: compute the demo's schematic outlines again.

Writes mapping/demo/data/boundaries.geojson from areas.yaml (see mapping.demo.outlines: a hand-drawn
region cut into the Voronoi cells of the districts' centres). Run it after changing a district's centre
or adding a district; `load_demo` loads the file.
"""

from django.core.management.base import BaseCommand

from mapping.demo import outlines


class Command(BaseCommand):
    help = "Compute the demo's schematic outlines of the region, its districts and cities."

    def handle(self, *args, **options):
        size = outlines.write()
        self.stdout.write(f"{outlines.OUTLINES_FILE}: {size} bytes.")
