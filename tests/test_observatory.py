"""Every public page type scores 125 or more on Mozilla's HTTP Observatory, graded by its own rules
(tests/observatory.py) on our answers under the production settings' HTTPS, HSTS and cookie values;
the admin's login page keeps what Wagtail needs and no more."""

import runpy

import pytest
from django.test import Client, override_settings

from tests import observatory, page_types
from tests.observatory import Cookie, Exchange

PUBLIC_TARGET = 125
HOST = "testserver"
# What production sets about HTTPS and cookies, read from portal/settings/production.py itself.
PRODUCTION_NAMES = (
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
)


@pytest.fixture(scope="module")
def production_values():
    environment = {"SECRET_KEY": "observatory-" + "x" * 50, "ALLOWED_HOSTS": HOST, "SINGLE_PROCESS": "1"}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        patch.delenv("SECURE_SSL_REDIRECT", raising=False)
        patch.delenv("SECURE_COOKIES", raising=False)
        patch.delenv("SECURE_HSTS_SECONDS", raising=False)
        production = runpy.run_module("portal.settings.production", run_name="portal_settings_production")
    return {name: production[name] for name in PRODUCTION_NAMES}


@pytest.fixture
def production_https(production_values):
    with override_settings(**production_values):
        yield


def follow(client, url, **extra):
    """[(url, response)] from `url` to where its redirects end (at most 10 hops), as a scanner follows."""
    hops = []
    for _hop in range(10):
        secure = url.startswith("https://")
        headers = {"HTTP_X_FORWARDED_PROTO": "https"} if secure else {}
        response = client.get(url, secure=secure, **headers, **extra)
        hops.append((url, response))
        if response.status_code not in (301, 302, 303, 307, 308):
            break
        location = response["Location"]
        if location.startswith("/"):
            location = f"{'https' if secure else 'http'}://{HOST}{location}"
        url = location
    return hops


def cookies_of(responses):
    jar = {}
    for response in responses:
        for name, morsel in response.cookies.items():
            if morsel["max-age"] == 0 or morsel.value == "":
                jar.pop(name, None)
                continue
            jar[name] = Cookie(
                name, bool(morsel["secure"]), bool(morsel["httponly"]), morsel["samesite"] or ""
            )
    return list(jar.values())


def exchange_of(path):
    """What the Observatory sees of `path`: a first visit over HTTP, then the page over HTTPS (a new
    browser each time, so no cookie is carried in)."""
    http = follow(Client(), f"http://{HOST}{path}")
    https = follow(Client(), f"https://{HOST}{path}", HTTP_ORIGIN=Exchange.cors_origin)
    url, final = https[-1]
    return Exchange(
        url=url,
        headers={name.lower(): value for name, value in final.headers.items()},
        cookies=cookies_of([response for _url, response in http + https]),
        body=final.content.decode() if "html" in final.get("Content-Type", "") else "",
        http_route=[(hop_url, response.status_code) for hop_url, response in http],
    )


def report(grades):
    return "\n".join(f"{name}: {grade.score}\n{grade.breakdown()}" for name, grade in grades.items())


@pytest.fixture(scope="module")
def public_grades(demo_content, django_db_blocker, production_values):
    """{"<language>:<type>": Grade} of one page of every public type in every language (the demo's)."""
    with django_db_blocker.unblock(), override_settings(**production_values):
        urls = {}
        for language in page_types.LANGUAGES:
            urls.update(page_types.urls_of_every_type(language))
        return {name: observatory.grade(exchange_of(url)) for name, url in urls.items()}


def test_every_public_page_type_scores_125_or_more(public_grades):
    below = {name: grade for name, grade in public_grades.items() if grade.score < PUBLIC_TARGET}
    assert not below, f"below {PUBLIC_TARGET}:\n{report(below)}"


def test_public_pages_earn_the_policy_and_integrity_bonuses(public_grades):
    """What is ours to earn: default-src 'none' without anything unsafe, and SRI on every page with a
    script; nothing costs a point anywhere."""
    problems = {}
    for name, grade in public_grades.items():
        outcomes = {result.test: result.outcome for result in grade.results}
        wrong = [
            f"{result.test}: {result.outcome} ({result.modifier:+d})"
            for result in grade.results
            if result.modifier < 0
        ]
        if outcomes["content-security-policy"] != "csp-implemented-with-no-unsafe-default-src-none":
            wrong.append(f"content-security-policy: {outcomes['content-security-policy']}")
        if outcomes["subresource-integrity"] not in (
            "sri-implemented-and-all-scripts-loaded-securely",
            "sri-not-implemented-but-no-scripts-loaded",
        ):
            wrong.append(f"subresource-integrity: {outcomes['subresource-integrity']}")
        if wrong:
            problems[name] = wrong
    assert not problems, problems


def test_pages_with_a_form_set_only_secure_same_site_cookies(public_grades):
    """The report form and the alerts page set the CSRF cookie: Secure, SameSite, so they earn +5."""
    for name in ("ru:report", "ru:alerts"):
        assert public_grades[name].outcome("cookies") == "cookies-secure-with-httponly-sessions-and-samesite"
    assert public_grades["ru:home"].outcome("cookies") == "cookies-not-found"


