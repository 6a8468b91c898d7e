"""Subresource Integrity on our own scripts and stylesheets: every one on every public page type carries
an `integrity` that matches the bytes the server sends for its address, computed from the collected file
under the production storage and from the app's file (and its edits) elsewhere."""

import base64
import hashlib
import json
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

from portal.integrity import integrity

# The pages are rendered once for this module, tests/test_meta.py and tests/test_html_valid.py.
pytestmark = pytest.mark.xdist_group("pages-of-every-type")


def sha384(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


class Subresources(HTMLParser):
    """Every `<script src>` and `<link rel=stylesheet>` of a page, as (tag, address, attributes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.found.append((tag, attributes["src"], attributes))
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.found.append((tag, attributes["href"], attributes))


def subresources(html):
    parser = Subresources()
    parser.feed(html)
    return parser.found


def served(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content


@pytest.mark.django_db
def test_every_script_and_stylesheet_of_every_public_page_carries_the_integrity_of_what_is_served(
    client, pages_of_every_type
):
    digests = {}
    problems = []
    for name, (_path, _status, html) in pages_of_every_type.items():
        found = subresources(html)
        for tag, address, attributes in found:
            if not address.startswith("/static/"):
                problems.append(f"{name}: <{tag}> from {address}, not our own static files")
                continue
            if address not in digests:
                digests[address] = sha384(served(client, address))
            if attributes.get("integrity") != digests[address]:
                problems.append(f"{name}: <{tag}> {address} integrity={attributes.get('integrity')!r}")
            if "crossorigin" in attributes:
                problems.append(f"{name}: <{tag}> {address} asks for CORS it does not need")
    assert problems == []
    # Every kind is there: classic and module scripts, screen and print stylesheets.
    assert {"mapping/vendor/leaflet-1.9.4/leaflet.js", "mapping/js/issue-map.js", "portal/css/print.css"} <= {
        address.removeprefix("/static/") for address in digests
    }


def test_the_tags_write_the_attributes_a_page_needs():
    template = Template(
        "{% load assets %}{% stylesheet 'portal/css/print.css' media='print' %}"
        "{% script 'mapping/vendor/leaflet-1.9.4/leaflet.js' defer=True %}"
        "{% script 'ethics/print.js' module=True %}"
    )
    html = template.render(Context())
    print_css, leaflet, module = (
        integrity(name)
        for name in ("portal/css/print.css", "mapping/vendor/leaflet-1.9.4/leaflet.js", "ethics/print.js")
    )
    assert html == (
        f'<link rel="stylesheet" href="/static/portal/css/print.css" integrity="{print_css}" media="print">'
        f'<script src="/static/mapping/vendor/leaflet-1.9.4/leaflet.js" integrity="{leaflet}" defer></script>'
        f'<script type="module" src="/static/ethics/print.js" integrity="{module}"></script>'
    )


def test_the_digest_follows_a_developers_edit(settings, tmp_path):
    """Without the manifest storage the app's own file is served, and edited while the server runs."""
    folder = tmp_path / "static"
    (folder / "portal").mkdir(parents=True)
    script = folder / "portal" / "probe.js"
    script.write_text("console.log(1);\n")
    settings.STATICFILES_DIRS = [folder]
    finders.get_finder.cache_clear()
    try:
        first = integrity("portal/probe.js")
        assert first == sha384(b"console.log(1);\n")
        script.write_text("console.log(22);\n")
        assert integrity("portal/probe.js") == sha384(b"console.log(22);\n") != first
    finally:
        finders.get_finder.cache_clear()


def test_under_the_manifest_storage_the_collected_file_is_what_counts(settings, tmp_path):
    """In production the hashed file that collectstatic wrote is served (imports rewritten in modules),
    not the app's source: its digest is the one given."""
    collected = b'import { setUp } from "./map/setup.3a5c0e1f9b2d.js";\n'
    (tmp_path / "mapping" / "js").mkdir(parents=True)
    (tmp_path / "mapping" / "js" / "issue-map.5f1c2d3e4a6b.js").write_bytes(collected)
    manifest = {
        "paths": {"mapping/js/issue-map.js": "mapping/js/issue-map.5f1c2d3e4a6b.js"},
        "version": "1.1",
    }
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    source = finders.find("mapping/js/issue-map.js")
    with open(source, "rb") as handle:
        assert integrity("mapping/js/issue-map.js") == sha384(collected) != sha384(handle.read())
    html = Template("{% load assets %}{% script 'mapping/js/issue-map.js' module=True %}").render(Context())
    assert 'src="/static/mapping/js/issue-map.5f1c2d3e4a6b.js"' in html and sha384(collected) in html
