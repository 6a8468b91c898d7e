"""Mozilla's HTTP Observatory (the MDN one, https://developer.mozilla.org/en-US/observatory), its grading
rules written again in Python so that a test can grade our own answers without a public address.

What is graded is the scoring table MDN publishes ("Tests and Score Modifiers", the highest score 145):
Content Security Policy, cookies, CORS, redirection, Referrer-Policy, HSTS, Subresource Integrity,
X-Content-Type-Options, X-Frame-Options and Cross-Origin-Resource-Policy. Every site starts at 100; the
penalties are taken off first, and the bonuses count only when what is left is 90 or more.

Each rule below follows the Observatory's analyzer (mdn/mdn-http-observatory, `src/analyzer/tests/`),
read, not copied, with what cannot be known from a test client said where it is decided:
- HSTS preloading: the Observatory looks the host up in Chromium's preload list. A test host is in no
  list, so it never earns `hsts-preloaded` (+5) here, nor `redirection-all-redirects-preloaded`.
- The certificate is taken to be valid (TLS is the front proxy's job).
- The Observatory grades only answers of status 2xx, 3xx, 401 and 403; `grade` grades any answer, since
  a reader lands on our 404 page too.
(The Observatory's code added Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy to its tests
in August 2026, after the table above; they are not graded here.)
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

BASELINE = 100
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90

MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # Subresource Integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "html-not-parseable": -20,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 5,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
}

# Sources that let anything in, and those that let inline code in.
BROAD_SOURCES = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
INLINE_SOURCES = {"'unsafe-inline'", "data:"}
PASSIVE_DIRECTIVES = ("img-src", "media-src")
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
# A report-uri or report-to given twice is tolerated (with a warning that costs the bonus).
REPEATABLE_DIRECTIVES = {"report-uri", "report-to"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass
class Cookie:
    """A cookie as the Observatory's cookie jar keeps it."""

    name: str
    secure: bool
    http_only: bool
    same_site: str  # "" when the cookie has no SameSite attribute


@dataclass
class Exchange:
    """What the Observatory sees of one address: the answer over HTTPS (headers, cookies, body) and the
    hops of a first request over plain HTTP, as (url, status) pairs, the last one being where it ended."""

    url: str
    headers: dict  # lower-cased names
    cookies: list = field(default_factory=list)
    body: str = ""
    http_route: list = field(default_factory=list)
    cors_origin: str = "https://http-observatory.security.mozilla.org"

    def header(self, name):
        return self.headers.get(name.lower())


@dataclass
class Result:
    """One test's outcome: the Observatory's name for it and its score modifier."""

    test: str
    outcome: str

    @property
    def modifier(self):
        return MODIFIERS[self.outcome]


@dataclass
class Grade:
    score: int
    results: list

    def outcome(self, test):
        return next(result.outcome for result in self.results if result.test == test)

    def breakdown(self):
        """One line per test, as the Observatory lists them: the modifier, the test, its outcome."""
        return "\n".join(f"  {r.modifier:+4d}  {r.test}: {r.outcome}" for r in self.results)


