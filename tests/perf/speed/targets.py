"""What is measured: one page of every public page type (as the database lists them, the way
.ci/production_smoke.py finds them), the issue page, the map API's viewports and two static files."""

import json
import math
import urllib.parse
from dataclasses import dataclass

from .common import manage

# One URL of each page type, in Russian (the site's first language), and the first published issue.
LIST_URLS = r"""
import json
from wagtail.models import Page
from mapping.models import Issue
urls = {}
for page in Page.objects.live().public().specific().order_by("path"):
    if page.url and page.locale.language_code == "ru":
        urls.setdefault(type(page).__name__, page.url)
issue = Issue.objects.published().order_by("pk").first()
print(json.dumps({"pages": urls, "issue": issue.pk}))
"""
# The map API's viewports (mapping/map/api.py), over the places generate_issues fills.
VIEWPORTS = {
    # Kazakhstan whole, as a phone sees it: the cached grid of zoom 5.
    "API country, zoom 5": "46.5,40.6,87.3,55.4&zoom=5",
    # The map page's first view (centre 52.3, 70.2, zoom 7 on a 1280×720 window): the Akmola region,
    # Astana and Kokshetau in it. Above the cached grid's zooms: counted in the database.
    "API Akmola region, zoom 7": "63.2,49.9,77.2,54.7&zoom=7",
    # A city: Astana's centre, the densest place of the synthetic issues.
    "API Astana, zoom 12": "71.2,51.05,71.65,51.28&zoom=12",
    # A few streets of Kokshetau: issues one by one, no clusters.
    "API Kokshetau streets, zoom 15": "69.37,53.27,69.41,53.29&zoom=15",
}
STATIC_SIZE = 30_000  # bytes: a static file about the size of a page


@dataclass
class Target:
    name: str
    path: str
    kind: str  # "static", "page" or "api"


def pages(env):
    """(name, path) of every public page type of the bench database, and of the issue page."""
    output = manage(env, "shell", "-c", LIST_URLS, capture=True)
    listed = json.loads(output.strip().splitlines()[-1])
    found = listed["pages"]
    result = [Target(name, quote(url), "page") for name, url in sorted(found.items(), key=page_order)]
    if "MapPage" in found and listed["issue"]:
        result.append(Target("issue page", quote(f"{found['MapPage']}issues/{listed['issue']}/"), "page"))
    return result


def page_order(item):
    """The home page first, then by address."""
    name, url = item
    return (name != "HomePage", url)


def quote(url):
    return urllib.parse.quote(url, safe="/?=&:,")


def on_cell_edges(query):
    """The viewport as the map asks for it (geometry.js, `viewportBbox`): widened to the edges of the API's
    grid cells at its zoom (90 / 2^zoom degrees)."""
    bbox, zoom = query.split("&zoom=")
    cell = 90 / 2 ** int(zoom)
    west, south, east, north = (float(value) for value in bbox.split(","))
    edges = (
        max(-180, math.floor(west / cell) * cell),
        max(-90, math.floor(south / cell) * cell),
        min(180, math.ceil(east / cell) * cell),
        min(90, math.ceil(north / cell) * cell),
    )
    return ",".join(repr(edge) for edge in edges) + f"&zoom={zoom}"


def viewports():
    return [
        Target(name, f"/api/v1/map/issues.geojson?bbox={on_cell_edges(query)}", "api")
        for name, query in VIEWPORTS.items()
    ]


def static_files(static_root):
    """The CSS file nearest STATIC_SIZE and the smallest CSS or JS file, under their hashed names."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    sizes = {}
    for original, hashed in manifest.items():
        if original.endswith((".css", ".js")) and (static_root / hashed).exists():
            size = (static_root / hashed).stat().st_size
            if size > 0:
                sizes[(original, hashed)] = size
    css = {key: size for key, size in sizes.items() if key[0].endswith(".css")}
    page_sized = min(css, key=lambda key: abs(css[key] - STATIC_SIZE))
    tiny = min(sizes, key=lambda key: (sizes[key], key))
    return [
        Target(
            f"static {page_sized[0]} ({sizes[page_sized] / 1000:.0f} KB)",
            f"/static/{page_sized[1]}",
            "static",
        ),
        Target(f"static {tiny[0]} ({sizes[tiny]} B)", f"/static/{tiny[1]}", "static"),
    ]
