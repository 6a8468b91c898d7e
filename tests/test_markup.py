"""What the public pages are made of: no inline script or style, no asset from another host."""

import re

import pytest

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
ASSET = re.compile(
    r"<(?:script|link|img|source|iframe|video|audio)\b[^>]*\b(?:src|href|srcset)=\"([^\"]+)\"", re.I
)
# Not assets: the canonical address and the translations' addresses, absolute as search engines want them.
ADDRESS_LINK = re.compile(r"<link\b[^>]*\b(?:rel=\"canonical\"|hreflang=)[^>]*>", re.I)


@pytest.fixture
def pages(client, briefing, site_tree):
    urls = [
        "/ru/",
        "/kk/",
        "/en/",
        site_tree["index"].url,
        briefing.url,
        "/ru/search/?q=брифинг",
        "/ru/nope/",
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_no_inline_script_style_or_event_handler(pages):
    for url, html in pages.items():
        assert not INLINE_SCRIPT.search(html), url
        assert "<style" not in html.lower(), url
        assert not re.search(r"\sstyle=", html), url
        assert not EVENT_ATTRIBUTE.search(html), url
        assert "javascript:" not in html, url


def test_every_asset_comes_from_this_site(pages):
    for url, html in pages.items():
        assets = ASSET.findall(ADDRESS_LINK.sub("", html))
        assert assets, url
        for asset in assets:
            # Stylesheets, images and scripts are site-relative; <link rel="alternate"> feeds are too.
            assert asset.startswith("/"), f"{url}: {asset}"