class HeadElements(HTMLParser):
    """The `<script>` elements of a page and its `<meta http-equiv>` values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []
        self.http_equiv = {}

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "meta" and attributes.get("http-equiv"):
            name = attributes["http-equiv"].lower()
            self.http_equiv.setdefault(name, []).append(attributes.get("content", ""))


def page_elements(exchange):
    parser = HeadElements()
    parser.feed(exchange.body)
    parser.close()
    return parser


class InvalidPolicy(ValueError):
    pass


def parse_policy(text):
    """{directive: set of sources} of one policy, as the Observatory reads it.

    A policy shorter than the shortest directive worth the name, or one that repeats a directive (other
    than the reporting ones) is invalid; a `-src` directive without a source means 'none'. Sources are
    compared in lower case, and a source that only lengthens another one of the directive is dropped.
    The key `duplicates` holds the reporting directives given twice.
    """
    text = text.replace("\r", "").replace("\n", "").strip()
    if len(text) < len("img-src") - 1:
        raise InvalidPolicy(text)
    policy = {}
    duplicates = set()
    for entry in text.split(";"):
        words = entry.split()
        if not words:
            continue
        directive, sources = words[0].lower(), [source.lower() for source in words[1:]]
        if directive in policy:
            if directive not in REPEATABLE_DIRECTIVES:
                raise InvalidPolicy(f"{directive} is repeated")
            duplicates.add(directive)
            continue
        if not sources and directive.endswith("-src"):
            sources = ["'none'"]
        kept = []
        for source in sorted(sources):
            if not (kept and source.startswith(kept[-1])):
                kept.append(source)
        policy[directive] = set(kept) or {"'none'"}
    if duplicates:
        policy["duplicates"] = duplicates
    return policy


def content_security_policy(exchange):
    """The CSP test, and the parsed policy (None when there is none), which X-Frame-Options reads too."""
    header = exchange.header("Content-Security-Policy")
    meta = page_elements(exchange).http_equiv.get("content-security-policy", [])
    texts = ([header] if header else []) + meta
    if not texts:
        if exchange.header("Content-Security-Policy-Report-Only"):
            return "csp-not-implemented-but-reporting-enabled", None
        return "csp-not-implemented", None
    if len(texts) > 1 or "," in texts[0]:
        # Several policies are combined source by source; our answers never send more than one.
        raise NotImplementedError("several policies: grade them with the Observatory itself")
    try:
        policy = parse_policy(texts[0])
    except InvalidPolicy:
        return "csp-header-invalid", None
    if not header:
        for directive in ("frame-ancestors", "report-uri", "sandbox"):
            policy.pop(directive, None)

    def fetch_sources(directive):
        return set(policy.get(directive) or policy.get("default-src") or {"*"})

    script_src, style_src = fetch_sources("script-src"), fetch_sources("style-src")
    object_src = fetch_sources("object-src")
    for sources in (script_src, style_src):
        if any(source.startswith(NONCE_OR_HASH) for source in sources):
            sources.discard("'unsafe-inline'")
    outcome = None
    if "'strict-dynamic'" in script_src:
        if any(source.startswith(NONCE_OR_HASH) for source in script_src):
            script_src = {
                source
                for source in script_src
                if source not in ("'self'", "'unsafe-inline'") and not source.startswith(tuple(BROAD_SOURCES))
            }
        else:
            outcome = "csp-header-invalid"
    active = [
        source
        for directive, sources in policy.items()
        if directive not in PASSIVE_DIRECTIVES + ("script-src", "duplicates")
        for source in sources
    ] + list(script_src)
    passive = [source for directive in PASSIVE_DIRECTIVES for source in passive_sources(policy, directive)]
    https = exchange.url.startswith("https:")
    insecure_active = https and any(map(insecure, active))
    insecure_passive = https and any(map(insecure, passive))
    unsafe = BROAD_SOURCES | INLINE_SOURCES
    # In the Observatory's order: the first that applies is the outcome.
    checks = [
        ("csp-implemented-with-unsafe-inline", script_src & unsafe or object_src & BROAD_SOURCES),
        ("csp-implemented-with-insecure-scheme", insecure_active),
        ("csp-implemented-with-unsafe-eval", "'unsafe-eval'" in script_src | style_src),
        ("csp-implemented-with-insecure-scheme-in-passive-content-only", insecure_passive),
        ("csp-implemented-with-unsafe-inline-in-style-src-only", style_src & unsafe),
        ("csp-implemented-with-no-unsafe-default-src-none", policy.get("default-src") == {"'none'"}),
        ("csp-implemented-with-no-unsafe", True),
    ]
    for name, failed in checks:
        if outcome is None and failed:
            outcome = name
    passing = (
        "csp-implemented-with-no-unsafe",
        "csp-implemented-with-no-unsafe-default-src-none",
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
    )
    if outcome in passing and "duplicates" in policy:
        outcome = "csp-implemented-but-duplicate-directives"
    return outcome, policy


def passive_sources(policy, directive):
    return policy.get(directive) or policy.get("default-src") or ()


def insecure(source):
    return source.startswith(("http:", "ftp:"))


def strict_transport_security(exchange):
    """HSTS read from the HTTPS answer; a host is never taken to be preloaded (see the module docstring)."""
    header = exchange.header("Strict-Transport-Security")
    if not exchange.url.startswith("https:"):
        return "hsts-not-implemented-no-https"
    if not header:
        return "hsts-not-implemented"
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (part.strip().lower() for part in header[:1024].split(";")):
        if parameter.startswith("max-age="):
            digits = parameter[len("max-age=") :][:120].strip().strip('"')
            max_age = int(digits) if digits.isdigit() else None
    if max_age is None:
        return "hsts-header-invalid"
    # Six months, as the Observatory counts them (15,552,000 s is what many sites send).
    if max_age >= 15_552_000:
        return "hsts-implemented-max-age-at-least-six-months"
    return "hsts-implemented-max-age-less-than-six-months"


def worse(current, new, order):
    """The worse of two outcomes, `order` running from the best to the worst."""
    if current is None or order.index(new) > order.index(current):
        return new
    return current


COOKIE_ORDER = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def cookies(exchange):
    if not exchange.cookies:
        return "cookies-not-found"
    hsts = strict_transport_security(exchange) in (
        "hsts-implemented-max-age-at-least-six-months",
        "hsts-preloaded",
    )
    outcome = None
    for cookie in exchange.cookies:
        name = cookie.name.lower()
        session = "login" in name or "sess" in name
        same_site = cookie.same_site.lower()
        if same_site and same_site not in ("lax", "strict", "none"):
            outcome = worse(outcome, "cookies-samesite-flag-invalid", COOKIE_ORDER)
        if not cookie.secure and same_site == "none":
            outcome = worse(outcome, "cookies-samesite-flag-invalid", COOKIE_ORDER)
        if not cookie.secure:
            flag = "cookies-without-secure-flag" + ("-but-protected-by-hsts" if hsts else "")
            outcome = worse(outcome, flag, COOKIE_ORDER)
        if "csrf" in name and not same_site:
            outcome = worse(outcome, "cookies-anticsrf-without-samesite-flag", COOKIE_ORDER)
        if session and not cookie.secure:
            flag = "cookies-session-without-secure-flag" + ("-but-protected-by-hsts" if hsts else "")
            outcome = worse(outcome, flag, COOKIE_ORDER)
        if session and not cookie.http_only:
            outcome = worse(outcome, "cookies-session-without-httponly-flag", COOKIE_ORDER)
    if outcome:
        return outcome
    if all(cookie.same_site for cookie in exchange.cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite"
    return "cookies-secure-with-httponly-sessions"


def cross_origin_resource_sharing(exchange):
    allowed = exchange.header("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented"
    allowed = allowed[:256].strip().lower()
    if allowed == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = (exchange.header("Access-Control-Allow-Credentials") or "").strip().lower()
    if allowed == exchange.cors_origin and credentials == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection(exchange):
    """Where a first request over plain HTTP led (no host of ours is preloaded, see the module docstring)."""
    route = [urlsplit(url) for url, _status in exchange.http_route]
    if not route:
        return "redirection-not-needed-no-http"
    if len(route) == 1:
        return "redirection-missing"
    if route[-1].scheme != "https":
        return "redirection-not-to-https"
    if route[1].scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if route[0].scheme == "http" and route[1].scheme == "https" and route[0].hostname != route[1].hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


REFERRER_PRIVATE = ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
REFERRER_UNSAFE = ("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade")


def referrer_policy(exchange):
    header = exchange.header("Referrer-Policy")
    values = ([header] if header else []) + page_elements(exchange).http_equiv.get("referrer-policy", [])
    if not values:
        return "referrer-policy-not-implemented"
    known = [
        token.strip().lower()
        for token in ", ".join(values).split(",")
        if token.strip().lower() in REFERRER_PRIVATE + REFERRER_UNSAFE
    ]
    if not known:
        return "referrer-policy-header-invalid"
    # The last valid value wins, as in a browser.
    return "referrer-policy-private" if known[-1] in REFERRER_PRIVATE else "referrer-policy-unsafe"


def registrable_domain(host):
    """The host's last two labels: enough to tell our own host from another (no public suffix list)."""
    return ".".join((host or "").split(".")[-2:])


