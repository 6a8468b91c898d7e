"""Security headers on every response, and no cookie on anonymous read-only pages."""

import subprocess
import sys

import pytest
from django.test import override_settings

PUBLIC_URLS = ["/ru/", "/kk/", "/en/", "/ru/briefings/", "/ru/search/?q=брифинг", "/ru/no-such-page/"]


@pytest.fixture
def public_responses(client, briefing):
    urls = PUBLIC_URLS + [briefing.url, "/ru/briefings/feed/rss/"]
    return {url: client.get(url) for url in urls}


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_csp_is_strict_on_public_pages(public_responses):
    for url, response in public_responses.items():
        policy = directives(response)
        assert policy["default-src"] == ["'none'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url
        # Nothing else is allowed: no fonts, frames, media or manifest from anywhere.
        assert set(policy) == {
            "default-src",
            "script-src",
            "style-src",
            "img-src",
            "connect-src",
            "worker-src",
            "object-src",
            "base-uri",
            "form-action",
            "frame-ancestors",
            "report-uri",
        }, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url


def test_csp_lets_the_map_tiles_in_and_nothing_else(public_responses):
    policy = directives(public_responses["/ru/"])
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["worker-src"] == ["'self'"]


def test_admin_keeps_its_own_origin_and_gets_only_inline_styles_on_top(admin_client, site_tree):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_nosniff(public_responses):
    for url, response in public_responses.items():
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_referrer_policy(public_responses):
    for url, response in public_responses.items():
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_permissions_policy_allows_geolocation_for_self_only(public_responses):
    for url, response in public_responses.items():
        policy = response["Permissions-Policy"]
        assert "geolocation=(self)" in policy, url
        assert "camera=()" in policy and "microphone=()" in policy, url


def test_framing_is_denied(public_responses):
    for url, response in public_responses.items():
        assert response["X-Frame-Options"] == "DENY", url


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_is_sent_over_https_with_production_values(client, site_tree):
    response = client.get("/ru/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_anonymous_read_only_pages_set_no_cookie(public_responses):
    for url, response in public_responses.items():
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response, url


def run_production_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_production_check({"ALLOWED_HOSTS": "portal.example.kz"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production_check({"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


PRODUCTION_ENV = {
    "SECRET_KEY": "k3y-" + "q8Zr" * 15,
    "ALLOWED_HOSTS": "portal.example.kz",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def test_production_check_deploy_is_clean():
    result = run_production_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_per_process_cache_unless_told_it_is_one_process():
    """Without a shared cache each gunicorn worker would keep its own generations and rate limits."""
    local_cache = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    refused = run_production_check(local_cache)
    assert refused.returncode != 0
    assert "REDIS_URL" in refused.stderr and "SINGLE_PROCESS=1" in refused.stderr
    single = run_production_check({**local_cache, "SINGLE_PROCESS": "1"})
    assert "REDIS_URL" not in single.stderr, single.stderr


def test_security_txt_tells_where_to_report_a_vulnerability(client, settings):
    """RFC 9116: a contact, an expiry under a year away, languages and its canonical address; public."""
    import datetime

    settings.SECURITY_CONTACT = "security@anticorruption.example.kz"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    assert not response.cookies
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == "mailto:security@anticorruption.example.kz"
    assert fields["Preferred-Languages"] == "ru, kk, en"
    assert fields["Canonical"].endswith("/.well-known/security.txt")
    expires = datetime.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    now = datetime.datetime.now(datetime.UTC)
    assert now + datetime.timedelta(days=30) < expires < now + datetime.timedelta(days=365)