def test_the_admin_login_keeps_what_wagtail_needs_and_no_more(demo, production_https):
    """The admin's policy relaxes styles only (Wagtail's widgets set inline styles): scripts stay 'self',
    its frames are its own; the page still grades A+."""
    exchange = exchange_of("/admin/login/")
    grade = observatory.grade(exchange)
    assert (
        grade.outcome("content-security-policy") == "csp-implemented-with-unsafe-inline-in-style-src-only"
    ), report({"admin login": grade})
    policy = observatory.parse_policy(exchange.header("Content-Security-Policy"))
    assert policy["script-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'self'"}
    assert grade.score >= 100, report({"admin login": grade})
    assert [result for result in grade.results if result.modifier < 0] == [], report({"admin login": grade})


# ---- The grader itself, on answers whose grade the Observatory's documentation states ----------------


def graded(csp=None, **headers):
    all_headers = {
        "content-type": "text/html; charset=utf-8",
        "strict-transport-security": "max-age=31536000",
        "x-content-type-options": "nosniff",
        **{name.replace("_", "-"): value for name, value in headers.items()},
    }
    if csp:
        all_headers["content-security-policy"] = csp
    return Exchange(
        url="https://example.kz/",
        headers=all_headers,
        http_route=[("http://example.kz/", 301), ("https://example.kz/", 200)],
    )


@pytest.mark.parametrize(
    ("policy", "outcome"),
    [
        (None, "csp-not-implemented"),
        ("default-src 'none'; default-src 'none'", "csp-header-invalid"),
        ("default-src 'none'; script-src 'strict-dynamic'", "csp-header-invalid"),
        ("default-src 'none'; script-src 'unsafe-inline'", "csp-implemented-with-unsafe-inline"),
        ("default-src 'none'; script-src https:", "csp-implemented-with-unsafe-inline"),
        ("default-src 'self'", "csp-implemented-with-no-unsafe"),
        ("default-src 'none'; script-src http://example.kz", "csp-implemented-with-insecure-scheme"),
        ("default-src 'none'; script-src 'unsafe-eval'", "csp-implemented-with-unsafe-eval"),
        ("default-src 'none'; img-src http:", "csp-implemented-with-insecure-scheme-in-passive-content-only"),
        (
            "default-src 'none'; style-src 'unsafe-inline'",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (
            "default-src 'none'; script-src 'self' 'unsafe-inline' 'nonce-abc'",
            "csp-implemented-with-no-unsafe-default-src-none",
        ),
        ("default-src 'none'; img-src 'self' data:", "csp-implemented-with-no-unsafe-default-src-none"),
        ("default-src 'none'; report-uri /a; report-uri /b", "csp-implemented-but-duplicate-directives"),
    ],
)
def test_the_grader_reads_policies_as_the_observatory(policy, outcome):
    assert observatory.grade(graded(policy)).outcome("content-security-policy") == outcome


def test_bonuses_count_only_from_an_a():
    """100 - 25 (no CSP) = 75: the +5 of the referrer policy and +10 of CORP are not added."""
    weak = graded(
        referrer_policy="no-referrer", cross_origin_resource_policy="same-origin", x_frame_options="DENY"
    )
    assert observatory.grade(weak).score == 75
    strong = graded(
        "default-src 'none'; frame-ancestors 'none'",
        referrer_policy="no-referrer",
        cross_origin_resource_policy="same-origin",
    )
    # 100 + 10 (default-src 'none') + 5 (referrer) + 5 (frame-ancestors) + 10 (CORP)
    assert observatory.grade(strong).score == 130


def test_the_grader_reads_scripts_integrity_and_origin():
    page = graded("default-src 'none'")
    page.body = (
        '<script src="/static/a.js" integrity="sha384-x"></script><script src="/static/b.js"></script>'
    )
    assert observatory.subresource_integrity(page) == "sri-implemented-and-all-scripts-loaded-securely"
    page.body = '<script src="/static/b.js"></script>'
    assert (
        observatory.subresource_integrity(page)
        == "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    )
    page.body = '<script src="https://cdn.example.com/b.js"></script>'
    assert (
        observatory.subresource_integrity(page) == "sri-not-implemented-but-external-scripts-loaded-securely"
    )
    page.body = '<script src="http://cdn.example.com/b.js"></script>'
    assert (
        observatory.subresource_integrity(page)
        == "sri-not-implemented-and-external-scripts-not-loaded-securely"
    )
    page.body = "<p>No script</p>"
    assert observatory.subresource_integrity(page) == "sri-not-implemented-but-no-scripts-loaded"


def test_the_grader_reads_cookies_and_redirects():
    page = graded()
    page.cookies = [Cookie("sessionid", secure=True, http_only=False, same_site="Lax")]
    assert observatory.cookies(page) == "cookies-session-without-httponly-flag"
    page.cookies = [Cookie("csrftoken", secure=False, http_only=False, same_site="Lax")]
    assert observatory.cookies(page) == "cookies-without-secure-flag-but-protected-by-hsts"
    page.cookies = [Cookie("csrftoken", secure=True, http_only=False, same_site="")]
    assert observatory.cookies(page) == "cookies-anticsrf-without-samesite-flag"
    page.http_route = [("http://example.kz/", 200)]
    assert observatory.redirection(page) == "redirection-missing"
    page.http_route = [("http://example.kz/", 301), ("https://www.example.kz/", 200)]
    assert observatory.redirection(page) == "redirection-off-host-from-http"