SRI_ORDER = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
]


def subresource_integrity(exchange):
    """SRI on `<script src>` (the Observatory reads scripts only): same-origin scripts with integrity over
    HTTPS earn the bonus, as long as no foreign script goes without."""
    media_type = (exchange.header("Content-Type") or "").split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return "sri-not-implemented-response-not-html"
    scripts = page_elements(exchange).scripts
    page = urlsplit(exchange.url)
    outcome = None
    foreign = False
    for script in scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = bool(script.get("integrity"))
        if src.startswith("//") and not src.startswith("///"):
            relative, protocol_relative, same_domain = False, True, True
        elif src.startswith(("http://", "https://")):
            relative, protocol_relative = False, False
            same_domain = registrable_domain(urlsplit(src).hostname) == registrable_domain(page.hostname)
        else:
            relative, protocol_relative, same_domain = True, False, True
        secure_scheme = (not relative and not protocol_relative and src.startswith("https://")) or (
            relative and page.scheme == "https"
        )
        if relative or (same_domain and not protocol_relative):
            if integrity and secure_scheme and outcome is None:
                outcome = "sri-implemented-and-all-scripts-loaded-securely"
            continue
        foreign = True
        if integrity and not secure_scheme:
            found = "sri-implemented-but-external-scripts-not-loaded-securely"
        elif not integrity and secure_scheme:
            found = "sri-not-implemented-but-external-scripts-loaded-securely"
        elif not integrity:
            found = "sri-not-implemented-and-external-scripts-not-loaded-securely"
        else:
            continue
        outcome = worse(outcome, found, SRI_ORDER)
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    if outcome:
        return outcome
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def x_content_type_options(exchange):
    header = exchange.header("X-Content-Type-Options")
    if not header:
        return "x-content-type-options-not-implemented"
    return (
        "x-content-type-options-nosniff"
        if header[:256].strip().lower() == "nosniff"
        else "x-content-type-options-header-invalid"
    )


def x_frame_options(exchange, policy):
    """X-Frame-Options, or what takes its place: a CSP header with frame-ancestors."""
    if policy and "frame-ancestors" in policy:
        return "x-frame-options-implemented-via-csp"
    header = (exchange.header("X-Frame-Options") or "")[:1024].strip().lower()
    if not header:
        return "x-frame-options-not-implemented"
    if header in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny"
    if header.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def cross_origin_resource_policy(exchange):
    header = (exchange.header("Cross-Origin-Resource-Policy") or "")[:256].strip().lower()
    if not header:
        return "corp-not-implemented"
    return {
        "same-origin": "corp-implemented-with-same-origin",
        "same-site": "corp-implemented-with-same-site",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(header, "corp-header-invalid")


def grade(exchange):
    """The Observatory's score of one address, with each test's outcome."""
    csp_outcome, policy = content_security_policy(exchange)
    results = [
        Result("content-security-policy", csp_outcome),
        Result("cookies", cookies(exchange)),
        Result("cross-origin-resource-sharing", cross_origin_resource_sharing(exchange)),
        Result("redirection", redirection(exchange)),
        Result("referrer-policy", referrer_policy(exchange)),
        Result("strict-transport-security", strict_transport_security(exchange)),
        Result("subresource-integrity", subresource_integrity(exchange)),
        Result("x-content-type-options", x_content_type_options(exchange)),
        Result("x-frame-options", x_frame_options(exchange, policy)),
        Result("cross-origin-resource-policy", cross_origin_resource_policy(exchange)),
    ]
    penalties = sum(result.modifier for result in results if result.modifier < 0)
    bonuses = sum(result.modifier for result in results if result.modifier > 0)
    score = BASELINE + penalties
    if score >= MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        score += bonuses
    return Grade(max(score, 0), results)
